"""``chainops enterprises …`` on the demo city: list with --json, add and move a title, the
leader's approval, the library, the reminder step — and refusals as clear errors."""

import json
from pathlib import Path

from typer.testing import CliRunner

from chainops.cli import app

OFFICE = "gao.wenbo@example.gov.cn"
LEADER = "li.zhenhua@example.gov.cn"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_designations_list_add_move_and_the_library(on_demo: Path) -> None:
    code, out, _ = run("enterprises", "designations", "list", "--kind", "little_giant", "--json")
    assert code == 0
    rows = json.loads(out)
    assert len(rows) == 6 and all(r["counts"] for r in rows)

    code, out, err = run(
        "enterprises", "designations", "add", "91371502322740568N", "zjtx_provincial",
        "--recognized-on", "2026-11-20", "--doc-no", "鲁工信企〔2026〕99号", "--by", OFFICE,
    )  # fmt: skip
    assert code == 0, err
    assert "valid until 2029-11-20" in out
    title = out.split(":")[0].removeprefix("designation ")
    _, out, _ = run("enterprises", "library", "list", "--all", "--json")
    promoted = [c for c in json.loads(out) if c["credit_code"] == "91371502322740568N"]
    assert promoted[0]["exit_reason"] == "promoted"

    code, _, err = run("enterprises", "designations", "move", title, "renewed", "--by", OFFICE)
    assert code == 1 and "cannot become renewed" in err
    code, _, err = run("enterprises", "designations", "add", "X", "nope", "--by", OFFICE)
    assert code == 1 and "no enterprise" in err


def test_the_leader_approves_a_proposal_and_the_office_may_not(on_demo: Path) -> None:
    _, out, _ = run("enterprises", "designations", "list", "--status", "candidate", "--json")
    waiting = json.loads(out)
    assert [(r["kind"], r["chain"]) for r in waiting] == [("chain_master", "AUTO")]
    code, _, err = run("enterprises", "approve", str(waiting[0]["id"]), "--by", OFFICE)
    assert code == 1 and "only the chain's leader" in err


def test_remind_makes_nothing_twice(on_demo: Path) -> None:
    code, out, _ = run("enterprises", "remind", "--as-of", "2026-12-01T08:30", "--json")
    assert code == 0 and json.loads(out)["tasks"] == 0  # the day loop made them already
