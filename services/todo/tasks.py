"""The task half of a to-do: tasks the viewer owns or their department leads, extensions to
decide and tasks to sign off (the office), and the red tasks of a leader's chains.

Each list is ordered most urgent first in SQL and cut at ``limit`` (a department may lead tens
of thousands of tasks; the home page shows the first and counts the rest). The ways a task is
the viewer's run as one query each, so each stays on its index (see ``Viewer.task_ways``).
"""

from dataclasses import dataclass
from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col, func, select

from mechanism.lights import light_reason
from mechanism.vocabulary import Light, TaskState
from models import Chain, Department, ExtensionRequest, Person, Task
from models.sweep import OPEN_TASK_STATES_SQL
from services.config import EngineRules
from services.people import Viewer
from services.tasks import task_timing

Line = dict[str, Any]

# Open and waiting on its owner: a submitted task waits on the office (it is a sign-off).
WAITING_ON_OWNER = (
    TaskState.ASSIGNED.value,
    TaskState.ACCEPTED.value,
    TaskState.IN_PROGRESS.value,
    TaskState.BLOCKED.value,
)


# The open states as literals, so SQLite may read the partial indexes (models.sweep).
OPEN = col(Task.state).in_(OPEN_TASK_STATES_SQL)


@dataclass(frozen=True)
class Cut:
    """The first lines of a list and how many there are in all."""

    lines: list[Line]
    total: int


def _task_select() -> Any:
    return (
        # sqlalchemy's select: sqlmodel's overloads stop at four columns
        sa.select(Task, col(Chain.code), col(Department.code), col(Person.email), col(Person.name))
        .join(Chain, col(Chain.id) == Task.chain_id)
        .join(Department, col(Department.id) == Task.lead_department_id)
        .join(Person, col(Person.id) == Task.owner_id)
    )


def task_line(row: Any, today: date, rules: EngineRules, mine: str | None = None) -> Line:
    """One task as a to-do line: its light and why, the due date and the working days left
    (negative when overdue), who leads it and the ladder rung it has reached."""
    task, chain, department, owner, owner_name = row
    timing = task_timing(task)
    reason = light_reason(timing, today=today, calendar=rules.calendar, rules=rules.lights)
    return {
        "id": task.id,
        "chain": chain,
        "title": task.title,
        "state": task.state,
        "light": task.light,
        "reason": reason,
        "due_date": task.due_date,
        "working_days_left": rules.calendar.between(today, task.due_date),
        "overdue": task.due_date < today,
        "progress": task.progress,
        "lead_department": department,
        "owner": owner,
        "owner_name": owner_name,
        "ladder_level": task.ladder_level,
        "mine_as": mine,
        "path": f"/tasks/{task.id}",
    }


def own_tasks(
    session: Session, viewer: Viewer, *, today: date, rules: EngineRules, limit: int
) -> Cut:
    """Open tasks the viewer owns or their department leads, red first, then yellow, then
    green, each by due date: per way and per light one index range (ix_task_open_department,
    ix_task_open_owner), cut at ``limit`` — never a sort of all a department's tasks."""
    ways: list[tuple[str, sa.ColumnElement[bool]]] = []
    if viewer.actor.person_id is not None:
        ways.append(("owner", col(Task.owner_id) == viewer.actor.person_id))
    if viewer.department_id is not None:
        ways.append(("department", col(Task.lead_department_id) == viewer.department_id))
    if not ways:
        return Cut([], 0)
    waiting = sa.and_(OPEN, col(Task.state).in_(WAITING_ON_OWNER))
    found: dict[int, tuple[Any, str]] = {}
    for light in (Light.RED, Light.YELLOW, Light.GREEN):
        for mine, where in ways:
            query = (
                _task_select()
                .where(where, col(Task.light) == light.value, waiting)
                .order_by(col(Task.due_date), col(Task.id))
                .limit(limit)
            )
            for row in session.exec(query).all():
                found.setdefault(row[0].id, (row, mine))
        if len(found) >= limit:
            break  # the lights after this one come after these lines anyway
    total = sum(_count(session, where, waiting) for _, where in ways)
    if len(ways) == 2:  # a task the viewer owns in their own department is counted once
        total -= _count(session, *(where for _, where in ways), waiting)
    ranked = sorted(found.values(), key=lambda pair: _urgency(pair[0][0]))[:limit]
    return Cut([task_line(row, today, rules, mine) for row, mine in ranked], total)


def _urgency(task: Task) -> tuple[int, date, int]:
    rank = {Light.RED.value: 0, Light.YELLOW.value: 1}.get(task.light, 2)
    return rank, task.due_date, task.id or 0


def _count(session: Session, *where: sa.ColumnElement[bool]) -> int:
    return session.exec(select(func.count()).select_from(Task).where(*where)).one()


def sign_offs(session: Session, *, today: date, rules: EngineRules, limit: int) -> Cut:
    """Tasks reported done (报结) and waiting for the office's 销号, oldest due first."""
    # A literal, not a bound value: then SQLite may read the partial index ix_task_submitted.
    where = col(Task.state) == sa.literal_column(f"'{TaskState.SUBMITTED.value}'")
    query = _task_select().where(where).order_by(col(Task.due_date), col(Task.id)).limit(limit)
    lines = [task_line(row, today, rules) for row in session.exec(query).all()]
    return Cut(lines, _count(session, where))


def extensions(session: Session, *, today: date, rules: EngineRules, limit: int) -> Cut:
    """Extension requests waiting for the office's decision, the earliest current due first."""
    pending = col(ExtensionRequest.state) == "pending"
    query = (
        _task_select()
        .add_columns(ExtensionRequest)
        .join(ExtensionRequest, col(ExtensionRequest.task_id) == Task.id)
        .where(pending)
        .order_by(col(ExtensionRequest.current_due_date), col(ExtensionRequest.id))
        .limit(limit)
    )
    lines = []
    for *row, asked in session.exec(query).all():
        line = task_line(row, today, rules)
        line.update(
            {
                "task_id": line["id"],
                "id": asked.id,
                "proposed_due_date": asked.proposed_due_date,
                "current_due_date": asked.current_due_date,
                "extension_reason": asked.reason,
                "requested_at": asked.requested_at,
            }
        )
        lines.append(line)
    total = session.exec(select(func.count()).select_from(ExtensionRequest).where(pending)).one()
    return Cut(lines, total)


def red_tasks(
    session: Session, chain_ids: list[int] | None, *, today: date, rules: EngineRules, limit: int
) -> Cut:
    """Open red tasks of these chains (None: every chain), the longest overdue first."""
    where: list[sa.ColumnElement[bool]] = [
        col(Task.light) == Light.RED.value,
        OPEN,
        col(Task.state).in_(WAITING_ON_OWNER),
    ]
    if chain_ids is not None:
        where.append(col(Task.chain_id).in_(chain_ids))
    query = _task_select().where(*where).order_by(col(Task.due_date), col(Task.id)).limit(limit)
    lines = [task_line(row, today, rules) for row in session.exec(query).all()]
    return Cut(lines, _count(session, *where))
