"""``chainops projects``: the key-project ledger on a private copy of the demo city."""

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import Session
from typer.testing import CliRunner, Result

from chainops.cli import app
from models.db import make_engine
from tests.services.workbooks import snapshot

HUASHENG = "liu.qinghua@huasheng-chem.example.com"  # contact of the enterprise of LC2026-HCHEM-01
HENGTAI = "wang.haitao@hengtai-nm.example.com"  # … of LC2026-HCHEM-02


def run(*args: str) -> Result:
    return CliRunner().invoke(app, list(args), catch_exceptions=False)


def as_json(*args: str) -> Any:
    result = run(*args, "--json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


@pytest.fixture
def demo_session(on_demo: Path) -> Iterator[Session]:
    engine = make_engine(f"sqlite:///{on_demo}")
    with Session(engine) as session:
        yield session
    engine.dispose()


def test_projects_list_json_gives_each_items_light_and_the_reason_for_it(on_demo: Path) -> None:
    projects = as_json("projects", "list")

    assert len(projects) == 28
    for project in projects:
        assert project["light"] in ("green", "yellow", "red")
        assert isinstance(project["light_reason"], str) and project["light_reason"]
        assert bool(project["reasons"]) == (project["light"] != "green")
    in_production = next(p for p in projects if p["code"] == "LC2026-NFMET-03")
    assert (in_production["light"], in_production["light_reason"]) == ("green", "on track")
    bearing = as_json("projects", "list", "--chain", "BEARING")
    assert {p["chain"] for p in bearing} == {"BEARING"}


def test_the_table_shows_the_light_and_the_reason(on_demo: Path) -> None:
    result = run("projects", "list", "--chain", "BEARING")
    assert result.exit_code == 0, result.stderr
    assert "LC2026-BEARING-04" in result.stdout
    assert "not started" in result.stdout


def test_a_firm_sees_only_its_own_projects(on_demo: Path) -> None:
    mine = as_json("projects", "list", "--by", HUASHENG)
    assert [p["code"] for p in mine] == ["LC2026-HCHEM-01"]

    result = run("projects", "show", "LC2026-HCHEM-02", "--by", HUASHENG)
    assert result.exit_code == 1
    assert "LC2026-HCHEM-02 is not your enterprise's project" in result.stderr
    assert as_json("projects", "show", "LC2026-HCHEM-02", "--by", HENGTAI)["code"] == (
        "LC2026-HCHEM-02"
    )


def test_a_second_report_on_a_month_is_refused_naming_the_first_unless_replace(
    demo_session: Session,
) -> None:
    before = snapshot(demo_session)
    result = run(
        "projects", "report", "LC2026-HCHEM-01", "--month", "2026-10", "--investment", "1200",
        "--by", HUASHENG,
    )  # fmt: skip
    assert result.exit_code == 1
    said = " ".join(result.stderr.split())
    assert "LC2026-HCHEM-01 already has a report on 2026-10: 152,000 万元 invested" in said
    assert f"reported by {HUASHENG} at 2026-11-03 10:00" in said
    assert said.endswith("add --replace to replace it")
    assert snapshot(demo_session) == before


def test_a_firm_replaces_a_months_report_and_the_ledger_keeps_both(on_demo: Path) -> None:
    result = run(
        "projects", "report", "LC2026-HCHEM-01", "--month", "2026-10", "--investment", "1200",
        "--problem", "用地指标不足", "--by", HUASHENG, "--replace",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert "LC2026-HCHEM-01 2026-10: 1200 万元 this month, 1200 万元 this year" in result.stdout

    shown = as_json("projects", "show", "LC2026-HCHEM-01")
    assert shown["last_report_month"] == "2026-10"
    assert shown["investment_completed"] == 1200
    assert shown["reports"][-1]["problems"] == "用地指标不足"
    assert shown["reports"][-1]["reported_by"] == HUASHENG
    assert "months_missing" in shown and shown["light_reason"]
    (replaced,) = shown["replaced_reports"]
    assert (replaced["month"], replaced["month_investment"]) == ("2026-10", 152000)
    assert replaced["replaced_by"] == HUASHENG
    assert "Replaced reports" in run("projects", "show", "LC2026-HCHEM-01").stdout


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["--investment", "-5"], 1, "month_investment must not be negative, not -5 万元"),
        (["--investment", "2e8"], 1, "month_investment must be at most 100,000,000 万元"),
        (["--month", "2025-12"], 1, "month 2025-12 is outside the ledger year"),
        (["--month", "Oct"], 2, "--month: 'Oct' is not a month like 2026-10"),
        (["--milestone", "groundbreaking=2026-10-01"], 2, "unknown milestone 'groundbreaking'"),
        (["--milestone", "completion=2026-02-01"], 1, "is before approvals (前期手续)"),
        (["--by", HENGTAI], 1, "LC2026-HCHEM-01 is not your enterprise's project"),
        (["--by", "nobody@example.com"], 1, "no person or enterprise contact"),
    ],
)
def test_a_bad_report_exits_with_a_clear_error_and_changes_nothing(
    demo_session: Session, args: list[str], code: int, message: str
) -> None:
    before = snapshot(demo_session)
    options = {"--month": "2026-10", "--investment": "100", "--by": HUASHENG}
    options.update(zip(args[::2], args[1::2], strict=True))

    result = run(
        "projects", "report", "LC2026-HCHEM-01", *(p for pair in options.items() for p in pair)
    )

    assert result.exit_code == code
    assert message in result.stderr
    assert snapshot(demo_session) == before


FACTOR = ["--problem", "二期用地指标不足", "--factor", "land", "--quantity", "120", "--unit", "亩",
          "--needed-by", "2027-03-31"]  # fmt: skip


def test_a_problem_becomes_a_factor_request_in_the_same_step(on_demo: Path) -> None:
    before = {r["code"] for r in as_json("requests", "list")}
    result = run(
        "projects", "report", "LC2026-HCHEM-01", "--month", "2026-10", "--investment", "800",
        *FACTOR, "--by", HUASHENG, "--replace",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert "factor request YS2026-" in result.stdout

    new = [r for r in as_json("requests", "list", "--by", HUASHENG) if r["code"] not in before]
    assert len(new) == 1
    assert as_json("projects", "show", "LC2026-HCHEM-01")["reports"][-1]["problems"] == (
        "二期用地指标不足"
    )


@pytest.mark.parametrize(
    ("changes", "code", "message"),
    [
        ({"--factor": "teleportation"}, 1, "factor type: unknown 'teleportation'"),
        ({"--needed-by": "someday"}, 2, "--needed-by: 'someday' is not a date"),
    ],
)
def test_a_bad_factor_request_refuses_the_report_too(
    demo_session: Session, changes: dict[str, str], code: int, message: str
) -> None:
    before = snapshot(demo_session)
    options = dict(zip(FACTOR[::2], FACTOR[1::2], strict=True)) | changes
    result = run(
        "projects", "report", "LC2026-HCHEM-01", "--month", "2026-10", "--investment", "800",
        "--by", HUASHENG, "--replace", *(p for pair in options.items() for p in pair),
    )  # fmt: skip
    assert result.exit_code == code
    assert message in result.stderr
    assert snapshot(demo_session) == before


def test_projects_check_urges_missing_reports_once_and_rests_on_holidays(on_demo: Path) -> None:
    first = as_json("projects", "check", "--as-of", "2026-12-07T09:00")  # after the replay
    again = as_json("projects", "check", "--as-of", "2026-12-07T09:00")
    saturday = as_json("projects", "check", "--as-of", "2026-12-12T09:00")

    assert first["working_day"] is True
    assert first["examined"] == 28  # every project in the demo is tracked as active
    assert first["stale"] > 0 and first["notices"] == first["stale"]
    assert first["lights_changed"] > 0
    assert (again["notices"], again["lights_changed"]) == (0, 0)
    assert saturday["working_day"] is False
    urged = [
        n for n in as_json("notices", "list")
        if n["kind"] == "project_stale" and n["issued_at"].startswith("2026-12-07")
    ]
    assert len(urged) == first["notices"]
    assert {r["role"] for n in urged for r in n["recipients"]} >= {"enterprise"}
