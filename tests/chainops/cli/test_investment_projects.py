"""``chainops investment projects …`` on a private copy of the demo city: the working group
adds, signs, files and lists a project as JSON; a refusal is a clear error without a
traceback; a firm sees none of the chain's pipeline."""

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from chainops.cli import app
from chainops.settings import get_settings

TEAM = "guo.jiaqi@example.gov.cn"
FIRM = "liu.qinghua@huasheng-chem.example.com"


@pytest.fixture(autouse=True)
def on_the_demo_day(on_demo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The demo's day, so the dates below are in the past whenever the tests run."""
    monkeypatch.setenv("CHAINOPS_CLOCK", "2026-12-01T09:00")
    get_settings.cache_clear()


def run(*args: str) -> Result:
    return CliRunner().invoke(app, list(args), catch_exceptions=False)


def test_the_working_group_runs_a_project_from_the_command_line(on_demo: Path) -> None:
    made = run(
        "investment", "projects", "add", "--chain", "BEARING", "--name", "检测认证中心",
        "--investor", "示范检测集团", "--node", "轴承检测认证", "--planned", "8000",
        "--by", TEAM, "--json",
    )  # fmt: skip
    assert made.exit_code == 0, made.output
    row = json.loads(made.output)[0]
    assert row["code"].startswith("ZS") and row["size_band"] == "under_1"
    pid = str(row["id"])
    signed = run(
        "investment", "projects", "sign", pid, "--kind", "first", "--amount", "9000",
        "--on", "2026-11-02", "--by", TEAM, "--json",
    )  # fmt: skip
    assert signed.exit_code == 0, signed.output
    shown = json.loads(signed.output)[0]
    assert shown["stage"] == "signed" and shown["filing_task"]["due"] == "2026-11-09"
    filed = run("investment", "projects", "file", pid, "--on", "2026-11-05", "--by", TEAM)
    assert filed.exit_code == 0, filed.output
    listed = run("investment", "projects", "list", "--chain", "BEARING", "--not-started", "--json")
    assert pid in {str(r["id"]) for r in json.loads(listed.output)}


def test_a_refusal_is_a_clear_error(on_demo: Path) -> None:
    refused = run("investment", "projects", "move", "999999", "--to", "started", "--by", TEAM)
    assert refused.exit_code == 1 and "no investment project #999999" in refused.output
    bad = run(
        "investment", "projects", "add", "--chain", "BEARING", "--name", "X", "--investor", "Y",
        "--rank", "best", "--by", TEAM,
    )  # fmt: skip
    assert bad.exit_code == 1 and "rank: unknown investor rank 'best'" in bad.output


def test_a_firm_sees_nothing_of_the_chains_pipeline(on_demo: Path) -> None:
    run(
        "investment", "projects", "add", "--chain", "BEARING", "--name", "别家项目",
        "--investor", "别家", "--by", TEAM,
    )  # fmt: skip
    listed = run("investment", "projects", "list", "--by", FIRM, "--json")
    assert listed.exit_code == 0 and json.loads(listed.output) == []
