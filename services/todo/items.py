"""The rest of a to-do: notices not yet acknowledged, factor requests waiting on the viewer,
monthly project reports due, and the red key projects and requests of a leader's chains.

Each list is ordered most urgent first and cut at ``limit``; its total is counted apart.
"""

from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col, func, select

from mechanism.factor_requests import explain, stage_of
from mechanism.project_lights import ProjectRules, add_months, month_of, report_due
from mechanism.vocabulary import (
    Light,
    MilestoneKind,
    ProjectState,
    RequestState,
    TaskState,
)
from mechanism.wording import Said
from models import (
    Chain,
    Enterprise,
    FactorRequest,
    KeyProject,
    Notice,
    OutboxMessage,
    ProjectMilestone,
    ProjectMonthlyReport,
    Task,
)
from services.config import EngineRules
from services.notices import notice_title, viewer_emails
from services.people import Viewer
from services.projects import light_reasons
from services.todo.tasks import Cut

Line = dict[str, Any]

# Notices that ask nothing of their reader: a monthly bulletin is read, not answered.
NOTHING_ASKED = ("monthly_rollup",)
# A notice about a task that is finished asks nothing any more.
FINISHED_TASK = (TaskState.SIGNED_OFF.value, TaskState.CANCELLED.value)

# What a handling department does next, by the request's state (mechanism.request_lifecycle).
HANDLER_ACTIONS = {
    RequestState.SUBMITTED.value: "accept",
    RequestState.ACCEPTED.value: "start",
    RequestState.REOPENED.value: "start",
    RequestState.IN_PROGRESS.value: "resolve",
}
REQUESTER_ACTIONS = {RequestState.RESOLVED.value: "confirm", RequestState.REJECTED.value: "confirm"}
URGENCY = sa.case(
    {Light.RED.value: 0, Light.YELLOW.value: 1}, value=col(FactorRequest.light), else_=2
)


def unacknowledged(session: Session, viewer: Viewer, *, limit: int) -> Cut:
    """Notices addressed to the viewer or their department's mailbox and not acknowledged,
    the highest rung first, then the oldest; one line per notice, however many copies."""
    emails = sorted(viewer_emails(viewer))
    if not emails:
        return Cut([], 0)
    where = [
        func.lower(OutboxMessage.recipient_email).in_(emails),
        col(OutboxMessage.acknowledged_at).is_(None),
        col(Notice.kind).not_in(NOTHING_ASKED),
        sa.or_(col(Task.id).is_(None), col(Task.state).not_in(FINISHED_TASK)),
    ]
    joined = (
        select(Notice, func.min(OutboxMessage.id))
        .join(OutboxMessage, col(OutboxMessage.notice_id) == Notice.id)
        .outerjoin(
            Task, sa.and_(col(Notice.subject_type) == "task", col(Task.id) == Notice.subject_id)
        )
        .where(*where)
        .group_by(col(Notice.id))
    )
    rows = session.exec(
        joined.order_by(col(Notice.level).desc(), col(Notice.issued_at), col(Notice.id)).limit(
            limit
        )
    ).all()
    total = session.exec(select(func.count()).select_from(joined.subquery())).one()
    codes = {c.id: c.code for c in session.exec(select(Chain))}
    lines = [
        {
            "id": notice.id,
            "outbox_id": outbox_id,
            "number": notice.number,
            "kind": notice.kind,
            "level": notice.level,
            "title": notice_title(notice.kind, notice.facts),
            "chain": codes.get(notice.chain_id),
            "issued_at": notice.issued_at,
            "path": f"/notices/{notice.id}",
        }
        for notice, outbox_id in rows
    ]
    return Cut(lines, total)


def _request_line(
    request: FactorRequest, firm: str, chain: str, action: str, today: date, rules: EngineRules
) -> Line:
    state = RequestState(request.state)
    stage, due = stage_of(state), request.stage_due
    codes = [c for c in (request.light_reason or "").split(",") if c]
    words = {
        locale: explain(
            codes, stage=stage, stage_due=due, today=today, calendar=rules.calendar, locale=locale
        )
        for locale in ("en", "zh-CN")
    }
    return {
        "code": request.code,
        "chain": chain,
        "enterprise": firm,
        "factor_type": request.factor_type,
        "state": request.state,
        "action": action,
        "light": request.light,
        "reason": Said(words["en"], words["zh-CN"]) if codes else None,
        "stage_due": due,
        "needed_by": request.needed_by,
        "path": f"/requests/{request.code}",
    }


def _requests(
    session: Session,
    where: list[sa.ColumnElement[bool]],
    actions: dict[str, str],
    *,
    today: date,
    rules: EngineRules,
    limit: int,
) -> Cut:
    where = [*where, col(FactorRequest.state).in_(sorted(actions))]
    query = (
        select(FactorRequest, col(Enterprise.name), col(Chain.code))
        .join(Enterprise, col(Enterprise.id) == FactorRequest.enterprise_id)
        .join(Chain, col(Chain.id) == FactorRequest.chain_id)
        .where(*where)
        .order_by(URGENCY, col(FactorRequest.stage_due), col(FactorRequest.id))
        .limit(limit)
    )
    lines = [
        _request_line(request, firm, chain, actions[request.state], today, rules)
        for request, firm, chain in session.exec(query).all()
    ]
    total = session.exec(select(func.count()).select_from(FactorRequest).where(*where)).one()
    return Cut(lines, total)


def waiting_requests(
    session: Session, viewer: Viewer, *, today: date, rules: EngineRules, limit: int
) -> Cut:
    """Requests the viewer's department must accept, plan or answer; or, for a firm, the
    answers it must confirm (or reopen)."""
    if viewer.enterprise_id is not None:
        mine = [col(FactorRequest.enterprise_id) == viewer.enterprise_id]
        return _requests(session, mine, REQUESTER_ACTIONS, today=today, rules=rules, limit=limit)
    if viewer.department_id is None:
        return Cut([], 0)
    handled = [col(FactorRequest.department_id) == viewer.department_id]
    return _requests(session, handled, HANDLER_ACTIONS, today=today, rules=rules, limit=limit)


def red_requests(
    session: Session, chain_ids: list[int] | None, *, today: date, rules: EngineRules, limit: int
) -> Cut:
    """Open red requests of these chains (None: every chain)."""
    where = [col(FactorRequest.light) == Light.RED.value]
    if chain_ids is not None:
        where.append(col(FactorRequest.chain_id).in_(chain_ids))
    return _requests(session, where, HANDLER_ACTIONS, today=today, rules=rules, limit=limit)


def _project_select() -> Any:
    return (
        select(KeyProject, col(Enterprise.name), col(Chain.code))
        .join(Enterprise, col(Enterprise.id) == KeyProject.enterprise_id)
        .join(Chain, col(Chain.id) == KeyProject.chain_id)
    )


def _project_line(project: KeyProject, firm: str, chain: str) -> Line:
    """A project as a to-do line; its ``reason`` is the caller's (in both languages)."""
    return {
        "code": project.code,
        "name": project.name,
        "chain": chain,
        "enterprise": firm,
        "light": project.light,
        "path": f"/projects/{project.code}",
    }


def red_projects(
    session: Session,
    chain_ids: list[int] | None,
    *,
    today: date,
    rules: EngineRules,
    projects: ProjectRules,
    limit: int,
) -> Cut:
    """Active red key projects of these chains (None: every chain), each with why."""
    where = [
        col(KeyProject.light) == Light.RED.value,
        col(KeyProject.state) == ProjectState.ACTIVE.value,
    ]
    if chain_ids is not None:
        where.append(col(KeyProject.chain_id).in_(chain_ids))
    query = _project_select().where(*where).order_by(col(KeyProject.code)).limit(limit)
    rows = session.exec(query).all()
    why = light_reasons(
        session, [p for p, _, _ in rows], today=today, rules=projects, calendar=rules.calendar
    )
    lines = [{**_project_line(*row), "reason": why.get(row[0].id or 0)} for row in rows]
    total = session.exec(select(func.count()).select_from(KeyProject).where(*where)).one()
    return Cut(lines, total)


def reports_due(
    session: Session,
    viewer: Viewer,
    *,
    today: date,
    rules: EngineRules,
    projects: ProjectRules,
    limit: int,
) -> Cut:
    """Active projects whose report on last month is not in yet, with its deadline (月调度):
    a firm's own projects, a working group's chains' projects."""
    if viewer.enterprise_id is not None:
        whose = col(KeyProject.enterprise_id) == viewer.enterprise_id
    elif viewer.team_chains:
        whose = col(KeyProject.chain_id).in_(sorted(viewer.team_chains))
    else:
        return Cut([], 0)
    month = add_months(month_of(today), -1)
    deadline = report_due(month, projects, rules.calendar)
    reported = select(ProjectMonthlyReport.project_id).where(
        col(ProjectMonthlyReport.month) >= month
    )
    producing = select(ProjectMilestone.project_id).where(
        col(ProjectMilestone.kind) == MilestoneKind.PRODUCTION.value,
        col(ProjectMilestone.actual_date).is_not(None),
    )
    where = [
        whose,
        col(KeyProject.state) == ProjectState.ACTIVE.value,
        col(KeyProject.year) == month.year,  # the ledger is yearly: only its own months
        col(KeyProject.id).not_in(reported),
        col(KeyProject.id).not_in(producing),
    ]
    query = _project_select().where(*where).order_by(col(KeyProject.code)).limit(limit)
    rows = session.exec(query).all()
    why = light_reasons(
        session, [p for p, _, _ in rows], today=today, rules=projects, calendar=rules.calendar
    )
    lines = []
    for project, firm, chain in rows:
        line = _project_line(project, firm, chain)
        line.update({"month": month.strftime("%Y-%m"), "deadline": deadline})
        line["reason"] = why.get(project.id or 0) if project.light != Light.GREEN.value else None
        line["overdue"] = today > deadline
        lines.append(line)
    total = session.exec(select(func.count()).select_from(KeyProject).where(*where)).one()
    return Cut(lines, total)
