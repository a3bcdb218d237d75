"""``chainops benchmarks …`` on a private copy of the demo city: the bearing chain's gap list as
JSON with the README's keys, a figure set and replaced by the working group, a refusal that
names the field without a traceback, and a gap made a task once."""

import json
from pathlib import Path

from typer.testing import CliRunner, Result

from chainops.cli import app
from services.benchmarks import GAP_KEYS, PEER_KEYS, VALUE_KEYS

TEAM = "guo.jiaqi@example.gov.cn"
LEADER = "li.zhenhua@example.gov.cn"
PEER = "瓦房店轴承产业集群"


def run(*args: str) -> Result:
    return CliRunner().invoke(app, list(args), catch_exceptions=False)


def test_the_gap_list_comes_out_as_json_furthest_behind_first(on_demo: Path) -> None:
    listed = run(
        "benchmarks", "gaps", "--chain", "BEARING", "--year", "2025", "--json", "--by", LEADER
    )
    assert listed.exit_code == 0, listed.output
    gaps = json.loads(listed.output)
    assert all(tuple(g) == GAP_KEYS for g in gaps)
    assert {g["peer"] for g in gaps} == {PEER}
    shortfalls = [g["difference"] / g["theirs"] for g in gaps if g["direction"] == "higher"]
    assert shortfalls == sorted(shortfalls, reverse=True)
    assert "output_growth" not in {g["indicator"] for g in gaps}  # we grow faster
    output = next(g for g in gaps if g["indicator"] == "chain_output")
    assert output["task_id"] is not None  # the replay made it
    peers = json.loads(run("benchmarks", "peers", "list", "--json").output)
    assert [tuple(p) for p in peers] == [PEER_KEYS, PEER_KEYS]


def test_the_working_group_sets_and_replaces_a_figure(on_demo: Path) -> None:
    args = [
        "benchmarks",
        "values",
        "set",
        "--indicator",
        "rd_intensity",
        "--chain",
        "BEARING",
        "--year",
        "2026",
        "--source",
        "专班调查",
        "--by",
        TEAM,
    ]
    first = run(*args, "--value", "2.3", "--json")
    assert first.exit_code == 0, first.output
    assert json.loads(first.output)["replaced"] is None
    second = run(*args, "--value", "2.4")
    assert second.exit_code == 0 and "(was 2.3)" in second.output
    listed = json.loads(
        run("benchmarks", "values", "list", "--chain", "BEARING", "--year", "2026", "--json").output
    )
    assert [(v["indicator"], v["value"], v["entered_by"]) for v in listed] == [
        ("rd_intensity", 2.4, TEAM)
    ]
    assert tuple(listed[0]) == VALUE_KEYS


def test_a_bad_figure_names_the_field_and_a_leader_enters_nothing(on_demo: Path) -> None:
    bad = run(
        "benchmarks",
        "values",
        "set",
        "--indicator",
        "rd_intensity",
        "--year",
        "2025",
        "--value",
        "lots",
        "--source",
        "x",
        "--chain",
        "BEARING",
        "--by",
        TEAM,
    )
    assert bad.exit_code == 1 and "value: 'lots' is not a number" in bad.output
    city = run(
        "benchmarks",
        "values",
        "set",
        "--indicator",
        "rd_intensity",
        "--year",
        "2025",
        "--value",
        "2",
        "--source",
        "x",
        "--by",
        TEAM,
    )
    assert city.exit_code == 1 and "only the office" in city.output
    leader = run(
        "benchmarks",
        "values",
        "set",
        "--indicator",
        "rd_intensity",
        "--year",
        "2025",
        "--value",
        "2",
        "--source",
        "x",
        "--chain",
        "BEARING",
        "--by",
        LEADER,
    )
    assert leader.exit_code == 1 and "working group" in leader.output


def test_a_gap_becomes_a_task_once(on_demo: Path) -> None:
    args = [
        "benchmarks",
        "gap-task",
        "--indicator",
        "rd_intensity",
        "--chain",
        "BEARING",
        "--peer",
        PEER,
        "--year",
        "2025",
        "--by",
        TEAM,
    ]
    made = run(*args, "--json")
    assert made.exit_code == 0, made.output
    task = json.loads(made.output)
    assert task["made"] and task["title"] == "对标瓦房店轴承产业集群补齐研发投入强度差距"
    again = run(*args)
    assert again.exit_code == 0 and f"task {task['task_id']}" in again.output
    assert "already" in again.output
    no_gap = run(
        "benchmarks",
        "gap-task",
        "--indicator",
        "output_growth",
        "--chain",
        "BEARING",
        "--peer",
        PEER,
        "--year",
        "2025",
        "--by",
        TEAM,
    )
    assert no_gap.exit_code == 1 and "no gap" in no_gap.output
