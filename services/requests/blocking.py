"""Work that waits on a factor request: a project blocked by one, and the release of everything
a request held up once it is answered.

While it waits, an item's own clock pauses (it is not its owner's delay) and the request's
urgency rises (its light is at least yellow). When the request is answered, each task resumes
with its due date moved by the working days it was blocked (``services.tasks.moves.unblock_task``
does that arithmetic), and each project's milestones still ahead of it move the same way.
"""

from datetime import datetime
from typing import Any

from sqlmodel import Session, col, select

from mechanism.factor_requests import FactorRules
from mechanism.vocabulary import OPEN_REQUEST_STATES, ProjectState, RequestState, TaskState
from mechanism.wording import Said
from models import AuditEvent, FactorRequest, KeyProject, ProjectMilestone, Task
from services.config import EngineRules
from services.people import SYSTEM, Actor, Directory
from services.requests.service_level import refresh_request
from services.tasks import unblock_task


class BlockRefused(ValueError):
    """The project cannot be blocked as asked; the message says why."""


def block_project(
    *,
    session: Session,
    project_code: str,
    request_code: str,
    actor: Actor,
    now: datetime,
    rules: EngineRules,
    factors: FactorRules,
) -> KeyProject:
    """Mark ``project_code`` as waiting on ``request_code`` from today.

    The project's enterprise, the chain's working group, the project's service department and
    the office may do so; only an open request can block, and a project waits on one at a time.
    """
    # Read afresh and locked: checks change both tables from their own connections.
    project = session.exec(
        select(KeyProject)
        .where(KeyProject.code == project_code)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).first()
    if project is None or project.id is None:
        raise BlockRefused(
            Said(f"no key project {project_code!r}", f"没有编号为 {project_code!r} 的重点项目")
        )
    request = session.exec(
        select(FactorRequest)
        .where(FactorRequest.code == request_code)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).first()
    if request is None:
        raise BlockRefused(
            Said(
                f"no factor request {request_code!r}",
                f"没有编号为 {request_code!r} 的要素保障诉求",
            )
        )
    if not _may_block(session, actor, project):
        raise BlockRefused(
            Said(
                f"only the project's enterprise, the chain's working group, its service "
                f"department or the office may block project {project_code}",
                f"只有项目所属企业、产业链工作专班、项目服务部门或链长制办公室"
                f"可以将重点项目 {project_code} 标记为要素受阻",
            )
        )
    if project.state != ProjectState.ACTIVE:
        project_state = ProjectState(project.state)
        raise BlockRefused(
            Said(
                f"project {project_code} is {project.state}, not active",
                f"重点项目 {project_code} 当前为「{project_state.zh}」："
                "只有在建项目可以标记要素受阻",
            )
        )
    if request.state not in OPEN_REQUEST_STATES:
        state = RequestState(request.state)
        raise BlockRefused(
            Said(
                f"request {request_code} is {state.en.lower()}: only an open one blocks",
                f"要素保障诉求 {request_code} 当前为「{state.zh}」："
                "只有尚未办结的诉求才能使项目受阻",
            )
        )
    if project.blocked_by_request_id is not None:
        holder = session.get(FactorRequest, project.blocked_by_request_id)
        held_by = holder.code if holder else None
        raise BlockRefused(
            Said(
                f"project {project_code} already waits on {held_by or 'a request'}",
                f"重点项目 {project_code} 已在等待要素保障诉求 {held_by or ''}".rstrip(),
            )
        )
    project.blocked_by_request_id = request.id
    project.blocked_since = rules.today(now)
    session.add(project)
    session.flush()
    _record(session, actor, project, "block", now, {"request": request.code})
    refresh_request(session, request, now=now, rules=rules, factors=factors)
    session.flush()
    return project


def _may_block(session: Session, actor: Actor, project: KeyProject) -> bool:
    if actor.is_system or actor.is_office:
        return True
    if actor.enterprise_id is not None:
        return actor.enterprise_id == project.enterprise_id
    roles = Directory(session.connection()).roles_of(
        actor.person_id,
        is_office=False,
        chain_id=project.chain_id,
        owner_id=-1,
        lead_department_id=project.department_id or -1,
    )
    return bool(roles)  # working group, chain leader or the project's service department


def release_items(
    *, session: Session, request: FactorRequest, now: datetime, rules: EngineRules
) -> list[str]:
    """End every block ``request`` holds; returns what was released ("task 12", …).

    A task resumes through ``unblock_task`` as the system: its due date moves by the blocked
    working days. A project's milestones not yet reached, and planned on or after the day the
    block began, move by the same count: a milestone that was already late when the block
    began stays late, since the request did not cause that delay.
    """
    released = []
    tasks = session.exec(
        select(Task)
        .where(Task.blocked_by_request_id == request.id, Task.state == TaskState.BLOCKED.value)
        .order_by(col(Task.id))
    ).all()
    for task in tasks:
        assert task.id is not None
        unblock_task(session=session, task_id=task.id, actor=SYSTEM, now=now, rules=rules)
        released.append(f"task {task.id}")
    projects = session.exec(
        select(KeyProject)
        .where(KeyProject.blocked_by_request_id == request.id)
        .order_by(col(KeyProject.code))
    ).all()
    for project in projects:
        _resume_project(session, project, request, now, rules)
        released.append(f"project {project.code}")
    session.flush()
    return released


def _resume_project(
    session: Session, project: KeyProject, request: FactorRequest, now: datetime, rules: EngineRules
) -> None:
    today = rules.today(now)
    since = project.blocked_since or today
    lost = max(0, rules.calendar.between(since, today))
    moved: dict[str, list[str]] = {}
    milestones = session.exec(
        select(ProjectMilestone).where(ProjectMilestone.project_id == project.id)
    ).all()
    for milestone in milestones:
        planned = milestone.planned_date
        if lost and milestone.actual_date is None and planned is not None and planned >= since:
            milestone.planned_date = rules.calendar.add(planned, lost)
            moved[milestone.kind] = [planned.isoformat(), milestone.planned_date.isoformat()]
            session.add(milestone)
    project.blocked_by_request_id = None
    project.blocked_since = None
    if project.state == ProjectState.ACTIVE:
        project.next_action_at = now  # its own check should look again with the new dates
    session.add(project)
    detail = {
        "request": request.code,
        "blocked_since": since.isoformat(),
        "working_days": lost,
        "milestones": moved,
    }
    _record(session, SYSTEM, project, "unblock", now, detail)


def _record(
    session: Session,
    actor: Actor,
    project: KeyProject,
    action: str,
    now: datetime,
    detail: dict[str, Any],
) -> None:
    assert project.id is not None
    session.add(
        AuditEvent(
            at=now,
            actor=actor.label,
            entity_type="key_project",
            entity_id=project.id,
            action=action,
            detail=detail,
        )
    )
