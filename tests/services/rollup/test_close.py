"""Closing a month on a real database: the figures of a hand-built November, frozen once."""

from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlmodel import Session, select

from mechanism.calendar import WorkingCalendar
from mechanism.ranking import Weights
from models import (
    Chain,
    FactorRequest,
    KeyProject,
    Notice,
    OutboxMessage,
    ProjectMilestone,
    ProjectMonthlyReport,
    RollupSnapshot,
    Task,
)
from services.config import EngineRules, load_factor_rules
from services.rollup import MonthNotOver, RollupResult, close_month, show_month
from services.workbook import import_workbook, read_workbook
from tests.services.workbooks import small_city, write_workbook

ROOT = Path(__file__).parents[3]
RULES = EngineRules(calendar=WorkingCalendar())
FACTORS = load_factor_rules(ROOT / "chainops" / "config" / "factors.yaml")
NOVEMBER = date(2026, 11, 1)
IMPORTED = datetime(2026, 10, 20, 2, 0, tzinfo=UTC)
DECEMBER_FIRST = datetime(2026, 12, 1, 2, 0, tzinfo=UTC)  # 10:00 in Shanghai


def at(month: int, day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=UTC)


def build_november(session: Session, tmp_path: Path) -> None:
    """The small city, with one of everything the rollup counts happening in November."""
    workbook = read_workbook(write_workbook(tmp_path / "city.xlsx", small_city()))
    import_workbook(session=session, workbook=workbook, actor="t", now=IMPORTED)
    chain = session.exec(select(Chain)).one()
    late = session.exec(select(Task).where(Task.title == "推动轴承钢本地化配套")).one()
    late.due_date, late.signed_off_on, late.state = (
        date(2026, 11, 20),
        date(2026, 11, 18),
        "signed_off",
    )
    still_open = session.exec(select(Task).where(Task.title != late.title)).one()
    still_open.light = "yellow"
    project = session.exec(select(KeyProject)).one()
    session.add(  # on October, in by its deadline in November: no report is missing
        ProjectMonthlyReport(
            project_id=project.id,
            month=date(2026, 10, 1),
            investment_completed=20000,
            reported_at=at(11, 5, 2),
        )
    )
    session.add(
        ProjectMonthlyReport(
            project_id=project.id,
            month=NOVEMBER,
            investment_completed=30000.25,
            reported_at=at(11, 30, 2),
        )
    )
    start = session.exec(
        select(ProjectMilestone).where(ProjectMilestone.kind == "construction_start")
    ).one()
    start.planned_date = date(2026, 11, 16)  # not reached: missed
    request = session.exec(select(FactorRequest)).one()
    request.submitted_at, request.resolved_at = at(11, 2, 2), at(11, 6, 8)  # 4 working days
    request.state = "resolved"
    notice = Notice(
        key="k1",
        kind="urging_slip",
        level=1,
        chain_id=chain.id,
        subject_type="task",
        subject_id=late.id or 0,
        year=2026,
        facts={},
        issued_at=at(11, 3, 1),
    )
    session.add(notice)
    session.flush()
    for email, acknowledged in (("a@x.cn", at(11, 3, 3, 30)), ("b@x.cn", at(11, 4, 1))):
        session.add(
            OutboxMessage(
                notice_id=notice.id or 0,
                recipient_email=email,
                recipient_role="owner",
                dedupe_key=f"k1:{email}",
                acknowledged_at=acknowledged,
            )
        )
    session.commit()


NOVEMBER_FIGURES = {
    "tasks": {
        "total": 2,
        # The late task was due on 30 June and extended into November: an extension does not
        # move the statistical due date, so it was due in June, not this month.
        "due_this_month": 0,
        "done_on_time": 0,
        "done_late": 1,
        "open_by_light": {"green": 0, "yellow": 1, "red": 0},
        "on_time_rate": 0.0,
    },
    "projects": {
        "investment_planned": 45000.5,
        "investment_completed": 30000.25,
        "completion_rate": 0.6667,
        "timing_progress": 0.9151,
        "against_timing": -0.2484,
        "milestones_hit": 0,
        "milestones_missed": 1,
        "reports_missing": 0,
    },
    "requests": {
        "opened": 1,
        "closed": 1,
        "closed_within_level": 1,
        "median_working_days_to_close": 4.0,
    },
    "ladder": {"notices_by_level": {"1": 1}, "median_hours_to_acknowledge": 2.5},
    # No matchmaking in the month: every figure 0 (tests/services/matchmaking/test_rollup.py).
    "matchmaking": {
        "events": 0, "smes": 0, "intentions": 0, "intention_wan": 0.0,
        "signings": 0, "contract_wan": 0.0,
    },
}


def close(session: Session, month: date = NOVEMBER, now: datetime = DECEMBER_FIRST) -> RollupResult:
    result = close_month(
        session=session, month=month, now=now, rules=RULES, factors=FACTORS, weights=Weights()
    )
    session.commit()
    return result


def test_every_figure_of_a_hand_built_month_is_frozen_for_the_city_and_each_chain(
    session: Session, tmp_path: Path
) -> None:
    build_november(session, tmp_path)

    result = close(session)

    assert result.newly_closed and result.closed_at == DECEMBER_FIRST
    # The supervision figures: tests/services/rollup/test_supervision_rows.py.
    shown = ("changes", "investment", "supervision")
    assert {k: v for k, v in result.city.items() if k not in shown} == {
        **NOVEMBER_FIGURES,
        "weights": Weights().as_dict(),  # frozen with the month
        "ranking_rules": {"mode": "weighted"},
    }
    # No investment rows: zeros and None rates (tests/services/rollup/test_investment_rows.py).
    assert result.city["investment"]["signings"] == 0
    assert result.city["investment"]["honoured_rate"] is None
    assert set(result.city["changes"].values()) == {None}  # no October to compare with
    # One chain: its figures are the city's, and it ranks first. Its parts: nothing signed off
    # on time (0), its one open task not red (1), 66.67% invested against 91.51% timing
    # (0.7286), its one request closed within level (1): (35×0 + 25×1 + 25×0.7286 + 15×1) / 100.
    bearing = result.chains["BEARING"]
    assert {
        k: v for k, v in bearing.items() if k not in (*shown, "ranking", "map")
    } == NOVEMBER_FIGURES
    assert bearing["investment"]["not_started"] == [] and isinstance(bearing["map"], list)
    assert bearing["ranking"] == {
        "mode": "weighted",
        "score": 58.2,
        "rank": 1,
        "parts": {
            "tasks_on_time": 0.0,
            "tasks_not_red": 1.0,
            "investment_on_timing": 0.7286,
            "requests_within_level": 1.0,
        },
    }
    stored = session.exec(select(RollupSnapshot.scope, RollupSnapshot.month)).all()
    assert sorted(stored) == [
        ("BEARING", NOVEMBER),
        ("city", NOVEMBER),
        ("dept:GXJ", NOVEMBER),
        ("dept:ZRJ", NOVEMBER),
    ]


def test_departments_are_counted_by_what_they_lead_serve_and_handle_and_ranked(
    session: Session, tmp_path: Path
) -> None:
    build_november(session, tmp_path)

    departments = close(session).departments

    # GXJ leads the late task and serves the project; ZRJ leads the open task and handles
    # the request. Departments have no ladder section: notices go to chains.
    gxj, zrj = departments["GXJ"], departments["ZRJ"]
    assert list(departments) == ["GXJ", "ZRJ"]
    assert gxj["tasks"] == {
        "total": 1,
        "due_this_month": 0,  # due in June by its original date
        "done_on_time": 0,
        "done_late": 1,
        "open_by_light": {"green": 0, "yellow": 0, "red": 0},
        "on_time_rate": 0.0,
    }
    assert gxj["projects"] == NOVEMBER_FIGURES["projects"]
    assert gxj["requests"] == {
        "opened": 0,
        "closed": 0,
        "closed_within_level": 0,
        "median_working_days_to_close": None,
    }
    assert zrj["tasks"]["open_by_light"] == {"green": 0, "yellow": 1, "red": 0}
    assert zrj["tasks"]["on_time_rate"] is None
    assert zrj["projects"]["investment_planned"] == 0
    assert zrj["requests"] == NOVEMBER_FIGURES["requests"]
    assert "ladder" not in gxj and "ladder" not in zrj
    # GXJ: (35×0 + 25×0.7286) / 60 — no open task, no closed request; ZRJ: all it had, done.
    assert gxj["ranking"] == {
        "mode": "weighted",
        "score": 30.4,
        "rank": 2,
        "parts": {
            "tasks_on_time": 0.0,
            "tasks_not_red": None,
            "investment_on_timing": 0.7286,
            "requests_within_level": None,
        },
    }
    assert (zrj["ranking"]["score"], zrj["ranking"]["rank"]) == (100.0, 1)


def test_a_closed_month_is_unaffected_by_later_edits_and_closing_twice_changes_nothing(
    session: Session, tmp_path: Path
) -> None:
    build_november(session, tmp_path)
    first = close(session)
    task = session.exec(select(Task).where(Task.state == "signed_off")).one()
    task.signed_off_on = date(2026, 11, 2)  # now it would count as on time
    session.add(ProjectMonthlyReport(project_id=session.exec(select(KeyProject)).one().id,
                                     month=date(2026, 9, 1), investment_completed=1))  # fmt: skip
    session.commit()

    again = close(session, date(2026, 11, 17), DECEMBER_FIRST.replace(day=20))

    assert not again.newly_closed
    assert (again.closed_at, again.city, again.chains, again.departments) == (
        first.closed_at,
        first.city,
        first.chains,
        first.departments,
    )
    assert show_month(session=session, month=NOVEMBER) == again
    assert len(session.exec(select(RollupSnapshot)).all()) == 4


def test_changes_compare_with_the_previous_closed_month(session: Session, tmp_path: Path) -> None:
    build_november(session, tmp_path)
    october = close(session, date(2026, 10, 1))
    november = close(session)

    assert october.city["projects"]["investment_completed"] == 20000
    changes = november.city["changes"]
    assert changes["tasks.done_late"] == 1
    assert changes["projects.investment_completed"] == 10000.25
    assert changes["ladder.notices_by_level.1"] == 1
    assert changes["tasks.on_time_rate"] is None  # October signed nothing off
    bearing = november.chains["BEARING"]["changes"]
    assert {k: v for k, v in bearing.items() if not k.startswith("ranking.")} == changes
    assert bearing["ranking.rank"] == 0  # first of one, both months
    assert bearing["ranking.score"] == round(
        november.chains["BEARING"]["ranking"]["score"]
        - october.chains["BEARING"]["ranking"]["score"],
        4,
    )
    assert not any(name.startswith("weights.") for name in changes)


@pytest.mark.parametrize(
    "now",
    [datetime(2026, 11, 30, 15, 59, tzinfo=UTC), datetime(2026, 11, 10, tzinfo=UTC)],
)
def test_a_month_that_has_not_ended_in_the_city_is_refused(session: Session, now: datetime) -> None:
    with pytest.raises(MonthNotOver, match="2026-11 has not ended yet in Asia/Shanghai"):
        close(session, NOVEMBER, now)
    assert show_month(session=session, month=NOVEMBER) is None


def test_a_month_closes_at_midnight_in_the_city(session: Session, tmp_path: Path) -> None:
    build_november(session, tmp_path)
    midnight_in_shanghai = datetime(2026, 11, 30, 16, 0, tzinfo=UTC)
    assert close(session, NOVEMBER, midnight_in_shanghai).newly_closed


def test_a_report_on_the_month_before_that_came_after_month_end_is_missing(
    session: Session, tmp_path: Path
) -> None:
    build_november(session, tmp_path)
    october = session.exec(
        select(ProjectMonthlyReport).where(ProjectMonthlyReport.month == date(2026, 10, 1))
    ).one()
    october.reported_at = at(12, 1, 1)  # due by 6 November, in only on 1 December
    session.commit()

    november = close(session)

    assert november.city["projects"]["reports_missing"] == 1
    # Its investment still counts: the latest cumulative figure is November's own report.
    assert november.city["projects"]["investment_completed"] == 30000.25


def test_in_january_no_report_is_missing(session: Session, tmp_path: Path) -> None:
    build_november(session, tmp_path)
    project = session.exec(select(KeyProject)).one()
    project.year = 2027
    session.commit()

    january = close(session, date(2027, 1, 1), datetime(2027, 2, 1, 2, 0, tzinfo=UTC))

    assert january.city["projects"]["reports_missing"] == 0
