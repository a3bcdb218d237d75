"""``chainops benchmarks gap-target`` on a private copy of the demo city: a gap made an
investment target once (JSON with the README's keys), then listed among the chain's targets;
a node off the map and a leader are clean errors (exit 1, no traceback), nothing kept."""

import json
from pathlib import Path

from typer.testing import CliRunner, Result

from chainops.cli import app

TEAM = "guo.jiaqi@example.gov.cn"
LEADER = "li.zhenhua@example.gov.cn"
PEER = "瓦房店轴承产业集群"
COMPANY = "示范特钢高端轴承钢有限公司"


def run(*args: str) -> Result:
    return CliRunner().invoke(app, list(args), catch_exceptions=False)


def _gap_target(*extra: str, by: str = TEAM) -> Result:
    return run(
        "benchmarks",
        "gap-target",
        "--indicator",
        "tax_per_mu",
        "--chain",
        "BEARING",
        "--peer",
        PEER,
        "--year",
        "2025",
        "--by",
        by,
        *extra,
    )


def _targets() -> list[dict[str, object]]:
    listed = run("investment", "targets", "list", "--chain", "BEARING", "--json")
    assert listed.exit_code == 0, listed.output
    rows: list[dict[str, object]] = json.loads(listed.output)
    return rows


def test_a_gap_becomes_a_target_once(on_demo: Path) -> None:
    before = len(_targets())
    made = _gap_target("--company", COMPANY, "--node", "轴承钢", "--json")
    assert made.exit_code == 0, made.output
    row = json.loads(made.output)
    assert tuple(row) == ("target_id", "company", "node", "made")
    assert (row["company"], row["node"], row["made"]) == (COMPANY, "轴承钢", True)
    again = _gap_target("--company", "另一家公司")
    assert again.exit_code == 0, again.output
    assert f"target {row['target_id']}" in again.output and "already" in again.output
    targets = _targets()
    assert len(targets) == before + 1
    listed = next(t for t in targets if t["id"] == row["target_id"])
    assert (listed["company"], listed["node"], listed["source"]) == (COMPANY, "轴承钢", "chain_map")


def test_a_refused_target_is_a_clean_error_and_keeps_nothing(on_demo: Path) -> None:
    before = len(_targets())
    off_map = _gap_target("--company", COMPANY, "--node", "不存在的环节")
    assert off_map.exit_code == 1
    assert "map node: the BEARING chain's map has no node" in off_map.output
    assert "Traceback" not in off_map.output
    blank = _gap_target("--company", " ")
    assert blank.exit_code == 1 and "company: required" in blank.output
    leader = _gap_target("--company", COMPANY, by=LEADER)
    assert leader.exit_code == 1 and "working group" in leader.output
    assert len(_targets()) == before
