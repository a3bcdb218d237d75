"""What the task pages show: one task with its names resolved, its progress reports, extension
requests, audit trail (留痕) and the notices issued about it with each recipient's delivery,
and which moves the viewer may make now (read from the lifecycle table, never restated).
A chain's tasks a page at a time: ``services.tasks.chain_list``."""

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlmodel import Session, col, select

from mechanism.lifecycle import ASSIGNERS, MOVES, Action, Role
from mechanism.notice_reasons import why
from mechanism.vocabulary import (
    NoticeKind,
    OutboxState,
    TaskState,
)
from models import (
    ActionPlan,
    ActionPlanItem,
    AuditEvent,
    Chain,
    Department,
    ExtensionRequest,
    FactorRequest,
    ListItem,
    Notice,
    OutboxMessage,
    Person,
    ProgressReport,
    Task,
    TaskCoDepartment,
)
from services.people import Viewer, roles_on
from services.tasks.moves import TaskNotFound


@dataclass(frozen=True)
class Report:
    at: datetime
    by: str | None
    progress: int
    note: str | None


@dataclass(frozen=True)
class Extension:
    id: int
    requested_at: datetime
    requested_by: str | None
    current_due: date
    proposed_due: date
    reason: str
    state: str
    decided_by: str | None
    decided_at: datetime | None
    note: str | None


@dataclass(frozen=True)
class Delivery:
    name: str | None
    email: str
    role: str
    state: OutboxState
    attempts: int
    sent_at: datetime | None
    acknowledged_at: datetime | None


@dataclass(frozen=True)
class IssuedNotice:
    number: str | None
    kind: NoticeKind | str  # the ladder's kinds; another rule's notice keeps its own code
    level: int
    issued_at: datetime
    reason: str | None
    recipients: list[Delivery]


@dataclass(frozen=True)
class TaskSheet:
    task: Task
    chain: Chain
    plan_item: str | None  # "2026 · 5. title"
    list_item: str | None
    owner: Person
    lead_department: Department
    co_departments: list[str]
    blocked_by: str | None  # the factor request's code
    reports: list[Report]
    extensions: list[Extension]
    history: list[AuditEvent]
    history_details: dict[int, dict[str, Any]]  # by event id: the detail with names for ids
    notices: list[IssuedNotice]
    roles: frozenset[Role]
    moves: frozenset[Action]
    departments: list[tuple[str, str]] = field(default_factory=list)  # for the edit form


def visible_task(*, session: Session, task_id: int, viewer: Viewer) -> Task:
    """The task if the viewer sees it; TaskNotFound either way otherwise (no existence leak)."""
    task = session.get(Task, task_id)
    if task is None or not viewer.sees_task(
        chain_id=task.chain_id, lead_department_id=task.lead_department_id, owner_id=task.owner_id
    ):
        raise TaskNotFound(f"no task {task_id}")
    return task


def open_moves(state: TaskState, roles: frozenset[Role]) -> frozenset[Action]:
    """The moves someone holding ``roles`` may make on a task in ``state`` (the table's say)."""
    return frozenset(
        action for action, move in MOVES.items() if state in move.sources and roles & move.roles
    )


def may_ever(action: Action, roles: frozenset[Role]) -> bool:
    """Whether ``roles`` may make ``action`` in some state: a refusal otherwise is not theirs."""
    return bool(roles & MOVES[action].roles)


def task_sheet(*, session: Session, task_id: int, viewer: Viewer) -> TaskSheet:
    task = visible_task(session=session, task_id=task_id, viewer=viewer)
    chain = session.get(Chain, task.chain_id)
    owner = session.get(Person, task.owner_id)
    department = session.get(Department, task.lead_department_id)
    assert chain is not None and owner is not None and department is not None
    roles = roles_on(session, viewer.actor, task)
    history = list(
        session.exec(
            select(AuditEvent)
            .where(AuditEvent.entity_type == "task", AuditEvent.entity_id == task_id)
            .order_by(col(AuditEvent.at).desc(), col(AuditEvent.id).desc())
        )
    )
    return TaskSheet(
        task=task,
        chain=chain,
        plan_item=_plan_item(session, task),
        list_item=_list_item(session, task),
        owner=owner,
        lead_department=department,
        co_departments=list(
            session.exec(
                select(Department.name_zh)
                .join(TaskCoDepartment, col(TaskCoDepartment.department_id) == Department.id)
                .where(TaskCoDepartment.task_id == task_id)
                .order_by(col(Department.code))
            )
        ),
        blocked_by=_request_code(session, task.blocked_by_request_id),
        reports=_reports(session, task_id),
        extensions=_extensions(session, task_id),
        history=history,
        history_details=readable_details(session, history),
        notices=_notices(session, task_id),
        roles=roles,
        moves=open_moves(TaskState(task.state), roles),
        departments=_departments(session) if roles & ASSIGNERS else [],
    )


def _departments(session: Session) -> list[tuple[str, str]]:
    """(code, name) of every department, for the edit form's lead-department choice."""
    return [
        (d.code, d.name_zh) for d in session.exec(select(Department).order_by(col(Department.code)))
    ]


# Audit details name chains, departments and people by id (the trail must not change when a
# name does); the page names them as they are called now.
_NAMED_BY_ID: dict[str, tuple[str, Any, Any]] = {
    "chain_id": ("chain", Chain.id, Chain.code),
    "lead_department_id": ("lead_department", Department.id, Department.name_zh),
    "owner_id": ("owner", Person.id, Person.name),
    "co_departments": ("co_departments", Department.id, Department.name_zh),
}


def readable_details(session: Session, events: list[AuditEvent]) -> dict[int, dict[str, Any]]:
    """Each event's detail with the ids in it replaced by names (``owner_id`` 28 → ``owner``
    夏雨; ``co_departments`` [[], [3]] → [[], ["市发展和改革委员会"]]); an id no longer known
    stays a number."""
    wanted: dict[str, set[int]] = {key: set() for key in _NAMED_BY_ID}
    for event in events:
        for key, value in (event.detail or {}).items():
            if key in wanted:
                wanted[key].update(_ids(value))
    names: dict[str, dict[int, str]] = {}
    for key, (_, id_column, name_column) in _NAMED_BY_ID.items():
        query = select(id_column, name_column).where(id_column.in_(sorted(wanted[key])))
        names[key] = {int(i): str(n) for i, n in session.exec(query)} if wanted[key] else {}
    readable: dict[int, dict[str, Any]] = {}
    for event in events:
        shown: dict[str, Any] = {}
        for key, value in (event.detail or {}).items():
            if key in _NAMED_BY_ID:
                shown[_NAMED_BY_ID[key][0]] = _named(value, names[key])
            else:
                shown[key] = value
        readable[event.id or 0] = shown
    return readable


def _ids(value: Any) -> list[int]:
    if isinstance(value, bool):
        return []
    if isinstance(value, int):
        return [value]
    if isinstance(value, list):
        return [i for part in value for i in _ids(part)]
    return []


def _named(value: Any, names: dict[int, str]) -> Any:
    if isinstance(value, list):
        return [_named(part, names) for part in value]
    if isinstance(value, int) and not isinstance(value, bool):
        return names.get(value, value)
    return value


def extension_of(*, session: Session, task_id: int, request_id: int) -> ExtensionRequest:
    """The extension request ``request_id`` of this task (TaskNotFound if it is another's)."""
    request = session.get(ExtensionRequest, request_id)
    if request is None or request.task_id != task_id:
        raise TaskNotFound(f"no extension request {request_id} on task {task_id}")
    return request


def _plan_item(session: Session, task: Task) -> str | None:
    if task.plan_item_id is None:
        return None
    row = session.exec(
        select(ActionPlan.year, ActionPlanItem.item_no, ActionPlanItem.title)
        .join(ActionPlan, col(ActionPlan.id) == ActionPlanItem.plan_id)
        .where(ActionPlanItem.id == task.plan_item_id)
    ).first()
    return f"{row[0]} · {row[1]}. {row[2]}" if row else None


def _list_item(session: Session, task: Task) -> str | None:
    if task.list_item_id is None:
        return None
    item = session.get(ListItem, task.list_item_id)
    return item.title if item else None


def _request_code(session: Session, request_id: int | None) -> str | None:
    if request_id is None:
        return None
    request = session.get(FactorRequest, request_id)
    return request.code if request else None


def _names(session: Session, ids: set[int | None]) -> dict[int | None, str]:
    wanted = [i for i in ids if i is not None]
    if not wanted:
        return {}
    rows = session.exec(select(Person.id, Person.name).where(col(Person.id).in_(wanted)))
    return {person_id: name for person_id, name in rows}


def _reports(session: Session, task_id: int) -> list[Report]:
    reports = session.exec(
        select(ProgressReport)
        .where(ProgressReport.task_id == task_id)
        .order_by(col(ProgressReport.reported_at).desc(), col(ProgressReport.id).desc())
    ).all()
    names = _names(session, {r.reported_by_id for r in reports})
    return [Report(r.reported_at, names.get(r.reported_by_id), r.progress, r.note) for r in reports]


def _extensions(session: Session, task_id: int) -> list[Extension]:
    requests = session.exec(
        select(ExtensionRequest)
        .where(ExtensionRequest.task_id == task_id)
        .order_by(col(ExtensionRequest.requested_at).desc(), col(ExtensionRequest.id).desc())
    ).all()
    names = _names(
        session, {r.requested_by_id for r in requests} | {r.decided_by_id for r in requests}
    )
    return [
        Extension(
            id=r.id or 0,
            requested_at=r.requested_at,
            requested_by=names.get(r.requested_by_id),
            current_due=r.current_due_date,
            proposed_due=r.proposed_due_date,
            reason=r.reason,
            state=r.state,
            decided_by=names.get(r.decided_by_id),
            decided_at=r.decided_at,
            note=r.decision_note,
        )
        for r in requests
    ]


def _notices(session: Session, task_id: int) -> list[IssuedNotice]:
    notices = session.exec(
        select(Notice)
        .where(Notice.subject_type == "task", Notice.subject_id == task_id)
        .order_by(col(Notice.issued_at).desc(), col(Notice.id).desc())
    ).all()
    deliveries: dict[int, list[Delivery]] = {}
    ids = [n.id for n in notices if n.id is not None]
    if ids:
        for m in session.exec(
            select(OutboxMessage)
            .where(col(OutboxMessage.notice_id).in_(ids))
            .order_by(col(OutboxMessage.id))
        ):
            deliveries.setdefault(m.notice_id, []).append(
                Delivery(
                    m.recipient_name,
                    m.recipient_email,
                    m.recipient_role,
                    OutboxState(m.state),
                    m.attempts,
                    m.sent_at,
                    m.acknowledged_at,
                )
            )
    return [
        IssuedNotice(
            n.number,
            NoticeKind(n.kind) if n.kind in {k.value for k in NoticeKind} else n.kind,
            n.level,
            n.issued_at,
            why(n.kind, n.facts),  # a Said: the page shows its language
            deliveries.get(n.id or 0, []),
        )
        for n in notices
    ]
