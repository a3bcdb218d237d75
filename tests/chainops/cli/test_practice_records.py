"""``chainops practices …`` on a private copy of the demo city: the working group
files a tour's record with two problems, turns one into a task and the other into a factor
request, and ``show`` links both; refusals name the field and exit 1 without a traceback."""

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from chainops import wiring
from chainops.cli import app
from models.db import session_scope
from tests.services.practices.fixture import add_period

TEAM = "guo.jiaqi@example.gov.cn"
LEADER = "li.zhenhua@example.gov.cn"
FIRM = "91371581MAKR8JKM7M"  # a specialised SME on the bearing chain's lists


def run(*args: str) -> Result:
    return CliRunner().invoke(app, list(args), catch_exceptions=False)


@pytest.fixture
def tour(on_demo: Path) -> int:
    """The bearing chain's tour period holding today, with its task."""
    with session_scope(wiring.engine()) as session:
        period = add_period(
            session,
            chain_code="BEARING",
            owner_email=LEADER,
            lead_department="GXJ",
            now=wiring.now(),
            rules=wiring.engine_rules(),
        )
        return period.id or 0


def _record(tour: int, *more: str) -> Result:
    today = wiring.today().isoformat()
    return run(
        "practices", "record", "--period", str(tour), "--held-on", today,
        "--participants", "李振华（链长）、郭佳琪", "--places", "示范万通轴承集团有限公司",
        "--problem", "二期项目用地指标不足", "--problem", "高端轴承钢依赖外购",
        "--by", TEAM, "--json", *more,
    )  # fmt: skip


def test_a_record_and_its_problems_turned_into_work_from_the_command_line(tour: int) -> None:
    filed = _record(tour)
    assert filed.exit_code == 0, filed.output
    view = json.loads(filed.output)
    assert set(view) == {"chain", "period", "record", "problems"}
    first, second = (p["id"] for p in view["problems"])
    task = run(
        "practices", "problem-task", "--problem", str(first), "--department", "GXJ",
        "--owner", LEADER, "--working-days", "10", "--by", TEAM, "--json",
    )  # fmt: skip
    assert task.exit_code == 0, task.output
    request = run(
        "practices", "problem-request", "--problem", str(second), "--enterprise", FIRM,
        "--factor-type", "land", "--quantity", "30", "--unit", "亩", "--needed-by", "2027-12-31",
        "--by", TEAM, "--json",
    )  # fmt: skip
    assert request.exit_code == 0, request.output
    shown = run("practices", "show", "--record", str(view["record"]["id"]))
    assert shown.exit_code == 0, shown.output
    assert f"task {json.loads(task.output)['task_id']}" in shown.output
    assert f"request {json.loads(request.output)['request_code']}" in shown.output
    period = run("practices", "show", "--period", str(tour), "--json")
    assert json.loads(period.output)["period"]["done"] is True


def test_refusals_name_the_field_and_exit_1(tour: int) -> None:
    bad_day = run(
        "practices", "record", "--period", str(tour), "--held-on", "2020-01-01",
        "--participants", "郭佳琪", "--by", TEAM,
    )  # fmt: skip
    assert bad_day.exit_code == 1 and "held on:" in bad_day.output
    not_a_day = run(
        "practices", "record", "--period", str(tour), "--held-on", "soon",
        "--participants", "郭佳琪", "--by", TEAM,
    )  # fmt: skip
    assert not_a_day.exit_code == 2 and "--held-on" in not_a_day.output
    filed = json.loads(_record(tour).output)
    first = str(filed["problems"][0]["id"])
    leader = run(
        "practices", "problem-task", "--problem", first, "--department", "GXJ",
        "--owner", LEADER, "--working-days", "5", "--by", LEADER,
    )  # fmt: skip
    assert leader.exit_code == 1 and "working group" in leader.output
    no_owner = run(
        "practices", "problem-task", "--problem", first, "--department", "GXJ",
        "--owner", "nobody@example.gov.cn", "--working-days", "5", "--by", TEAM,
    )  # fmt: skip
    assert no_owner.exit_code == 1 and "owner:" in no_owner.output
    assert "Traceback" not in no_owner.output
    neither = run("practices", "show")
    assert neither.exit_code == 2
