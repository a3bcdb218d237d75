"""Reads of the JSON API that the list commands lack: who the viewer is, a page of the tasks
they see, one task in full, and one chain with its roster, map and lists.

Every list is filtered in the query by :class:`services.access.Viewer`, so nothing the viewer
may not see is loaded. Rows are plain dicts with stable English keys (the API's models are made
from them): add keys, never rename them.
"""

from collections.abc import Sequence
from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col, func, select

from mechanism.vocabulary import OPEN_TASK_STATES, ListType
from models import (
    AuditEvent,
    Chain,
    Department,
    Enterprise,
    EnterpriseMembership,
    ExtensionRequest,
    FactorRequest,
    ListItem,
    MapNode,
    MapSegment,
    Person,
    ProgressReport,
    RosterEntry,
    Task,
    TaskCoDepartment,
)
from services.access import Viewer

Row = dict[str, Any]
MAX_PER_PAGE = 200  # a page of a list: enough for a script, never the whole city at once


class BadListInput(ValueError):
    """A list filter or page that does not fit; the message names the parameter."""


def _chain_ref(chain: Chain) -> Row:
    return {"code": chain.code, "name_zh": chain.name_zh, "name_en": chain.name_en}


def readable_chains(*, session: Session, viewer: Viewer) -> list[Chain]:
    """The chains the viewer reads, in the city's order."""
    chains = session.exec(select(Chain).order_by(col(Chain.position), col(Chain.code))).all()
    return [c for c in chains if c.id is not None and viewer.reads_chain(c.id)]


def viewer_summary(*, session: Session, viewer: Viewer) -> Row:
    """Who the viewer is and which chains they read and run (running one implies reading it)."""
    chains = readable_chains(session=session, viewer=viewer)
    department = session.get(Department, viewer.department_id) if viewer.department_id else None
    firm = session.get(Enterprise, viewer.enterprise_id) if viewer.enterprise_id else None
    return {
        "username": viewer.username,
        "persona": viewer.persona,
        "office": viewer.is_office,
        "chief": viewer.chief,
        "department": department.code if department else None,
        "enterprise": firm.name if firm else None,
        "credit_code": firm.credit_code if firm else None,
        "chains_read": [_chain_ref(c) for c in chains],
        "chains_run": [_chain_ref(c) for c in chains if viewer.runs_chain(c.id or 0)],
    }


def own_credit_code(*, session: Session, viewer: Viewer) -> str | None:
    """The credit code of the enterprise a firm's account speaks for (None for officials)."""
    firm = session.get(Enterprise, viewer.enterprise_id) if viewer.enterprise_id else None
    return firm.credit_code if firm else None


# --- tasks ----------------------------------------------------------------------------------


def task_page(
    *,
    session: Session,
    viewer: Viewer,
    today: date,
    chain: str | None = None,
    light: str | None = None,
    state: str | None = None,
    overdue_only: bool = False,
    page: int = 1,
    per_page: int = 50,
) -> tuple[list[Row], int]:
    """One page of the tasks the viewer sees, by chain, due date and id; and how many in all.

    ``overdue`` means open and past the current due date (as ``chainops tasks list``)."""
    if page < 1:
        raise BadListInput(f"page: must be 1 or more, not {page}")
    if not 1 <= per_page <= MAX_PER_PAGE:
        raise BadListInput(f"per_page: must be 1 to {MAX_PER_PAGE}, not {per_page}")
    where: list[sa.ColumnElement[bool]] = [viewer.task_filter(Task)]
    if chain is not None:
        chain_id = session.exec(select(Chain.id).where(Chain.code == chain)).first()
        if chain_id is None:
            raise BadListInput(f"chain: no chain {chain!r}")
        where.append(col(Task.chain_id) == chain_id)
    if light is not None:
        where.append(col(Task.light) == light)
    if state is not None:
        where.append(col(Task.state) == state)
    if overdue_only:
        where.append(col(Task.state).in_([s.value for s in OPEN_TASK_STATES]))
        where.append(col(Task.due_date) < today)
    total = session.exec(select(func.count()).select_from(Task).where(*where)).one()
    query = (
        _task_query()
        .where(*where)
        .order_by(col(Task.chain_id), col(Task.due_date), col(Task.id))
        .offset((page - 1) * per_page)
        .limit(per_page)
    )
    return _rows(session, session.exec(query).all(), today), total


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


# --- one chain ------------------------------------------------------------------------------


def chain_detail(*, session: Session, chain: Chain) -> Row:
    """The chain's roster, its map (segments and nodes), its N lists and its enterprises."""
    people = {p.id: p for p in session.exec(select(Person))}
    departments = {d.id: d for d in session.exec(select(Department))}
    roster = []
    for entry in session.exec(
        select(RosterEntry).where(RosterEntry.chain_id == chain.id).order_by(col(RosterEntry.id))
    ):
        person = people.get(entry.person_id)
        department = departments.get(entry.department_id) or (
            departments.get(person.department_id) if person else None
        )
        roster.append(
            {
                "role": entry.role,
                "name": person.name if person else (department.name_zh if department else ""),
                "email": person.email if person else None,
                "department": department.code if department else None,
            }
        )
    return {
        **_chain_ref(chain),
        "roster": roster,
        "map": _map(session, chain),
        "lists": _lists(session, chain),
        "enterprises": _enterprises(session, chain),
    }


def _map(session: Session, chain: Chain) -> list[Row]:
    segments = session.exec(
        select(MapSegment)
        .where(MapSegment.chain_id == chain.id)
        .order_by(col(MapSegment.position), col(MapSegment.id))
    ).all()
    nodes: dict[int, list[Row]] = {}
    for node in session.exec(
        select(MapNode)
        .where(col(MapNode.segment_id).in_([s.id for s in segments]))
        .order_by(col(MapNode.id))
    ):
        nodes.setdefault(node.segment_id, []).append(
            {"name": node.name, "status": node.status, "note": node.note}
        )
    return [{"stage": s.stage, "name": s.name, "nodes": nodes.get(s.id or 0, [])} for s in segments]


def _lists(session: Session, chain: Chain) -> dict[str, list[Row]]:
    """Every list type, empty ones too (an empty list is itself a finding)."""
    lists: dict[str, list[Row]] = {t.value: [] for t in ListType}
    for item, firm in session.exec(
        select(ListItem, Enterprise.name)
        .outerjoin(Enterprise, col(Enterprise.id) == ListItem.enterprise_id)
        .where(ListItem.chain_id == chain.id)
        .order_by(col(ListItem.id))
    ):
        lists.setdefault(item.list_type, []).append(
            {"id": item.id, "title": item.title, "detail": item.detail, "enterprise": firm}
        )
    return lists


def _enterprises(session: Session, chain: Chain) -> list[Row]:
    return [
        {"credit_code": firm.credit_code, "name": firm.name, "role": m.role, "sme_tier": m.sme_tier}
        for m, firm in session.exec(
            select(EnterpriseMembership, Enterprise)
            .join(Enterprise, col(Enterprise.id) == EnterpriseMembership.enterprise_id)
            .where(EnterpriseMembership.chain_id == chain.id)
            .order_by(col(EnterpriseMembership.id))
        )
    ]
