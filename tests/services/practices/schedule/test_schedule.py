"""The standing practices' periods: each made once with its task, the first run makes only the
current period, a run after downtime catches up each missed period once (audited), overrides
and a missing element change what a chain has, and a role nobody holds is skipped with why."""

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from sqlmodel import Session, col, select

from mechanism.calendar import WorkingCalendar
from mechanism.practices import Cadence, Override, PracticeRules
from models import AuditEvent, Person, PracticePeriod, Task
from services.config import EngineRules
from services.practices import make_periods

ZONE = ZoneInfo("Asia/Shanghai")
RULES = EngineRules(calendar=WorkingCalendar())
DEFAULTS = PracticeRules()


def at(day: date) -> datetime:
    return datetime.combine(day, time(9), ZONE).astimezone(UTC)


def periods(session: Session) -> list[tuple[str, str, bool]]:
    rows = session.exec(
        select(PracticePeriod).order_by(col(PracticePeriod.practice), col(PracticePeriod.starts_on))
    ).all()
    return [(row.practice, row.period, row.caught_up) for row in rows]


def test_the_first_run_makes_the_current_period_of_each_practice_once(city: Session) -> None:
    report = make_periods(session=city, now=at(date(2026, 11, 2)), rules=RULES, practices=DEFAULTS)
    again = make_periods(session=city, now=at(date(2026, 11, 3)), rules=RULES, practices=DEFAULTS)
    city.commit()

    assert (report.made, report.caught_up) == (2, 0)
    assert report.skipped == [
        "BEARING inquiry 2026: nobody holds the role chief_chain_leader on the roster"
    ]
    assert (again.made, again.caught_up) == (0, 0)
    assert periods(city) == [("dispatch", "2026-11", False), ("tour", "2026-Q4", False)]
    tour = city.exec(select(PracticePeriod).where(PracticePeriod.practice == "tour")).one()
    task = city.get(Task, tour.task_id)
    assert task is not None
    owner = city.get(Person, task.owner_id)
    assert owner is not None and owner.email == "wang.lei@example.gov.cn"
    assert task.title == "轴承产业链2026年第四季度巡链"
    assert task.source == "practice"
    assert (task.start_date, task.due_date) == (date(2026, 10, 1), date(2026, 12, 31))
    assert (tour.starts_on, tour.ends_on, tour.due_on) == (
        date(2026, 10, 1), date(2026, 12, 31), date(2026, 12, 31)
    )  # fmt: skip
    assert task.requirements is not None and "填报记录即办结本任务" in task.requirements
    dispatch = city.exec(select(PracticePeriod).where(PracticePeriod.practice == "dispatch")).one()
    led = city.get(Task, dispatch.task_id)
    assert led is not None and led.due_date == date(2026, 11, 30)


def test_after_downtime_each_missed_period_is_made_once_and_audited(city: Session) -> None:
    make_periods(session=city, now=at(date(2026, 8, 3)), rules=RULES, practices=DEFAULTS)
    # Down from August to December: September, October, November and Q4 are made once each.
    back = make_periods(session=city, now=at(date(2026, 12, 1)), rules=RULES, practices=DEFAULTS)
    again = make_periods(session=city, now=at(date(2026, 12, 2)), rules=RULES, practices=DEFAULTS)
    city.commit()

    assert (back.made, back.caught_up) == (5, 3)  # 2026-09, -10, -11 caught up; -12, Q4 not
    assert again.made == 0
    assert periods(city) == [
        ("dispatch", "2026-08", False),
        ("dispatch", "2026-09", True),
        ("dispatch", "2026-10", True),
        ("dispatch", "2026-11", True),
        ("dispatch", "2026-12", False),
        ("tour", "2026-Q3", False),
        ("tour", "2026-Q4", False),
    ]
    events = city.exec(
        select(AuditEvent).where(
            AuditEvent.entity_type == "practice_period", AuditEvent.action == "caught_up"
        )
    ).all()
    assert sorted(e.detail["period"] for e in events if e.detail) == [
        "2026-09", "2026-10", "2026-11"
    ]  # fmt: skip
    late = city.exec(select(PracticePeriod).where(PracticePeriod.period == "2026-09")).one()
    task = city.get(Task, late.task_id)
    assert task is not None and task.due_date == date(2026, 9, 30)


def test_an_override_changes_the_cadence_or_switches_a_practice_off(city: Session) -> None:
    rules = PracticeRules(
        overrides={"BEARING": {"tour": Override(cadence=Cadence.MONTHLY),
                               "dispatch": Override(off=True),
                               "inquiry": Override(off=True)}}
    )  # fmt: skip
    report = make_periods(session=city, now=at(date(2026, 11, 2)), rules=RULES, practices=rules)
    assert (report.made, report.skipped) == (1, [])
    assert periods(city) == [("tour", "2026-11", False)]


def test_a_practice_whose_element_the_checklist_lacks_is_not_made(city: Session) -> None:
    # BEARING's checklist has no chain_master_and_experts: no 诊链, though an expert might exist.
    make_periods(session=city, now=at(date(2026, 11, 2)), rules=RULES, practices=DEFAULTS)
    assert "diagnosis" not in {practice for practice, _, _ in periods(city)}


def test_periods_are_named_as_an_office_writes_them() -> None:
    from mechanism.practices import period_of

    day = date(2026, 11, 2)
    assert [period_of(c, day).name_zh for c in Cadence] == [
        "2026年11月", "2026年第四季度", "2026年下半年", "2026年"
    ]  # fmt: skip
