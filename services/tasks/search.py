"""One task list across chains: the tasks a viewer may see, filtered, sorted and paged in SQL.

The ``/tasks`` page, ``GET /api/tasks``, ``chainops tasks list`` and a chain's task list all
ask this one query. Filters name things as people write them (a chain or department code, an
owner's email, a light, a state or ``open``); a value the list does not know raises
:class:`BadFilter` naming the parameter. The count and the page are both computed by the
database — the page's ids first, on the narrow columns, then names for those rows only — so a
page costs about the same with ten tasks or a million.

Text in the title (``q``) is a case-insensitive substring. On SQLite a trigram index (the
FTS5 table of migration 0011) finds the candidates when ``q`` has three characters or more,
and the same LIKE as without it decides; PostgreSQL's ILIKE uses its pg_trgm index itself.
"""

from dataclasses import dataclass
from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col, func, select

from mechanism.lights import light_reason
from mechanism.vocabulary import OPEN_TASK_STATES, Light, TaskSource, TaskState
from mechanism.wording import Said
from models import Chain, Department, FactorRequest, Person, Task
from models.sweep import OPEN_TASK_STATES_SQL
from models.task import TITLE_SEARCH
from services.config import EngineRules
from services.lookups import UnknownChain, chain_by_code
from services.paging import BadListInput
from services.people import Viewer
from services.tasks.clock import task_timing
from services.tasks.particulars import MAX_TITLE

TASKS_PER_PAGE = 50
OPEN = "open"  # the state filter for every open state at once
SORTS = ("due", "light", "progress", "chain")
MAX_DUE_WITHIN = 1000  # working days: four years, past any deadline a task may have
_TRIGRAM = 3  # the trigram index finds substrings of at least three characters
_ESCAPE = "\\"
_OPEN_STATES = OPEN_TASK_STATES_SQL  # literals: the indexes on open tasks may be read
_LIT: sa.BindParameter[str] = sa.bindparam(
    "lit", [Light.RED.value, Light.YELLOW.value], expanding=True, literal_execute=True
)


class BadFilter(BadListInput):
    """A filter value the task list does not take; ``field`` names the query parameter."""

    def __init__(self, field: str, value: object, problem: str | None = None) -> None:
        super().__init__(f"{field}: {problem or f'unknown value {value!r}'}")
        self.field = field
        self.value = value


@dataclass(frozen=True)
class TaskFilters:
    """What the list is narrowed to; None (or False) leaves a filter out.

    ``chain`` and ``department`` are codes, ``owner`` an email; ``state`` a TaskState value or
    ``open``; ``overdue``: open and past the due date; ``due_within``: open and due on or before
    the N-th working day from today (overdue ones too); ``q``: text in the title.
    ``chain_id``: a chain already looked up (the chain page)."""

    chain: str | None = None
    department: str | None = None
    owner: str | None = None
    light: str | None = None
    state: str | None = None
    overdue: bool = False
    due_within: int | None = None
    q: str | None = None
    chain_id: int | None = None


@dataclass(frozen=True)
class TaskRow:
    id: int
    title: str
    source: TaskSource
    owner: str  # the owner's name
    department: str  # the lead department's Chinese name
    due_date: date
    original_due_date: date
    progress: int
    light: str
    state: TaskState
    overdue: bool
    chain: str  # the chain's code
    department_code: str
    department_en: str  # its English name, the Chinese where it has none
    owner_email: str
    start_date: date
    ladder_level: int
    blocked_by: str | None  # the factor request it waits on
    reason: Said | None  # why it is red or yellow (None when green, or without rules)


@dataclass(frozen=True)
class TaskPage:
    rows: list[TaskRow]
    total: int
    page: int
    pages: int
    per_page: int


def task_conditions(
    session: Session,
    viewer: Viewer | None,
    today: date,
    filters: TaskFilters,
    rules: EngineRules | None = None,
) -> list[sa.ColumnElement[bool]]:
    """The WHERE clause of the list: what ``viewer`` may see (everything for None: the
    command line) under ``filters``. BadFilter for a value the list does not take."""
    where: list[sa.ColumnElement[bool]] = []
    if viewer is not None:
        where.append(viewer.task_filter(Task))
    if filters.chain_id is not None:
        where.append(col(Task.chain_id) == filters.chain_id)
    if filters.chain:
        where.append(col(Task.chain_id) == _chain_id(session, filters.chain))
    if filters.department:
        where.append(col(Task.lead_department_id) == _department_id(session, filters.department))
    if filters.owner:
        where.append(col(Task.owner_id) == _person_id(session, filters.owner))
    if filters.light:
        if filters.light not in {m.value for m in Light}:
            raise BadFilter("light", filters.light)
        where.append(col(Task.light) == filters.light)
        if filters.light != Light.GREEN.value:
            where.append(col(Task.light).in_(_LIT))  # says so, for the index of lit tasks
    if filters.state == OPEN:
        where.append(col(Task.state).in_(_OPEN_STATES))
    elif filters.state:
        if filters.state not in {m.value for m in TaskState}:
            raise BadFilter("state", filters.state)
        where.append(col(Task.state) == filters.state)
    if filters.overdue:
        where += [col(Task.state).in_(_OPEN_STATES), col(Task.due_date) < today]
    if filters.due_within is not None:
        days = filters.due_within
        if not 0 <= days <= MAX_DUE_WITHIN:
            raise BadFilter("due_within", days, f"0 to {MAX_DUE_WITHIN} working days, not {days}")
        if rules is None:
            raise ValueError("due_within counts working days: the rules' calendar is needed")
        last = rules.calendar.add(today, days)
        where += [col(Task.state).in_(_OPEN_STATES), col(Task.due_date) <= last]
    text = (filters.q or "").strip()
    if len(text) > MAX_TITLE:
        raise BadFilter("q", text, f"at most {MAX_TITLE} characters (a title has no more)")
    if text:
        where.append(_title_contains(session, text))
    return where


def count_tasks(
    *,
    session: Session,
    viewer: Viewer | None,
    today: date,
    filters: TaskFilters,
    rules: EngineRules | None = None,
) -> int:
    where = task_conditions(session, viewer, today, filters, rules)
    return int(session.exec(select(func.count()).select_from(Task).where(*where)).one())


def search_tasks(
    *,
    session: Session,
    viewer: Viewer | None,
    today: date,
    filters: TaskFilters,
    rules: EngineRules | None = None,
    sort: str = "due",
    descending: bool = False,
    page: int = 1,
    per_page: int | None = TASKS_PER_PAGE,
) -> TaskPage:
    """One page of the list; a page past the end shows the last one (``per_page`` None: every
    row on one page). Sorts: see :func:`task_order`. Rows say why they are red or yellow
    when ``rules`` are given."""
    order = task_order(sort, descending)
    where = task_conditions(session, viewer, today, filters, rules)
    total = int(session.exec(select(func.count()).select_from(Task).where(*where)).one())
    size = per_page or max(1, total)
    pages = max(1, -(-total // size))
    page = min(max(1, page), pages)
    rows = page_rows(
        session, where, order, limit=size, offset=(page - 1) * size, today=today, rules=rules
    )
    return TaskPage(rows, total, page, pages, size)


def page_rows(
    session: Session,
    where: list[sa.ColumnElement[bool]],
    order: list[Any],
    *,
    limit: int,
    offset: int,
    today: date,
    rules: EngineRules | None,
) -> list[TaskRow]:
    """The rows ``offset`` to ``offset + limit`` of the tasks ``where`` keeps, in ``order``.

    The narrow sort keys are paged first, then names are joined to the page's rows only: rows
    skipped by OFFSET are never joined or read whole."""
    ids = select(Task.id).where(*where).order_by(*order).limit(limit).offset(offset)
    found = session.exec(
        select(Task, Chain.code, Department, Person)
        .join(Chain, col(Chain.id) == Task.chain_id)
        .join(Department, col(Department.id) == Task.lead_department_id)
        .join(Person, col(Person.id) == Task.owner_id)
        .where(col(Task.id).in_(ids.scalar_subquery()))
        .order_by(*order)
    ).all()
    waiting = [t.blocked_by_request_id for t, *_ in found if t.blocked_by_request_id]
    codes: dict[int | None, str] = {}
    if waiting:
        request_codes = select(FactorRequest.id, FactorRequest.code)
        codes = dict(session.exec(request_codes.where(col(FactorRequest.id).in_(waiting))).all())
    return [_row(*row, codes, today, rules) for row in found]


def task_chains(*, session: Session, viewer: Viewer) -> list[Chain]:
    """The chains of the tasks ``viewer`` may see, in the city's order, for the list's filter:
    the chains they read, and those of the tasks their department leads or they own (one
    indexed query each, merged: an OR of them would read every task)."""
    query = select(Chain).order_by(col(Chain.position), col(Chain.code))
    if viewer.reads_every_chain:
        return list(session.exec(query))
    read = viewer.team_chains | viewer.leader_chains
    ways: list[sa.ColumnElement[bool]] = []
    if viewer.department_id is not None:
        ways.append(col(Task.lead_department_id) == viewer.department_id)
    if viewer.actor.person_id is not None:
        ways.append(col(Task.owner_id) == viewer.actor.person_id)
    theirs: list[sa.ColumnElement[bool]] = [col(Chain.id).in_(sorted(read))] if read else []
    if ways:
        theirs.append(
            col(Chain.id).in_(sa.union(*(select(col(Task.chain_id)).where(w) for w in ways)))
        )
    if not theirs:
        return []
    return list(session.exec(query.where(sa.or_(*theirs))))


def task_order(sort: str, descending: bool = False) -> list[Any]:
    """ORDER BY for ``sort``: ``due`` (due date), ``light`` (red, yellow, green), ``progress``
    (least first) or ``chain`` (the order chains were entered in), each then by due date and
    id; ``descending`` turns the first key only. BadFilter for another sort."""
    if sort not in SORTS:
        raise BadFilter("sort", sort, f"one of {', '.join(SORTS)}, not {sort!r}")
    ties: list[Any] = [col(Task.due_date), col(Task.id)]
    if sort == "due":
        first: Any = col(Task.due_date)
        ties = [col(Task.id)]
    elif sort == "light":
        red, yellow = Light.RED.value, Light.YELLOW.value
        first = sa.case((col(Task.light) == red, 0), (col(Task.light) == yellow, 1), else_=2)
    elif sort == "progress":
        first = col(Task.progress)
    else:
        first = col(Task.chain_id)
    return [first.desc() if descending else first, *ties]


def _title_contains(session: Session, text: str) -> sa.ColumnElement[bool]:
    """Title contains ``text``, ignoring the case of Latin letters; ``%`` and ``_`` are
    themselves, not wildcards."""
    pattern = "%" + "".join(_ESCAPE + c if c in "%_\\" else c for c in text) + "%"
    title = col(Task.title)
    if session.get_bind().dialect.name != "sqlite":
        return title.ilike(pattern, escape=_ESCAPE)
    like = title.like(pattern, escape=_ESCAPE)  # SQLite's LIKE ignores ASCII case already
    if len(text) < _TRIGRAM:
        return like  # too short for a trigram: every title is read
    # A phrase of the trigram table matches titles that contain it; LIKE then has the last
    # word, so both ways give the same rows.
    phrase = '"' + text.replace('"', '""') + '"'
    index = sa.table(TITLE_SEARCH, sa.column("rowid"))
    matching = select(index.c.rowid).where(sa.literal_column(TITLE_SEARCH).op("MATCH")(phrase))
    return sa.and_(col(Task.id).in_(matching), like)


def _chain_id(session: Session, code: str) -> int:
    try:
        return chain_by_code(session, code.strip()).id or 0
    except UnknownChain as exc:
        raise BadFilter("chain", code, str(exc)) from None


def _department_id(session: Session, code: str) -> int:
    found = session.exec(select(Department.id).where(Department.code == code.strip())).first()
    if found is None:
        raise BadFilter("department", code, f"no department {code!r}")
    return found


def _person_id(session: Session, email: str) -> int:
    wanted = email.strip().lower()
    found = session.exec(select(Person.id).where(func.lower(Person.email) == wanted)).first()
    if found is None:
        raise BadFilter("owner", email, f"no person with the email {email!r}")
    return found


def _row(
    task: Task,
    chain: str,
    department: Department,
    owner: Person,
    codes: dict[int | None, str],
    today: date,
    rules: EngineRules | None,
) -> TaskRow:
    state = TaskState(task.state)
    reason = None
    if rules is not None and task.light != Light.GREEN.value:
        timing = task_timing(task)
        reason = light_reason(timing, today=today, calendar=rules.calendar, rules=rules.lights)
    return TaskRow(
        id=task.id or 0,
        title=task.title,
        source=TaskSource(task.source),
        owner=owner.name,
        department=department.name_zh,
        due_date=task.due_date,
        original_due_date=task.original_due_date,
        progress=task.progress,
        light=task.light,
        state=state,
        overdue=state in OPEN_TASK_STATES and task.due_date < today,
        chain=chain,
        department_code=department.code,
        department_en=department.name_en or department.name_zh,
        owner_email=owner.email,
        start_date=task.start_date,
        ladder_level=task.ladder_level,
        blocked_by=codes.get(task.blocked_by_request_id),
        reason=reason,
    )
