"""``chainops requests …`` and ``chainops projects block`` on a private copy of the demo city.

The demo's 22 requests were imported on 2026-11-02 (states submitted, accepted, in progress,
confirmed) and no request check has run on them yet.
"""

import json
import re
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from typer.testing import CliRunner, Result

from chainops.cli import app
from chainops.settings import get_settings

HENGTAI = "wang.haitao@hengtai-nm.example.com"  # contact of 9137152131646133XF (YS2026-001)
HUASHENG = "liu.qinghua@huasheng-chem.example.com"  # contact of 91371500914723298G (YS2026-002)
ZRJ_OFFICER = "liang.xiaoyan@example.gov.cn"  # 自然资源和规划局 handles land


def run(*args: str) -> Result:
    return CliRunner().invoke(app, list(args), catch_exceptions=False)


def listed(*args: str) -> dict[str, dict[str, Any]]:
    result = run("requests", "list", "--json", *args)
    assert result.exit_code == 0, result.stderr
    return {row["code"]: row for row in json.loads(result.stdout)}


def count(path: Path, table: str) -> int:
    engine = sa.create_engine(f"sqlite:///{path}")
    with engine.connect() as connection:
        value = connection.exec_driver_sql(f"SELECT count(*) FROM {table}").scalar_one()
    engine.dispose()
    return int(value)


def test_requests_list_json_gives_each_request_its_light_and_the_reason(on_demo: Path) -> None:
    rows = listed("--as-of", "2026-11-27")

    assert len(rows) == 23  # 22, and the land request a problem of the November tour became
    for row in rows.values():
        assert row["light"] in ("green", "yellow", "red")
        assert row["light_reason"] and row["reasons"], row["code"]
    assert (rows["YS2026-003"]["light"], rows["YS2026-003"]["light_reason"]) == (
        "red",
        "acknowledgement overdue since 2026-11-03 (18 working day(s))",
    )
    assert (rows["YS2026-011"]["light"], rows["YS2026-011"]["light_reason"]) == (
        "yellow",
        "closure due 2026-11-30 (1 working day(s) left)",
    )
    assert (rows["YS2026-008"]["light"], rows["YS2026-008"]["reasons"]) == ("green", ["closed"])
    hchem = listed("--as-of", "2026-11-27", "--chain", "HCHEM", "--state", "办理中")
    assert list(hchem) == ["YS2026-001", "YS2026-002"]  # both started in the demo's replay


def test_a_firm_submits_for_its_own_project_and_the_handling_department_answers(
    on_demo: Path,
) -> None:
    needed_by = (date.today() + timedelta(days=200)).isoformat()  # this runs on today's clock
    submitted = run(
        "requests", "submit", "--chain", "HCHEM", "--credit-code", "9137152131646133XF",
        "--project", "LC2026-HCHEM-02", "--factor", "用地", "--quantity", "35", "--unit", "亩",
        "--needed-by", needed_by, "--description", "三期仓储用地", "--by", HENGTAI,
    )  # fmt: skip
    assert submitted.exit_code == 0, submitted.stderr
    said = re.match(r"(YS\d{4}-\d{3}): 已提交 \(submitted\), handled by ZRJ", submitted.stdout)
    assert said, submitted.stdout
    code = said[1]  # YS2026-023 in 2026, the demo's year
    assert list(listed("--by", HENGTAI)) == ["YS2026-001", code]

    steps = [
        ("accept", ZRJ_OFFICER),
        ("start", ZRJ_OFFICER, "--reply", "纳入园区扩区统筹"),
        ("resolve", ZRJ_OFFICER, "--reply", "指标已下达"),
        ("confirm", HENGTAI, "--satisfaction", "5"),
    ]
    for action, by, *more in steps:
        moved = run("requests", "update", code, "--action", action, "--by", by, *more)
        assert moved.exit_code == 0, moved.stderr
    shown = run("requests", "show", code, "--json", "--by", HENGTAI)

    detail = json.loads(shown.stdout)
    assert (detail["state"], detail["satisfaction"], detail["reply"]) == (
        "confirmed",
        5,
        "指标已下达",
    )
    assert [h["action"] for h in detail["history"]] == [
        "submit", "accept", "start", "resolve", "confirm"
    ]  # fmt: skip
    assert "confirmed by the requester" in run("requests", "show", code).stdout


def test_a_firm_cannot_see_or_touch_another_firms_request(on_demo: Path) -> None:
    events = count(on_demo, "audit_event")

    shown = run("requests", "show", "YS2026-002", "--by", HENGTAI)
    touched = run("requests", "update", "YS2026-002", "--action", "reopen", "--reason", "x",
                  "--by", HENGTAI)  # fmt: skip
    for_another = run(
        "requests", "submit", "--chain", "HCHEM", "--credit-code", "91371500914723298G",
        "--factor", "land", "--quantity", "1", "--unit", "亩", "--needed-by", "2027-06-30",
        "--description", "x", "--by", HENGTAI,
    )  # fmt: skip
    blocked = run(
        "projects", "block", "LC2026-HCHEM-01", "--request", "YS2026-001", "--by", HENGTAI
    )

    for result in (shown, touched):
        assert result.exit_code == 1
        assert "YS2026-002 is another enterprise's" in result.stderr
    assert for_another.exit_code == 1
    assert "an enterprise may submit requests for itself only" in for_another.stderr
    assert blocked.exit_code == 1
    assert "only the project's enterprise" in blocked.stderr
    assert "YS2026-002" not in listed("--by", HENGTAI)
    assert count(on_demo, "audit_event") == events


def test_a_move_without_its_input_names_the_option_that_gives_it(on_demo: Path) -> None:
    events = count(on_demo, "audit_event")

    result = run("requests", "update", "YS2026-001", "--action", "resolve", "--by", ZRJ_OFFICER)

    assert result.exit_code == 1
    assert "resolve: give a reply (--reply)" in result.stderr
    assert count(on_demo, "audit_event") == events


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["--factor", "gold"], 1, "factor type: unknown 'gold'; choose one of: 用地 (land)"),
        (["--quantity", "-3"], 1, "quantity: must be more than zero, not -3"),
        (["--needed-by", "2025-12-31"], 1, "is before project LC2026-HCHEM-02 began (2026)"),
        (["--needed-by", "2027-02-30"], 2, "--needed-by: '2027-02-30' is not a date"),
        (["--by", "nobody@example.com"], 1, "no person or enterprise contact"),
    ],
)
def test_a_bad_submission_is_a_clear_error_and_changes_nothing(
    on_demo: Path, args: list[str], code: int, message: str
) -> None:
    good = {
        "--chain": "HCHEM", "--credit-code": "9137152131646133XF", "--project": "LC2026-HCHEM-02",
        "--factor": "land", "--quantity": "10", "--unit": "亩", "--needed-by": "2027-06-30",
        "--description": "用地", "--by": HENGTAI,
    }  # fmt: skip
    good.update(dict(zip(args[::2], args[1::2], strict=True)))
    before = count(on_demo, "factor_request")

    result = run("requests", "submit", *[part for pair in good.items() for part in pair])

    assert result.exit_code == code
    assert message in result.stderr
    assert count(on_demo, "factor_request") == before


def test_the_check_escalates_each_demo_request_once_and_rests_on_holidays(on_demo: Path) -> None:
    # The demo's replay checked requests every working day up to 2026-12-01; go on from there.
    first = json.loads(run("requests", "check", "--as-of", "2026-12-02T08:45", "--json").stdout)
    again = json.loads(run("requests", "check", "--as-of", "2026-12-02T08:45", "--json").stdout)
    holiday = run("requests", "check", "--as-of", "2026-10-01T08:45")

    assert first["notices"] > 0
    assert (again["examined"], again["notices"]) == (0, 0)
    assert holiday.stdout.strip() == "2026-10-01 is not a working day: nothing to do"
    notices = json.loads(run("notices", "list", "--json").stdout)
    to_zrj = [n for n in notices if n["subject"] == "factor_request 1"]
    assert to_zrj
    assert {r["email"] for r in to_zrj[-1]["recipients"]} == {"zrj@lc.example.gov.cn"}


def test_a_blocked_project_raises_its_requests_urgency(on_demo: Path) -> None:
    blocked = run(
        "projects", "block", "LC2026-HCHEM-02", "--request", "YS2026-001", "--by", HENGTAI
    )

    assert blocked.exit_code == 0, blocked.stderr
    assert blocked.stdout.startswith("project LC2026-HCHEM-02: waits on YS2026-001 since")
    row = listed("--as-of", "2026-11-27")["YS2026-001"]
    assert row["blocks"] == ["project LC2026-HCHEM-02"]
    assert row["reasons"] == ["due_soon", "blocks_work"]  # in progress since the replay
    assert row["light_reason"].endswith("; blocks project LC2026-HCHEM-02")


def test_a_missing_factors_file_is_a_settings_error(
    on_demo: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("CHAINOPS_FACTORS_FILE", str(tmp_path / "nope.yaml"))
    get_settings.cache_clear()

    result = run("requests", "list")

    assert result.exit_code == 2
    assert "no such factors file (CHAINOPS_FACTORS_FILE)" in result.stderr


def test_blocking_a_task_names_the_factor_request(on_demo: Path) -> None:
    refused = CliRunner().invoke(
        app, ["tasks", "block", "32", "--reason", "等待用地", "--by", ZRJ_OFFICER]
    )

    assert refused.exit_code == 2
    assert "--request" in refused.output
