"""A second monthly report on a month already reported: refused naming the first unless it
replaces it, and then the first stays in the project's history. On the demo city, where
华晟化工 reported October's 152,000 万元 for LC2026-HCHEM-01 on 3 November.

Each test works in the module's shared copy and rolls back, so the next one finds it as it was.
"""

from collections.abc import Iterator
from datetime import UTC, date, datetime
from typing import Any

import pytest
from sqlmodel import Session

from mechanism.calendar import WorkingCalendar
from mechanism.project_lights import ProjectRules
from mechanism.wording import zh
from services.config import EngineRules
from services.people import actor_by_email
from services.projects import ReportExists, report_month, show_project
from tests.services.workbooks import snapshot

RULES = EngineRules(calendar=WorkingCalendar(), office_mailbox="office@example.gov.cn")
NOW = datetime(2026, 11, 27, 7, 0, tzinfo=UTC)  # Friday 15:00 in Shanghai
OCTOBER = date(2026, 10, 1)
HUASHENG = "liu.qinghua@huasheng-chem.example.com"
OFFICE = "gao.wenbo@example.gov.cn"
PROJECT = "LC2026-HCHEM-01"


@pytest.fixture
def city(demo_city: Session) -> Iterator[Session]:
    yield demo_city
    demo_city.rollback()


def _report(session: Session, by: str = HUASHENG, **changes: Any) -> Any:
    values: dict[str, Any] = {
        "project_code": PROJECT,
        "month": OCTOBER,
        "month_investment": 150000.0,
        "milestones_reached": {},
        "problems": None,
    }
    values.update(changes)
    return report_month(
        session=session,
        actor=actor_by_email(session, by),
        now=NOW,
        rules=RULES,
        projects=ProjectRules(),
        **values,
    )


def _shown(session: Session) -> dict[str, Any]:
    return show_project(
        session=session,
        code=PROJECT,
        actor=None,
        today=date(2026, 11, 27),
        rules=ProjectRules(),
        calendar=RULES.calendar,
        locale="en",
    )


def test_a_different_report_on_a_reported_month_is_refused_naming_the_first(
    city: Session,
) -> None:
    before = snapshot(city)
    with pytest.raises(ReportExists) as refused:
        _report(city)
    city.rollback()
    assert str(refused.value).startswith(
        f"{PROJECT} already has a report on 2026-10: 152,000 万元 invested that month "
        f"(152,000 万元 this year), reported by {HUASHENG} at 2026-11-03 10:00; a new report "
        "replaces it"
    )
    assert zh(refused.value).startswith(f"{PROJECT} 已有 2026-10 月报：当月完成投资 152,000 万元")
    assert refused.value.existing.month_investment == 152000
    assert snapshot(city) == before


def test_a_confirmed_replacement_keeps_the_first_report_in_the_history(city: Session) -> None:
    done = _report(city, by=OFFICE, replace=True, problems="更正：10月数据含9月")
    assert done.report.month_investment == 150000

    shown = _shown(city)
    october = [r for r in shown["reports"] if r["month"] == "2026-10"]
    assert [(r["month_investment"], r["reported_by"]) for r in october] == [(150000, OFFICE)]
    (kept,) = shown["replaced_reports"]
    assert (kept["month"], kept["month_investment"], kept["reported_by"]) == (
        "2026-10",
        152000,
        HUASHENG,
    )
    assert (kept["replaced_by"], kept["replaced_at"]) == (OFFICE, NOW)

    _report(city, month_investment=151000, replace=True)  # replaced again: both kept, in order
    assert [r["month_investment"] for r in _shown(city)["replaced_reports"]] == [152000, 150000]


def test_the_same_report_sent_again_replaces_nothing_and_needs_no_confirming(
    city: Session,
) -> None:
    before = snapshot(city)
    done = _report(city, month_investment=152000)  # exactly what is there
    assert (done.report.month_investment, done.report.reported_by) == (152000, HUASHENG)
    assert _shown(city)["replaced_reports"] == []
    months = {k: v for k, v in snapshot(city).items() if "report" in k}
    assert months == {k: v for k, v in before.items() if "report" in k}
