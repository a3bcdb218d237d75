"""What people do to a task, on a real database: each move checked, applied and audited."""

from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlmodel import Session, col, select

from mechanism.calendar import WorkingCalendar
from mechanism.lifecycle import IllegalMove
from models import AuditEvent, ProgressReport, Task
from services import tasks as task_service
from services.config import EngineRules
from services.notices import acknowledge_notice
from services.people import actor_by_email, add_user
from services.tasks import AssignmentRefused, assign_task, sweep
from services.workbook import import_workbook, read_workbook
from tests.services.workbooks import small_city, write_workbook

RULES = EngineRules(calendar=WorkingCalendar(), office_mailbox="office@example.gov.cn")
OCT_1ST_WEEK = datetime(2026, 9, 28, 2, 0, tzinfo=UTC)  # Monday 10:00 in Shanghai
OWNER, OFFICER = "wang.lei@example.gov.cn", "li.na@example.gov.cn"


@pytest.fixture
def task(session: Session, tmp_path: Path) -> Task:
    """Task '推动轴承钢本地化配套' owned by wang.lei (GXJ); li.na (ZRJ) has an office account."""
    workbook = read_workbook(write_workbook(tmp_path / "city.xlsx", small_city()))
    import_workbook(session=session, workbook=workbook, actor="t", now=OCT_1ST_WEEK)
    add_user(session=session, email=OFFICER, office=True, now=OCT_1ST_WEEK)
    found = session.exec(select(Task).where(Task.title == "推动轴承钢本地化配套")).one()
    found.due_date = found.original_due_date = date(2026, 10, 16)
    session.add(found)
    session.commit()
    return found


def test_a_task_goes_from_accepted_to_signed_off_and_every_step_is_recorded(
    session: Session, task: Task
) -> None:
    owner, office = actor_by_email(session, OWNER), actor_by_email(session, OFFICER)
    common = {"session": session, "task_id": task.id, "now": OCT_1ST_WEEK, "rules": RULES}

    task_service.accept_task(actor=owner, **common)
    task_service.report_progress(actor=owner, progress=60, note="钢厂已签约", **common)
    task_service.submit_task(actor=owner, note="完成", **common)
    done = task_service.sign_off_task(actor=office, **common)

    assert (done.state, done.progress, done.signed_off_on) == ("signed_off", 100, date(2026, 9, 28))
    assert done.next_action_at is None
    trail = session.exec(
        select(AuditEvent.actor, AuditEvent.action, AuditEvent.from_value, AuditEvent.to_value)
        .where(
            AuditEvent.entity_type == "task",
            AuditEvent.entity_id == task.id,
            AuditEvent.actor != "t",
        )  # the import's own events
        .order_by(col(AuditEvent.id))
    ).all()
    assert trail == [
        (OWNER, "accept", "assigned", "accepted"),
        (OWNER, "report_progress", "accepted", "in_progress"),
        (OWNER, "submit", "in_progress", "submitted"),
        (OFFICER, "sign_off", "submitted", "signed_off"),
    ]
    assert session.exec(select(ProgressReport.progress)).all() == [60]


def test_only_the_office_may_sign_off(session: Session, task: Task) -> None:
    owner = actor_by_email(session, OWNER)
    common = {"session": session, "task_id": task.id, "now": OCT_1ST_WEEK, "rules": RULES}
    task_service.accept_task(actor=owner, **common)
    task_service.submit_task(actor=owner, note=None, **common)
    with pytest.raises(IllegalMove, match="only office may sign off"):
        task_service.sign_off_task(actor=owner, **common)


def test_an_extension_requested_after_the_due_date_is_refused(session: Session, task: Task) -> None:
    late = datetime(2026, 10, 19, 2, 0, tzinfo=UTC)
    with pytest.raises(task_service.ExtensionRefused, match="must be requested by the due date"):
        task_service.request_extension(
            session=session,
            task_id=task.id,
            actor=actor_by_email(session, OWNER),
            proposed_due=date(2026, 11, 30),
            reason="来不及",
            now=late,
            rules=RULES,
        )


def test_an_approved_extension_moves_the_due_date_keeps_the_original_and_restarts_the_ladder(
    session: Session, task: Task
) -> None:
    task.ladder_level = 0
    session.add(task)
    owner, office = actor_by_email(session, OWNER), actor_by_email(session, OFFICER)
    request = task_service.request_extension(
        session=session,
        task_id=task.id,
        actor=owner,
        proposed_due=date(2026, 11, 30),
        reason="等待设备到货",
        now=OCT_1ST_WEEK,
        rules=RULES,
    )
    with pytest.raises(task_service.ExtensionRefused, match="only office"):
        task_service.decide_extension(
            session=session,
            request_id=request.id,
            actor=owner,
            approve=True,
            note=None,
            now=OCT_1ST_WEEK,
            rules=RULES,
        )
    task_service.decide_extension(
        session=session,
        request_id=request.id,
        actor=office,
        approve=True,
        note="同意",
        now=OCT_1ST_WEEK,
        rules=RULES,
    )
    session.refresh(task)
    assert (task.due_date, task.original_due_date, task.ladder_level) == (
        date(2026, 11, 30),
        date(2026, 10, 16),
        -1,
    )


def test_a_blocked_task_keeps_its_time_when_unblocked(session: Session, task: Task) -> None:
    owner = actor_by_email(session, OWNER)
    task_service.accept_task(
        session=session, task_id=task.id, actor=owner, now=OCT_1ST_WEEK, rules=RULES
    )
    task_service.block_task(
        session=session,
        task_id=task.id,
        actor=owner,
        reason="等用地指标",
        request_code="YS2026-001",
        now=OCT_1ST_WEEK,
        rules=RULES,
    )
    assert task.next_action_at is None  # its clock is stopped: the sweep leaves it alone
    unblocked = task_service.unblock_task(
        session=session,
        task_id=task.id,
        actor=owner,
        now=datetime(2026, 10, 9, 2, 0, tzinfo=UTC),
        rules=RULES,
    )
    # Blocked 09-28 to 10-09: 09-29, 09-30, 10-08, 10-09 lost; National Day was no loss.
    assert (unblocked.state, unblocked.due_date) == ("accepted", date(2026, 10, 22))
    assert unblocked.original_due_date == date(2026, 10, 16)


def test_an_acknowledged_notice_holds_the_ladder_until_the_hold_runs_out(
    session: Session, task: Task, engine: object
) -> None:
    due_day = datetime(2026, 10, 16, 0, 30, tzinfo=UTC)
    task.next_action_at = due_day
    session.add(task)
    session.commit()
    sweep(engine=session.get_bind(), now=due_day, rules=RULES)  # type: ignore[arg-type]
    session.commit()
    session.refresh(task)
    assert task.ladder_level == 1  # urging slip on the due date
    from models import OutboxMessage

    delivery = session.exec(
        select(OutboxMessage).where(OutboxMessage.recipient_email == OWNER)
    ).one()
    acknowledge_notice(
        session=session,
        outbox_id=delivery.id,
        actor=actor_by_email(session, OWNER),
        now=due_day,
        rules=RULES,
    )
    # Friday's acknowledgement holds Monday, Tuesday and Wednesday: 10-21 is its last day.
    assert task.hold_until == date(2026, 10, 21)
    session.commit()

    for day in (20, 21):  # 10-21 is the coordination notice's own day (due + 3): still held
        held = sweep(
            engine=session.get_bind(),
            now=datetime(2026, 10, day, 0, 30, tzinfo=UTC),  # type: ignore[arg-type]
            rules=RULES,
        )
        assert held.escalated == 0
    goes_on = sweep(
        engine=session.get_bind(),
        now=datetime(2026, 10, 22, 0, 30, tzinfo=UTC),  # type: ignore[arg-type]
        rules=RULES,
    )
    assert goes_on.by_kind == {"coordination": 1}


def test_assigning_needs_the_office_or_the_chains_working_group(
    session: Session, task: Task
) -> None:
    arguments = {
        "session": session,
        "chain_code": "BEARING",
        "title": "组织轴承产业对接会",
        "lead_department": "GXJ",
        "owner_email": OWNER,
        "start": date(2026, 9, 28),
        "working_days": 5,
        "now": OCT_1ST_WEEK,
        "rules": RULES,
    }
    with pytest.raises(AssignmentRefused, match="only the office or the 轴承 working group"):
        assign_task(actor=actor_by_email(session, OWNER), **arguments)  # type: ignore[arg-type]

    assigned = assign_task(actor=actor_by_email(session, OFFICER), **arguments)  # type: ignore[arg-type]
    assert assigned.due_date == date(2026, 10, 10)  # 5 working days, past National Day


def test_a_task_cannot_wait_on_a_request_that_is_already_answered(
    session: Session, task: Task
) -> None:
    from models import FactorRequest

    request = session.exec(select(FactorRequest).where(FactorRequest.code == "YS2026-001")).one()
    request.state = "confirmed"
    session.add(request)
    owner = actor_by_email(session, OWNER)
    task_service.accept_task(
        session=session, task_id=task.id, actor=owner, now=OCT_1ST_WEEK, rules=RULES
    )
    with pytest.raises(task_service.BadTaskInput, match="can only wait on an open request"):
        task_service.block_task(
            session=session, task_id=task.id, actor=owner, reason="等用地指标",
            request_code="YS2026-001", now=OCT_1ST_WEEK, rules=RULES,
        )
