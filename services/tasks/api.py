"""Tasks for the JSON API: a page of the tasks the viewer sees, one task in full, and what the
API asks before a move — whether assigning on a chain, or a move, could ever be the viewer's —
so it can answer 403 ("never yours") apart from the service's own refusal (400, "not now").

Every list is filtered in the query by :class:`services.people.access.Viewer`, so nothing the viewer
may not see is loaded. Rows are plain dicts with stable English keys (the API's models are made
from them): add keys, never rename them. The role half of a move is checked against a state the
move is allowed from (``mechanism.lifecycle.MOVES``), without restating a rule here.
"""

from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlmodel import Session, col, func, select

from mechanism.lifecycle import MOVES, Action, IllegalMove, check_move
from mechanism.vocabulary import OPEN_TASK_STATES
from mechanism.wording import in_language
from models import (
    AuditEvent,
    Chain,
    Department,
    ExtensionRequest,
    FactorRequest,
    Person,
    ProgressReport,
    Task,
    TaskCoDepartment,
)
from services.config import EngineRules
from services.paging import check_page
from services.people import NotAllowed, Viewer, roles_on
from services.tasks.search import TaskFilters, TaskRow, page_rows, task_conditions, task_order

Row = dict[str, Any]


def task_page(
    *,
    session: Session,
    viewer: Viewer,
    today: date,
    rules: EngineRules,
    filters: TaskFilters = TaskFilters(),
    sort: str = "chain",
    descending: bool = False,
    page: int = 1,
    per_page: int = 50,
    locale: str = "en",
) -> tuple[list[Row], int]:
    """One page of the tasks the viewer sees under ``filters`` (the task list's:
    ``services.tasks.search``), by chain, due date and id unless ``sort`` says otherwise; and
    how many in all. A page past the end is empty. ``light_reason`` is in ``locale``."""
    check_page(page, per_page)
    where = task_conditions(session, viewer, today, filters, rules)
    total = session.exec(select(func.count()).select_from(Task).where(*where)).one()
    found = page_rows(
        session,
        where,
        task_order(sort, descending),
        limit=per_page,
        offset=(page - 1) * per_page,
        today=today,
        rules=rules,
    )
    return [list_row(row, locale) for row in found], total


def list_row(row: TaskRow, locale: str = "en") -> Row:
    """A row of the task list with the API's keys (``chainops tasks list --json`` keeps its
    own subset of them)."""
    return {
        "id": row.id,
        "chain": row.chain,
        "title": row.title,
        "source": row.source.value,
        "state": row.state.value,
        "lead_department": row.department_code,
        "owner": row.owner_email,
        "start_date": row.start_date,
        "original_due_date": row.original_due_date,
        "due_date": row.due_date,
        "progress": row.progress,
        "light": row.light,
        "ladder_level": row.ladder_level,
        "overdue": row.overdue,
        "blocked_by": row.blocked_by,
        "light_reason": in_language(row.reason, locale) if row.reason else None,
    }


def _task_query() -> Any:
    return (
        select(Task, col(Chain.code), col(Department.code), col(Person.email))
        .join(Chain, col(Chain.id) == Task.chain_id)
        .join(Department, col(Department.id) == Task.lead_department_id)
        .join(Person, col(Person.id) == Task.owner_id)
    )


def _rows(session: Session, found: Sequence[Any], today: date) -> list[Row]:
    """Rows of ``(task, chain code, department code, owner email)``, with the code of the
    factor request each blocked one waits on."""
    waiting = [task.blocked_by_request_id for task, *_ in found if task.blocked_by_request_id]
    codes = dict(
        session.exec(
            select(FactorRequest.id, FactorRequest.code).where(col(FactorRequest.id).in_(waiting))
        ).all()
        if waiting
        else []
    )
    return [_task_row(row, codes, today) for row in found]


def _task_row(found: Sequence[Any], codes: dict[int | None, str], today: date) -> Row:
    task, chain, department, owner = found
    return {
        "id": task.id,
        "chain": chain,
        "title": task.title,
        "source": task.source,
        "state": task.state,
        "lead_department": department,
        "owner": owner,
        "start_date": task.start_date,
        "original_due_date": task.original_due_date,
        "due_date": task.due_date,
        "progress": task.progress,
        "light": task.light,
        "ladder_level": task.ladder_level,
        "overdue": task.state in OPEN_TASK_STATES and task.due_date < today,
        "blocked_by": codes.get(task.blocked_by_request_id),
    }


def task_detail(*, session: Session, task: Task, today: date) -> Row:
    """One task with its co-departments, progress reports, extension requests and history."""
    found = session.exec(_task_query().where(col(Task.id) == task.id)).all()
    emails = dict(session.exec(select(Person.id, Person.email)).all())
    co = session.exec(
        select(Department.code)
        .join(TaskCoDepartment, col(TaskCoDepartment.department_id) == Department.id)
        .where(TaskCoDepartment.task_id == task.id)
        .order_by(col(Department.code))
    ).all()
    reports = session.exec(
        select(ProgressReport)
        .where(ProgressReport.task_id == task.id)
        .order_by(col(ProgressReport.reported_at), col(ProgressReport.id))
    ).all()
    extensions = session.exec(
        select(ExtensionRequest)
        .where(ExtensionRequest.task_id == task.id)
        .order_by(col(ExtensionRequest.id))
    ).all()
    events = session.exec(
        select(AuditEvent)
        .where(AuditEvent.entity_type == "task", AuditEvent.entity_id == task.id)
        .order_by(col(AuditEvent.at), col(AuditEvent.id))
    ).all()
    return {
        **_rows(session, found, today)[0],
        "requirements": task.requirements,
        "co_departments": list(co),
        "hold_until": task.hold_until,
        "blocked_since": task.blocked_since,
        "submitted_at": task.submitted_at,
        "signed_off_on": task.signed_off_on,
        "progress_reports": [
            {
                "reported_at": r.reported_at,
                "reported_by": emails.get(r.reported_by_id),
                "progress": r.progress,
                "note": r.note,
            }
            for r in reports
        ],
        "extensions": [
            {
                "id": e.id,
                "requested_at": e.requested_at,
                "requested_by": emails.get(e.requested_by_id),
                "current_due_date": e.current_due_date,
                "proposed_due_date": e.proposed_due_date,
                "reason": e.reason,
                "state": e.state,
                "decided_at": e.decided_at,
                "decided_by": emails.get(e.decided_by_id),
                "decision_note": e.decision_note,
            }
            for e in extensions
        ],
        "history": [history_row(e) for e in events],
    }


def history_row(event: AuditEvent) -> Row:
    return {
        "at": event.at,
        "actor": event.actor,
        "action": event.action,
        "from_value": event.from_value,
        "to_value": event.to_value,
        "detail": event.detail,
    }


def check_assigns(session: Session, viewer: Viewer, chain_code: str) -> None:
    """NotAllowed unless the viewer runs the chain (the office, or its working group).

    An unknown code is left to the assignment service, which names the field."""
    chain = session.exec(select(Chain).where(Chain.code == chain_code)).first()
    if chain is not None and chain.id is not None and not viewer.runs_chain(chain.id):
        raise NotAllowed(
            f"only the office or the {chain.code} chain's working group may assign its tasks"
        )


def check_task_role(session: Session, viewer: Viewer, task: Task, action: Action) -> None:
    """NotAllowed if ``action`` is never the viewer's on ``task``, whatever its state."""
    move = MOVES[action]
    some_state = min(move.sources)  # any state the move starts from: only the roles decide
    try:
        check_move(action, some_state, roles_on(session, viewer.actor, task))
    except IllegalMove as exc:
        raise NotAllowed(str(exc)) from None
