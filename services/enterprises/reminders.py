"""The daily step of the enterprise half: expire lapsed titles, keep each yearly data update
ahead, and remind the chain's lead department of every review and data update in time.

A reminder is a task, made through ``assign_task`` by the system (source ``designation``), so
it is handed over by its 交办单 and climbs the ladder like every task; it is due on the
deadline itself. It goes 60 and 30 working days before the deadline
(``mechanism.designations.REMINDER_LEAD_DAYS``) to the lead department of the title's chain —
its own chain for a 链主 / 领航型, else the first of the enterprise's chains that has a lead
department with somebody in it (``services.people``). Each reminder is made once: the
``designation_reminder`` row (designation, due kind, due date, lead days) is its key. After a
downtime every reminder missed is made at once, as one task for the same deadline.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from mechanism.designations import (
    DEFAULT_KINDS,
    HOLDING,
    DueKind,
    Kind,
    counts,
    kinds_by_code,
    next_data_update,
    reminders_due,
)
from mechanism.vocabulary import TaskSource
from models import Chain, Designation, DesignationReminder, Enterprise, EnterpriseMembership, Person
from services.audit import audit
from services.config import EngineRules
from services.enterprises.counting import expire_lapsed
from services.people import SYSTEM, department_owner, lead_department_of
from services.tasks import AssignmentRefused, assign_task


@dataclass
class ReminderReport:
    today: date
    expired: int = 0
    data_updates_moved: int = 0
    tasks: int = 0
    reminders: int = 0
    skipped: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "today": self.today.isoformat(),
            "expired": self.expired,
            "data_updates_moved": self.data_updates_moved,
            "tasks": self.tasks,
            "reminders": self.reminders,
            "skipped": self.skipped,
        }


def remind(
    *,
    session: Session,
    now: datetime,
    rules: EngineRules,
    kinds: tuple[Kind, ...] = DEFAULT_KINDS,
) -> ReminderReport:
    """One run of the step for the office's day at ``now``; safe to run twice."""
    today = rules.today(now)
    report = ReminderReport(today)
    report.expired = expire_lapsed(session, today=today, now=now)
    by_code = kinds_by_code(kinds)
    held = session.exec(
        select(Designation)
        .where(col(Designation.status).in_(sorted(HOLDING)))
        .order_by(col(Designation.id))
    ).all()
    for row in held:
        if not counts(row.status, row.valid_until, today):
            continue
        kind = by_code.get(row.kind)
        if (
            kind is not None
            and kind.data_update
            and row.data_update_due
            and row.data_update_due < today
        ):
            _move_data_update(session, row, kind.data_update, today, now)
            report.data_updates_moved += 1
        for due_kind, due_on in (
            (DueKind.REVIEW, row.review_due),
            (DueKind.DATA_UPDATE, row.data_update_due),
        ):
            if due_on is not None:
                _remind_one(session, row, kind, due_kind, due_on, now, rules, report)
    session.flush()
    return report


def _move_data_update(
    session: Session, row: Designation, month_day: tuple[int, int], today: date, now: datetime
) -> None:
    before = row.data_update_due
    moved = next_data_update(today - timedelta(days=1), month_day)  # the first not yet past
    row.data_update_due = moved
    row.updated_at = now
    session.add(row)
    assert row.id is not None
    audit(
        session, actor=SYSTEM, entity_type="designation", entity_id=row.id,
        action="data_update_moved", now=now, before=before.isoformat() if before else None,
        after=moved.isoformat(),
    )  # fmt: skip


def _remind_one(
    session: Session,
    row: Designation,
    kind: Kind | None,
    due_kind: DueKind,
    due_on: date,
    now: datetime,
    rules: EngineRules,
    report: ReminderReport,
) -> None:
    due_leads = reminders_due(due_on, report.today, rules.calendar)
    if not due_leads:
        return
    made = set(
        session.exec(
            select(DesignationReminder.lead_days).where(
                DesignationReminder.designation_id == row.id,
                DesignationReminder.due_kind == due_kind.value,
                DesignationReminder.due_on == due_on,
            )
        ).all()
    )
    missing = [n for n in due_leads if n not in made]
    if not missing:
        return
    where = _where_to(session, row)
    firm = session.get(Enterprise, row.enterprise_id)
    assert firm is not None
    name = kind.name_zh if kind is not None else row.kind
    if where is None:
        report.skipped.append(
            f"designation {row.id} ({firm.name} {name}): no chain with a lead department "
            "that has somebody in it"
        )
        return
    chain, department_code, owner = where
    lead = min(missing)
    try:
        with session.begin_nested():
            task = assign_task(
                session=session,
                actor=SYSTEM,
                chain_code=chain.code,
                title=f"{firm.name}{name}{due_kind.zh}（{due_on}截止）",
                lead_department=department_code,
                owner_email=owner.email,
                start=report.today,
                due=due_on,
                source=TaskSource.DESIGNATION,
                requirements=(
                    f"{firm.name}（{firm.credit_code}）的{name}称号{due_kind.zh}将于{due_on}截止"
                    f"（提前{lead}个工作日提醒）。请督促企业按时完成，并在系统中更新称号信息。"
                ),
                now=now,
                rules=rules,
            )
            assert row.id is not None and task.id is not None
            for n in missing:
                session.add(
                    DesignationReminder(
                        designation_id=row.id, due_kind=due_kind.value, due_on=due_on,
                        lead_days=n, task_id=task.id, created_at=now,
                    )
                )  # fmt: skip
            session.flush()
    except IntegrityError:
        return  # another run made it first: once is enough
    except AssignmentRefused as exc:
        report.skipped.append(f"designation {row.id} ({firm.name} {name}): {exc}")
        return
    report.tasks += 1
    report.reminders += len(missing)


def _where_to(session: Session, row: Designation) -> tuple[Chain, str, Person] | None:
    """The chain, lead department code and owner a title's reminder goes to."""
    chain_ids = (
        [row.chain_id]
        if row.chain_id is not None
        else list(
            session.exec(
                select(EnterpriseMembership.chain_id)
                .join(Chain, col(Chain.id) == EnterpriseMembership.chain_id)
                .where(EnterpriseMembership.enterprise_id == row.enterprise_id)
                .order_by(col(Chain.position), col(Chain.id))
            ).all()
        )
    )
    for chain_id in chain_ids:
        department = lead_department_of(session, chain_id)
        if department is None or department.id is None:
            continue
        owner = department_owner(session, department.id)
        chain = session.get(Chain, chain_id)
        if owner is not None and chain is not None:
            return chain, department.code, owner
    return None


def reminder_tasks(session: Session, designation_ids: list[int]) -> dict[int, list[dict[str, Any]]]:
    """The reminder tasks made for each title (designation id → due kind, due date, lead
    days, task id), soonest first: what an enterprise's page links to."""
    found: dict[int, list[dict[str, Any]]] = {}
    if not designation_ids:
        return found
    for reminder in session.exec(
        select(DesignationReminder)
        .where(col(DesignationReminder.designation_id).in_(sorted(designation_ids)))
        .order_by(col(DesignationReminder.due_on), col(DesignationReminder.lead_days).desc())
    ):
        found.setdefault(reminder.designation_id, []).append(
            {"due_kind": reminder.due_kind, "due_on": reminder.due_on,
             "lead_days": reminder.lead_days, "task_id": reminder.task_id}
        )  # fmt: skip
    return found
