"""``/api/tasks``: the tasks the caller sees, one task in full, and every move on a task — each
through the same services the CLI calls (``services.tasks``), acting as the token's user.

A task the caller may not see is 404; a move that is never theirs (a department signing off,
a leader reporting progress) is 403 before the service is called; a move the lifecycle refuses
now (signing off a task not yet submitted) or a bad value is 400 with the service's message.
Each success answers the task as it now stands.
"""

from collections.abc import Callable
from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request
from sqlmodel import Session

from mechanism.lifecycle import ASSIGNERS, Action
from mechanism.vocabulary import Light, TaskState
from models import Task
from services import tasks as task_service
from services.paging import MAX_PAGE, MAX_PER_PAGE
from services.people import NotAllowed, Viewer, roles_on
from services.tasks import (
    MAX_DUE_WITHIN,
    MAX_TITLE,
    TaskFilters,
    check_assigns,
    check_task_role,
    edit_task,
    extension_of,
    load_task,
    task_detail,
    task_page,
    visible_task,
)
from web.api.common import ApiLocale, ApiRoute, ApiViewer, engine_rules, now
from web.api.schemas import (
    ERRORS,
    AssignIn,
    BlockIn,
    DecisionIn,
    EditIn,
    ExtensionIn,
    NoteIn,
    Page,
    ProgressIn,
    ReasonIn,
    TaskDetail,
    TaskRow,
)
from web.deps import Db

router = APIRouter(prefix="/tasks", route_class=ApiRoute, tags=["tasks"], responses=ERRORS)


def _detail(request: Request, session: Session, task: Task) -> TaskDetail:
    today = engine_rules(request).today(now())
    return TaskDetail.model_validate(task_detail(session=session, task=task, today=today))


def _mine(session: Session, viewer: Viewer, task_id: int, action: Action) -> Task:
    """The task, if the caller sees it (else 404) and the move could be theirs (else 403)."""
    task = visible_task(session=session, task_id=task_id, viewer=viewer)
    check_task_role(session, viewer, task, action)
    return task


@router.get("", response_model=Page[TaskRow], summary="The tasks the caller sees")
def list_tasks(
    request: Request,
    session: Db,
    viewer: ApiViewer,
    locale: ApiLocale,
    chain: Annotated[str | None, Query(description="Chain code.")] = None,
    light: Light | None = None,
    state: Annotated[
        TaskState | Literal["open"] | None,
        Query(description="A state, or open: every open one (as the page and the CLI take)."),
    ] = None,
    overdue: Annotated[bool, Query(description="Only open tasks past their due date.")] = False,
    department: Annotated[str | None, Query(description="Lead department code.")] = None,
    owner: Annotated[str | None, Query(description="The owner's email.")] = None,
    due_within: Annotated[
        int | None,
        Query(
            ge=0,
            le=MAX_DUE_WITHIN,
            description="Only open tasks due within N working days from today (overdue too).",
        ),
    ] = None,
    q: Annotated[
        str | None, Query(max_length=MAX_TITLE, description="Text in the title, any case.")
    ] = None,
    sort: Annotated[
        Literal["due", "light", "progress", "chain"],
        Query(description="Then by due date and id; light: red first."),
    ] = "chain",
    desc: Annotated[bool, Query(description="Turn the sort's first key.")] = False,
    page: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 1,
    per_page: Annotated[int, Query(ge=1, le=MAX_PER_PAGE)] = 50,
) -> Page[TaskRow]:
    """The same filters and sorts as the ``/tasks`` page and ``chainops tasks list``."""
    rules = engine_rules(request)
    filters = TaskFilters(
        chain=chain,
        department=department,
        owner=owner,
        light=light.value if light else None,
        state=state.value if isinstance(state, TaskState) else state,
        overdue=overdue,
        due_within=due_within,
        q=q,
    )
    rows, total = task_page(
        session=session,
        viewer=viewer,
        today=rules.today(now()),
        rules=rules,
        filters=filters,
        sort=sort,
        descending=desc,
        page=page,
        per_page=per_page,
        locale=locale,
    )
    items = [TaskRow.model_validate(r) for r in rows]
    return Page[TaskRow](items=items, total=total, page=page, per_page=per_page)


@router.post("", response_model=TaskDetail, summary="Assign (交办) a new task")
def assign(request: Request, body: AssignIn, session: Db, viewer: ApiViewer) -> TaskDetail:
    """The office, or the chain's working group, assigns a task due on ``due`` or
    ``working_days`` working days after ``start``."""
    check_assigns(session, viewer, body.chain)
    rules, moment = engine_rules(request), now()
    task = task_service.assign_task(
        session=session,
        actor=viewer.actor,
        chain_code=body.chain,
        title=body.title,
        lead_department=body.lead_department,
        owner_email=body.owner,
        start=body.start or rules.today(moment),
        due=body.due,
        working_days=body.working_days,
        co_departments=tuple(body.co_departments),
        source=body.source,
        requirements=body.requirements,
        now=moment,
        rules=rules,
    )
    return _detail(request, session, task)


@router.get("/{task_id:rowid}", response_model=TaskDetail, summary="One task in full")
def show(request: Request, task_id: int, session: Db, viewer: ApiViewer) -> TaskDetail:
    return _detail(request, session, visible_task(session=session, task_id=task_id, viewer=viewer))


@router.post(
    "/{task_id:rowid}/edit",
    response_model=TaskDetail,
    summary="Edit title, requirements, owner, lead dept",
)
def edit(
    request: Request, task_id: int, body: EditIn, session: Db, viewer: ApiViewer
) -> TaskDetail:
    """The office or the chain's working group; each change is an audit event."""
    task = visible_task(session=session, task_id=task_id, viewer=viewer)
    if not roles_on(session, viewer.actor, task) & ASSIGNERS:
        raise NotAllowed("only the office or the chain's working group may edit its tasks")
    edit_task(
        session=session,
        task_id=task_id,
        actor=viewer.actor,
        now=now(),
        title=body.title,
        owner_email=body.owner,
        lead_department=body.lead_department,
        requirements=body.requirements,
    )
    return _detail(request, session, load_task(session, task_id))


@router.post("/{task_id:rowid}/progress", response_model=TaskDetail, summary="Report progress")
def progress(
    request: Request, task_id: int, body: ProgressIn, session: Db, viewer: ApiViewer
) -> TaskDetail:
    """Once: the report is the record, and the task shows the latest figure."""
    _mine(session, viewer, task_id, Action.REPORT_PROGRESS)
    task = task_service.report_progress(
        session=session,
        task_id=task_id,
        actor=viewer.actor,
        progress=body.progress,
        note=body.note,
        now=now(),
        rules=engine_rules(request),
    )
    return _detail(request, session, task)


@router.post("/{task_id:rowid}/submit", response_model=TaskDetail, summary="Report it done (报结)")
def submit(
    request: Request,
    task_id: int,
    session: Db,
    viewer: ApiViewer,
    body: NoteIn | None = None,
) -> TaskDetail:
    _mine(session, viewer, task_id, Action.SUBMIT)
    task = task_service.submit_task(
        session=session,
        task_id=task_id,
        actor=viewer.actor,
        note=body.note if body else None,
        now=now(),
        rules=engine_rules(request),
    )
    return _detail(request, session, task)


@router.post(
    "/{task_id:rowid}/extension", response_model=TaskDetail, summary="Ask for an extension"
)
def request_extension(
    request: Request, task_id: int, body: ExtensionIn, session: Db, viewer: ApiViewer
) -> TaskDetail:
    """By the due date at the latest (延期申请); the office decides."""
    task = _mine(session, viewer, task_id, Action.REQUEST_EXTENSION)
    task_service.request_extension(
        session=session,
        task_id=task_id,
        actor=viewer.actor,
        proposed_due=body.proposed_due,
        reason=body.reason,
        now=now(),
        rules=engine_rules(request),
    )
    return _detail(request, session, task)


@router.post(
    "/{task_id:rowid}/extension/{request_id:rowid}/decision",
    response_model=TaskDetail,
    summary="Approve or deny an extension (office)",
)
def decide_extension(
    request: Request,
    task_id: int,
    request_id: int,
    body: DecisionIn,
    session: Db,
    viewer: ApiViewer,
) -> TaskDetail:
    task = _mine(session, viewer, task_id, Action.DECIDE_EXTENSION)
    extension_of(session=session, task_id=task_id, request_id=request_id)
    task_service.decide_extension(
        session=session,
        request_id=request_id,
        actor=viewer.actor,
        approve=body.approve,
        note=body.note,
        now=now(),
        rules=engine_rules(request),
    )
    return _detail(request, session, task)


@router.post("/{task_id:rowid}/block", response_model=TaskDetail, summary="Block: the clock stops")
def block(
    request: Request, task_id: int, body: BlockIn, session: Db, viewer: ApiViewer
) -> TaskDetail:
    _mine(session, viewer, task_id, Action.BLOCK)
    task = task_service.block_task(
        session=session,
        task_id=task_id,
        actor=viewer.actor,
        reason=body.reason,
        request_code=body.request,
        now=now(),
        rules=engine_rules(request),
    )
    return _detail(request, session, task)


def _simple(path: str, action: Action, move: Callable[..., Task], summary: str) -> None:
    """A move that takes nothing but the task: accept, start, sign off, unblock."""

    def endpoint(request: Request, task_id: int, session: Db, viewer: ApiViewer) -> TaskDetail:
        _mine(session, viewer, task_id, action)
        task = move(
            session=session,
            task_id=task_id,
            actor=viewer.actor,
            now=now(),
            rules=engine_rules(request),
        )
        return _detail(request, session, task)

    endpoint.__name__ = path.replace("-", "_")
    router.post(f"/{{task_id:rowid}}/{path}", response_model=TaskDetail, summary=summary)(endpoint)


def _with_reason(path: str, action: Action, move: Callable[..., Task], summary: str) -> None:
    """A move the office makes with a reason kept in the trail: return, cancel."""

    def endpoint(
        request: Request, task_id: int, body: ReasonIn, session: Db, viewer: ApiViewer
    ) -> TaskDetail:
        _mine(session, viewer, task_id, action)
        task = move(
            session=session,
            task_id=task_id,
            actor=viewer.actor,
            reason=body.reason,
            now=now(),
            rules=engine_rules(request),
        )
        return _detail(request, session, task)

    endpoint.__name__ = path
    router.post(f"/{{task_id:rowid}}/{path}", response_model=TaskDetail, summary=summary)(endpoint)


_simple("accept", Action.ACCEPT, task_service.accept_task, "Accept (签收) as owner or department")
_simple("start", Action.START, task_service.start_task, "Start work on an accepted task")
_simple("sign-off", Action.SIGN_OFF, task_service.sign_off_task, "Sign off (销号): office only")
_simple("unblock", Action.UNBLOCK, task_service.unblock_task, "End a block; due moves on")
_with_reason("return", Action.RETURN, task_service.return_task, "Send back (退回): office only")
_with_reason("cancel", Action.CANCEL, task_service.cancel_task, "Cancel a task: office only")
