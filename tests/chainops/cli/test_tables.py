"""The CLI's tables speak the city's language like the pages (CHAINOPS_LOCALE): in Chinese
their titles, headers, states and lights are Chinese; in English they are the JSON's keys and
codes; and ``--json`` is the same in both, English keys and codes (a contract with scripts)."""

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from chainops.cli import app
from chainops.settings import get_settings

TASK = "推进真空热处理共享中心建设"  # BEARING, overdue since 13 November: red


def run(*args: str) -> Result:
    result = CliRunner().invoke(app, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    return result


@pytest.fixture
def speaking(on_demo: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[pytest.MonkeyPatch]:
    """Switch the demo copy's language with ``speaking.setenv("CHAINOPS_LOCALE", …)``."""
    yield monkeypatch
    get_settings.cache_clear()


def in_locale(monkeypatch: pytest.MonkeyPatch, locale: str, *args: str) -> str:
    monkeypatch.setenv("CHAINOPS_LOCALE", locale)
    get_settings.cache_clear()
    return run(*args).stdout


def the_line(table: str, text: str) -> str:
    return next(line for line in table.splitlines() if text in line)


def test_the_task_table_is_chinese_in_chinese_and_english_in_english(
    speaking: pytest.MonkeyPatch,
) -> None:
    chinese = in_locale(speaking, "zh-CN", "tasks", "list", "--chain", "BEARING")
    english = in_locale(speaking, "en", "tasks", "list", "--chain", "BEARING")

    assert chinese.startswith("督办事项")
    for header in ("编号", "事项", "责任人", "完成时限", "状态", "灯", "逾期"):
        assert header in chinese
    assert "due_date" not in chinese
    row = the_line(chinese, TASK)
    assert "办理中" in row and "红灯" in row and "in_progress" not in row
    assert "已销号" in chinese and "signed_off" not in chinese

    assert english.startswith("Tasks")
    assert "due_date" in english and "完成时限" not in english
    row = the_line(english, TASK)
    assert "in_progress" in row and "red" in row and "红灯" not in row


def test_json_keeps_its_english_keys_and_codes_in_either_language(
    speaking: pytest.MonkeyPatch,
) -> None:
    tasks = {
        locale: json.loads(in_locale(speaking, locale, "tasks", "list", "--json"))
        for locale in ("zh-CN", "en")
    }
    requests = {
        locale: json.loads(in_locale(speaking, locale, "requests", "list", "--json"))
        for locale in ("zh-CN", "en")
    }

    assert tasks["zh-CN"] == tasks["en"]
    task = next(t for t in tasks["zh-CN"] if t["title"] == TASK)
    assert (task["state"], task["light"], task["overdue"]) == ("in_progress", "red", True)
    codes = ("code", "state", "light", "factor_type", "stage_due")
    for chinese, english in zip(requests["zh-CN"], requests["en"], strict=True):
        assert chinese.keys() == english.keys()
        assert [chinese[k] for k in codes] == [english[k] for k in codes]
    assert "已提交" not in json.dumps(requests["zh-CN"], ensure_ascii=False)  # codes, not labels


def test_request_and_notice_tables_say_states_kinds_and_reasons_in_chinese(
    speaking: pytest.MonkeyPatch,
) -> None:
    requests = in_locale(speaking, "zh-CN", "requests", "list", "--chain", "HCHEM")
    notices = in_locale(speaking, "zh-CN", "notices", "list", "--kind", "supervision")
    shown = in_locale(speaking, "zh-CN", "requests", "show", "YS2026-001")

    assert requests.startswith("要素保障诉求")
    assert "用地" in the_line(requests, "YS2026-001") and "办理中" in the_line(
        requests, "YS2026-001"
    )
    assert "已提交" in the_line(requests, "YS2026-003")
    supervision = the_line(notices, TASK)
    assert "督办通知单" in supervision and "逾期" in supervision and "overdue" not in supervision
    assert "受理" in the_line(shown, "luo.bin@example.gov.cn")  # the history's actions
    assert "办结今日到期" in shown  # the notices' reasons
