"""A chain's tasks a page at a time, as the chain page lists them: filtered by light or state
in SQL, only what the viewer sees, ordered by due date."""

from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from sqlmodel import Session, col, func, select

from mechanism.vocabulary import OPEN_TASK_STATES, Light, TaskSource, TaskState
from models import Department, Person, Task
from services.people import Viewer

TASKS_PER_PAGE = 50
OPEN = "open"  # the state filter for every open state at once


class BadFilter(ValueError):
    """A filter value the task list does not know; ``field`` names the query parameter."""

    def __init__(self, field: str, value: str) -> None:
        super().__init__(f"{field}: unknown value {value!r}")
        self.field = field
        self.value = value


@dataclass(frozen=True)
class TaskRow:
    id: int
    title: str
    source: TaskSource
    owner: str
    department: str
    due_date: date
    original_due_date: date
    progress: int
    light: str
    state: TaskState
    overdue: bool


@dataclass(frozen=True)
class TaskPage:
    rows: list[TaskRow]
    total: int
    page: int
    pages: int
    per_page: int


def task_conditions(
    chain_id: int, viewer: Viewer, *, light: str | None, state: str | None
) -> list[sa.ColumnElement[bool]]:
    """The WHERE clause of the chain's task list; unknown filter values raise BadFilter."""
    where: list[sa.ColumnElement[bool]] = [
        col(Task.chain_id) == chain_id,
        viewer.task_filter(Task),
    ]
    if light:
        if light not in {m.value for m in Light}:
            raise BadFilter("light", light)
        where.append(col(Task.light) == light)
    if state == OPEN:
        where.append(col(Task.state).in_(sorted(s.value for s in OPEN_TASK_STATES)))
    elif state:
        if state not in {m.value for m in TaskState}:
            raise BadFilter("state", state)
        where.append(col(Task.state) == state)
    return where


def chain_tasks(
    *,
    session: Session,
    chain_id: int,
    viewer: Viewer,
    today: date,
    page: int = 1,
    light: str | None = None,
    state: str | None = None,
    per_page: int = TASKS_PER_PAGE,
) -> TaskPage:
    """One page of the chain's tasks by due date; a page past the end shows the last one.

    Counted and paged in the database (the chain-id index finds the rows; the sort touches
    only this chain's), so the page costs the same with ten tasks or a million in the city.
    """
    where = task_conditions(chain_id, viewer, light=light, state=state)
    total = session.exec(select(func.count()).select_from(Task).where(*where)).one()
    pages = max(1, -(-total // per_page))
    page = min(max(1, page), pages)
    order = (col(Task.due_date), col(Task.id))
    # Page the narrow (due date, id) pairs first, then join names to the page's rows only:
    # rows skipped by OFFSET are never joined or read whole.
    ids = select(Task.id).where(*where).order_by(*order).limit(per_page)
    ids = ids.offset((page - 1) * per_page)
    rows = session.exec(
        select(Task, Person.name, Department.name_zh)
        .join(Person, col(Person.id) == Task.owner_id)
        .join(Department, col(Department.id) == Task.lead_department_id)
        .where(col(Task.id).in_(ids.scalar_subquery()))
        .order_by(*order)
    ).all()
    return TaskPage(
        [
            TaskRow(
                id=t.id or 0,
                title=t.title,
                source=TaskSource(t.source),
                owner=owner,
                department=department,
                due_date=t.due_date,
                original_due_date=t.original_due_date,
                progress=t.progress,
                light=t.light,
                state=TaskState(t.state),
                overdue=t.state in OPEN_TASK_STATES and t.due_date < today,
            )
            for t, owner, department in rows
        ],
        total,
        page,
        pages,
        per_page,
    )
