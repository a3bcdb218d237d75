"""Holds through the sweep: an acknowledgement on day A holds A+1..A+3, the rung fires on A+4;
progress reported during a hold renews it from the day of the report (民法典 §201)."""

from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlmodel import Session, select

from mechanism.calendar import WorkingCalendar
from models import OutboxMessage, Task
from services import tasks as task_service
from services.config import EngineRules
from services.notices import acknowledge_notice
from services.people import actor_by_email
from services.tasks import sweep
from services.workbook import import_workbook, read_workbook
from tests.services.workbooks import small_city, write_workbook

RULES = EngineRules(calendar=WorkingCalendar(), office_mailbox="office@example.gov.cn")
OWNER = "wang.lei@example.gov.cn"


def at(day: date, hour: int = 8, minute: int = 30) -> datetime:
    """``day`` at ``hour:minute`` in Shanghai (UTC+8, no daylight saving)."""
    return datetime(day.year, day.month, day.day, hour - 8, minute, tzinfo=UTC)


def due_task(session: Session, tmp_path: Path, due: date) -> Task:
    """Task '推动轴承钢本地化配套' (owner wang.lei), in progress, due ``due``, looked at then."""
    workbook = read_workbook(write_workbook(tmp_path / "city.xlsx", small_city()))
    import_workbook(session=session, workbook=workbook, actor="t", now=at(date(2026, 9, 1)))
    task = session.exec(select(Task).where(Task.title == "推动轴承钢本地化配套")).one()
    task.state, task.progress = "in_progress", 50
    task.due_date = task.original_due_date = due
    task.next_action_at = at(due)
    session.add(task)
    session.commit()
    return task


def sweep_on(session: Session, day: date) -> dict[str, int]:
    result = sweep(engine=session.get_bind(), now=at(day), rules=RULES)  # type: ignore[arg-type]
    session.commit()
    return result.by_kind


def urge_and_acknowledge(session: Session, task: Task, day: date) -> None:
    """The sweep sends the urging slip on the due date; the owner acknowledges it at 10:00."""
    assert sweep_on(session, day) == {"urging_slip": 1}
    delivery = session.exec(
        select(OutboxMessage).where(OutboxMessage.recipient_email == OWNER)
    ).one()
    acknowledge_notice(
        session=session,
        outbox_id=delivery.id,
        actor=actor_by_email(session, OWNER),
        now=at(day, 10),
        rules=RULES,
    )
    session.commit()
    session.refresh(task)


def test_a_hold_placed_before_national_day_fires_on_a_plus_4(
    session: Session, tmp_path: Path
) -> None:
    task = due_task(session, tmp_path, date(2026, 9, 30))  # Wednesday before the holiday
    urge_and_acknowledge(session, task, date(2026, 9, 30))

    # A+1..A+3 are 10-08, 10-09 and the make-up Saturday 10-10, the coordination notice's own
    # day (due + 3, as `chainops calendar add 2026-09-30 3` gives): all held.
    assert task.hold_until == date(2026, 10, 10)
    assert task.next_action_at is not None
    assert task.next_action_at.astimezone(RULES.zone).date() == date(2026, 10, 12)
    for day in (date(2026, 10, 8), date(2026, 10, 9), date(2026, 10, 10)):
        assert sweep_on(session, day) == {}, day
    assert sweep_on(session, date(2026, 10, 12)) == {"coordination": 1}  # A+4, a Monday


@pytest.mark.parametrize(
    ("reported", "held_through", "coordination"),
    [
        # Tuesday, inside the hold (Mon–Wed): a new hold Wed, Thu, Fri; the ladder goes on Monday.
        (date(2026, 10, 20), date(2026, 10, 23), date(2026, 10, 26)),
        # Wednesday, the hold's last day, still inside it: Thu, Fri and Monday.
        (date(2026, 10, 21), date(2026, 10, 26), date(2026, 10, 27)),
    ],
)
def test_progress_reported_during_a_hold_renews_it_from_the_day_of_the_report(
    session: Session, tmp_path: Path, reported: date, held_through: date, coordination: date
) -> None:
    task = due_task(session, tmp_path, date(2026, 10, 16))  # a Friday
    urge_and_acknowledge(session, task, date(2026, 10, 16))
    assert task.hold_until == date(2026, 10, 21)

    task_service.report_progress(
        session=session,
        task_id=task.id,
        actor=actor_by_email(session, OWNER),
        progress=task.progress + 10,
        note="钢厂已送样",
        now=at(reported, 10),
        rules=RULES,
    )
    session.commit()
    session.refresh(task)
    assert task.hold_until == held_through

    day = date(2026, 10, 19)
    while day < coordination:
        assert sweep_on(session, day) == {}, day
        day = RULES.calendar.add(day, 1)
    assert sweep_on(session, coordination) == {"coordination": 1}


def test_progress_reported_after_the_hold_does_not_start_one(
    session: Session, tmp_path: Path
) -> None:
    task = due_task(session, tmp_path, date(2026, 10, 16))
    urge_and_acknowledge(session, task, date(2026, 10, 16))
    assert sweep_on(session, date(2026, 10, 22)) == {"coordination": 1}  # A+4

    task_service.report_progress(
        session=session,
        task_id=task.id,
        actor=actor_by_email(session, OWNER),
        progress=task.progress + 10,
        note=None,
        now=at(date(2026, 10, 22), 10),
        rules=RULES,
    )
    session.commit()
    session.refresh(task)
    assert task.hold_until == date(2026, 10, 21)  # the old hold, over: nothing renewed
