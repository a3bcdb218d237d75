"""Notices for the hand-overs of a task: the assignment notice (交办单) when it is assigned, and a
hand-over notice (流转通知) each time a move passes it to another hand — an extension requested
or a task submitted for sign-off (报结) goes to the office; an extension decided, a task returned
or signed off (销号) goes back to the owner.

They go through the outbox like every notice, in the transaction of the move that caused them
(the move and its notice commit or vanish together), so the digest, working-hours and
acknowledgement rules apply. Their kinds are not rungs of the ladder: acknowledging one does not
hold the ladder, and the monthly bulletin's ladder figures leave them out.
"""

from datetime import date, datetime
from typing import Any

from sqlmodel import Session, col, func, select

from mechanism.ladder import RecipientRole
from mechanism.vocabulary import ASSIGNMENT, HANDOVER
from mechanism.workdays import Workdays
from models import Department, Notice, Task, TaskCoDepartment
from services.config import EngineRules
from services.outbox import NewNotice, issue_notices
from services.people import Actor, Directory, Recipient


def task_facts(task: Any, directory: Directory, calendar: Workdays, today: date) -> dict[str, Any]:
    """What every notice about a task says of it, frozen now: templates render these, never
    live rows. ``task`` is a Task or a row with the same column names (the sweep's)."""
    owner = directory.people.get(task.owner_id)
    department = directory.departments.get(task.lead_department_id, (None, ""))
    return {
        "task_id": task.id,
        "title": task.title,
        "chain_code": directory.chain_codes[task.chain_id],
        "chain_name": directory.chain_names[task.chain_id],
        "owner_name": owner.name if owner else None,
        "owner_email": owner.email if owner else None,
        "department_name": department[1],
        "start_date": task.start_date.isoformat(),
        "due_date": task.due_date.isoformat(),
        "original_due_date": task.original_due_date.isoformat(),
        "progress": task.progress,
        "light": task.light,
        "working_days_left": max(0, calendar.between(today, task.due_date)),
        "working_days_overdue": max(0, calendar.between(task.due_date, today)),
        "issued_on": today.isoformat(),
    }


def tell_assigned(
    session: Session,
    tasks: list[Task],
    *,
    directory: Directory,
    actor: Actor,
    now: datetime,
    rules: EngineRules,
) -> None:
    """The 交办单 (numbered) of each task to its owner, lead department and co-departments,
    with the ``directory`` the caller has already loaded. Several at once (a workbook's new
    plan tasks) reach each recipient as one digest, since the dispatcher merges what is due
    for one address."""
    session.flush()  # the tasks and their co-departments, as the outbox will see them
    today = rules.today(now)
    notices = []
    for task in tasks:
        co = _co_departments(session, task)
        recipients = [
            *_owner(directory, task),
            *_department(directory, task.lead_department_id, RecipientRole.LEAD_DEPARTMENT),
            *(d for i in co for d in _department(directory, i, RecipientRole.CO_DEPARTMENT)),
        ]
        facts = {
            **task_facts(task, directory, rules.calendar, today),
            "requirements": task.requirements,
            "co_department_names": [directory.departments[i][1] for i in co],
            "working_days": max(0, rules.calendar.between(task.start_date, task.due_date)),
            "assigned_by": _name(directory, actor),
        }
        key = f"task:{task.id}:assignment"
        notices.append(_notice(task, ASSIGNMENT, key, facts, recipients, today))
    issued = [n for n in notices if n is not None]
    issue_notices(session.connection(), issued, now=now, directory=directory, rules=rules)


def tell_handover(
    session: Session,
    task: Task,
    event: str,
    *,
    actor: Actor,
    now: datetime,
    rules: EngineRules,
    **details: Any,
) -> None:
    """A hand-over notice of ``event`` (``extension_requested``, ``submitted``: to the office;
    ``extension_decided``, ``returned``, ``signed_off``: to the owner), with ``details`` (the
    reason, the decision, the proposed date …) among its facts."""
    directory = _directory(session, rules)
    if event in OFFICE_EVENTS:
        recipients = [
            Recipient(email, name, RecipientRole.OFFICE)
            for email, name in directory.office_recipients()
        ]
    else:
        recipients = _owner(directory, task)
    facts = {
        **task_facts(task, directory, rules.calendar, rules.today(now)),
        "event": event,
        "by": _name(directory, actor),
        **details,
    }
    # The same move may come again (submitted, returned, submitted …): each is its own notice.
    prefix = f"task:{task.id}:{event}:"
    earlier = session.exec(
        select(func.count())
        .select_from(Notice)
        .where(col(Notice.key).startswith(prefix, autoescape=True))
    ).one()
    key = f"{prefix}{earlier + 1}"
    notice = _notice(task, HANDOVER, key, facts, recipients, rules.today(now))
    if notice is not None:
        issue_notices(session.connection(), [notice], now=now, directory=directory, rules=rules)


OFFICE_EVENTS = frozenset({"extension_requested", "submitted"})  # the rest go to the owner


def _notice(
    task: Task,
    kind: str,
    key: str,
    facts: dict[str, Any],
    recipients: list[Recipient],
    today: date,
) -> NewNotice | None:
    if not recipients or task.id is None:
        return None  # nobody to tell (an office with no members and no mailbox)
    return NewNotice(
        key=key,
        kind=kind,
        level=-1,  # no rung of the ladder
        chain_id=task.chain_id,
        subject_type="task",
        subject_id=task.id,
        year=today.year,
        facts=facts,
        recipients=_each_once(recipients),
    )


def _directory(session: Session, rules: EngineRules) -> Directory:
    session.flush()  # the task and the move, as the outbox will see them
    return Directory(session.connection(), office_mailbox=rules.office_mailbox)


def _co_departments(session: Session, task: Task) -> list[int]:
    return list(
        session.exec(
            select(TaskCoDepartment.department_id)
            .join(Department, col(Department.id) == TaskCoDepartment.department_id)
            .where(TaskCoDepartment.task_id == task.id)
            .order_by(col(Department.code))
        )
    )


def _owner(directory: Directory, task: Task) -> list[Recipient]:
    owner = directory.people.get(task.owner_id)
    return [Recipient(owner.email, owner.name, RecipientRole.OWNER)] if owner else []


def _department(directory: Directory, department_id: int, role: RecipientRole) -> list[Recipient]:
    email, name = directory.departments.get(department_id, (None, ""))
    return [Recipient(email, name, role)] if email else []


def _each_once(recipients: list[Recipient]) -> list[Recipient]:
    """Each address once, in the order given (an owner who is also the department's mailbox)."""
    found: dict[str, Recipient] = {}
    for recipient in recipients:
        found.setdefault(recipient.email.lower(), recipient)
    return list(found.values())


def _name(directory: Directory, actor: Actor) -> str:
    person = directory.people.get(actor.person_id) if actor.person_id is not None else None
    return person.name if person else actor.label
