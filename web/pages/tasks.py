"""The task page (督办事项) and the moves people make on it: accept, start, report progress,
submit, return, sign off, cancel, block, unblock, request and decide extensions.

The page shows a move's form only to someone the lifecycle table lets make it, but every POST
still goes to the service, which refuses on its own; a refusal re-renders the page with the
service's message in the page's language (400), or answers 403 when the move is never the
viewer's to make. The edit form changes the title, requirements, owner and lead department
only: a due date moves only through an approved extension or the end of a block.

Each move's fields are read through its form's model (``web.pages.task_forms``) inside the
move, so a field that cannot be read is refused like any other refusal. A move that succeeds
redirects to the task page (post/redirect/get), which then says once what was done
(``web.flash``).
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from sqlmodel import Session

from chainops import wiring
from mechanism.lifecycle import ASSIGNERS, Action, IllegalMove
from mechanism.vocabulary import OPEN_TASK_STATES, TaskSource, TaskState
from mechanism.wording import in_language
from services import tasks as task_service
from services.people import NotAllowed, Viewer, roles_on
from services.tasks import EditRefused, edit_task, extension_of, may_ever, task_sheet, visible_task
from web.deps import CheckedForm, CurrentViewer, Db, Locale
from web.flash import confirm, confirmation
from web.forms import FormModel, FormRefused, PageForm, read_form
from web.i18n import translate
from web.pages.task_forms import (
    BlockForm,
    DecisionForm,
    EditForm,
    ExtensionForm,
    NoteForm,
    ProgressForm,
    ReasonForm,
)
from web.pages.task_wording import helpers
from web.templating import page

router = APIRouter()

MAX_ROW_ID = 2**63 - 1  # the largest id a database integer column holds


def _row_id(text: str, what: str = "task") -> int:
    """A task's (or extension request's) id from the path; 404 for anything no row can have:
    not plain ASCII digits, 0, or past what the database's integer column holds."""
    plain = text.isascii() and text.isdigit() and len(text.lstrip("0")) <= 19
    if not plain or not 1 <= int(text) <= MAX_ROW_ID:
        raise task_service.TaskNotFound(f"no {what} {text!r}")
    return int(text)


def _path(task_id: int) -> str:
    """The task's page: where its moves go back to, and where their confirmation waits."""
    return f"/tasks/{task_id}"


@router.get("/tasks/{task_id}", response_class=HTMLResponse)
def task_page(
    task_id: str, request: Request, session: Db, viewer: CurrentViewer, locale: Locale
) -> Response:
    number = _row_id(task_id)
    done = confirmation(request, _path(number))
    return render_task(request, session, viewer, locale, number, done=done)


def render_task(
    request: Request,
    session: Session,
    viewer: Viewer,
    locale: str,
    task_id: int,
    *,
    error: str | None = None,
    done: list[str] | None = None,
    failed: str | None = None,
    values: dict[str, Any] | None = None,
    status_code: int = 200,
) -> Response:
    rules = request.app.state.rules
    sheet = task_sheet(session=session, task_id=task_id, viewer=viewer)
    state = TaskState(sheet.task.state)
    context = {
        "viewer": viewer,
        "sheet": sheet,
        "state": state,
        "open": state in OPEN_TASK_STATES,
        "source": TaskSource(sheet.task.source),
        "moves": sheet.moves,
        "today": rules.today(wiring.now()),
        "reads_chain": viewer.reads_chain(sheet.chain.id or 0),
        "may_edit": state in OPEN_TASK_STATES and bool(sheet.roles & ASSIGNERS),
        "error": error,
        "done": done or [],
        "failed": failed,
        "values": values or {},
        **helpers(locale, rules.zone),
    }
    return page(request, "task.html", locale, context, status_code=status_code)


Common = dict[str, Any]  # what every move's service call takes: session, task, actor, clock


@dataclass(frozen=True)
class Move(Generic[FormModel]):
    """A form on the task page: the lifecycle move it makes, the form's fields and the service
    call; ``done`` is the text key of its confirmation when it is not the move's own."""

    action: Action
    form: type[FormModel]
    call: Callable[[FormModel, Common], object]
    done: Callable[[FormModel], str] | None = None


MOVES: dict[str, Move[Any]] = {
    "accept": Move(Action.ACCEPT, PageForm, lambda f, c: task_service.accept_task(**c)),
    "start": Move(Action.START, PageForm, lambda f, c: task_service.start_task(**c)),
    "progress": Move(
        Action.REPORT_PROGRESS,
        ProgressForm,
        lambda f, c: task_service.report_progress(**c, progress=f.progress, note=f.note),
    ),
    "submit": Move(
        Action.SUBMIT, NoteForm, lambda f, c: task_service.submit_task(**c, note=f.note)
    ),
    "return": Move(
        Action.RETURN, ReasonForm, lambda f, c: task_service.return_task(**c, reason=f.reason)
    ),
    "sign-off": Move(Action.SIGN_OFF, PageForm, lambda f, c: task_service.sign_off_task(**c)),
    "cancel": Move(
        Action.CANCEL, ReasonForm, lambda f, c: task_service.cancel_task(**c, reason=f.reason)
    ),
    "block": Move(
        Action.BLOCK,
        BlockForm,
        lambda f, c: task_service.block_task(**c, reason=f.reason, request_code=f.request),
    ),
    "unblock": Move(Action.UNBLOCK, PageForm, lambda f, c: task_service.unblock_task(**c)),
    "extensions": Move(
        Action.REQUEST_EXTENSION,
        ExtensionForm,
        lambda f, c: task_service.request_extension(
            **c, proposed_due=f.proposed_due, reason=f.reason
        ),
    ),
}
"""Each form's address under ``/tasks/{id}/`` and the move it makes."""

REFUSALS = (
    IllegalMove,
    task_service.BadTaskInput,
    task_service.ExtensionRefused,
    FormRefused,
)


@router.post("/tasks/{task_id}/extensions/{request_id}/decide")
def decide_extension(
    task_id: str,
    request_id: str,
    request: Request,
    session: Db,
    viewer: CurrentViewer,
    locale: Locale,
    form: CheckedForm,
) -> Response:
    number = _row_id(task_id)
    visible_task(session=session, task_id=number, viewer=viewer)
    ask = extension_of(
        session=session, task_id=number, request_id=_row_id(request_id, "extension request")
    )

    def decide(answer: DecisionForm, common: Common) -> object:
        del common["task_id"]  # the request names its task
        return task_service.decide_extension(
            **common,
            request_id=ask.id or 0,
            approve=answer.decision == "approve",
            note=answer.note,
        )

    step = Move(
        Action.DECIDE_EXTENSION, DecisionForm, decide, done=lambda a: f"task.done.{a.decision}"
    )
    return _act(request, session, viewer, locale, number, f"decide-{ask.id}", step, form)


@router.post("/tasks/{task_id}/edit")
def edit(
    task_id: str,
    request: Request,
    session: Db,
    viewer: CurrentViewer,
    locale: Locale,
    form: CheckedForm,
) -> Response:
    """Title, requirements, owner and lead department (the office or the chain's working
    group)."""
    number = _row_id(task_id)
    task = visible_task(session=session, task_id=number, viewer=viewer)
    try:
        given = read_form(EditForm, form)
        edited = edit_task(
            session=session,
            task_id=number,
            actor=viewer.actor,
            now=wiring.now(),
            title=given.title,
            owner_email=given.owner,
            lead_department=given.lead_department,
            requirements=given.requirements,
        )
    except (EditRefused, FormRefused) as refusal:
        session.rollback()
        if not roles_on(session, viewer.actor, task) & ASSIGNERS:
            raise NotAllowed(str(refusal)) from refusal
        return render_task(
            request, session, viewer, locale, number,
            error=in_language(refusal, locale), failed="edit", values=form, status_code=400,
        )  # fmt: skip
    said = translate(locale, "task.done.edit" if edited.changed else "task.done.nothing")
    return confirm(request, _path(number), said)


@router.post("/tasks/{task_id}/{move}")
def move_task(
    task_id: str,
    move: str,
    request: Request,
    session: Db,
    viewer: CurrentViewer,
    locale: Locale,
    form: CheckedForm,
) -> Response:
    number = _row_id(task_id)
    visible_task(session=session, task_id=number, viewer=viewer)
    step = MOVES.get(move)
    if step is None:
        raise task_service.TaskNotFound(f"no move {move!r}")
    return _act(request, session, viewer, locale, number, move, step, form)


def _act(
    request: Request,
    session: Session,
    viewer: Viewer,
    locale: str,
    task_id: int,
    name: str,
    step: Move[Any],
    form: dict[str, Any],
) -> Response:
    """Read the move's form and make the move through its service; a refusal (a field that
    cannot be read, or the service's) changes nothing and says why, a success is confirmed
    once on the task page."""
    common: Common = {
        "session": session,
        "task_id": task_id,
        "actor": viewer.actor,
        "now": wiring.now(),
        "rules": request.app.state.rules,
    }
    try:
        filled = read_form(step.form, form)
        step.call(filled, common)
    except REFUSALS as refusal:
        session.rollback()
        task = visible_task(session=session, task_id=task_id, viewer=viewer)
        if not may_ever(step.action, roles_on(session, viewer.actor, task)):
            raise NotAllowed(str(refusal)) from refusal
        return render_task(
            request,
            session,
            viewer,
            locale,
            task_id,
            error=in_language(refusal, locale),
            failed=name,
            values=form,
            status_code=400,
        )
    key = step.done(filled) if step.done else f"task.done.{step.action.value}"
    return confirm(request, _path(task_id), translate(locale, key))
