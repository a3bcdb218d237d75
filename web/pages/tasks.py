"""The task page (督办事项) and the moves people make on it: accept, start, report progress,
submit, return, sign off, cancel, block, unblock, request and decide extensions.

The page shows a move's form only to someone the lifecycle table lets make it, but every POST
still goes to the service, which refuses on its own; a refusal re-renders the page with the
service's message in the page's language (400), or answers 403 when the move is never the
viewer's to make. The edit form changes the title, owner and lead department only: a due date
moves only through an approved extension or the end of a block.

A move that succeeds redirects to the task page (post/redirect/get), which then says once,
in its own language, what was done (``SESSION_DONE``).
"""

from collections.abc import Callable
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlmodel import Session

from chainops import wiring
from mechanism.lifecycle import ASSIGNERS, Action, IllegalMove
from mechanism.vocabulary import OPEN_TASK_STATES, Labelled, NoticeKind, TaskSource, TaskState
from mechanism.wording import in_language
from services import extensions, task_actions
from services.access import NotAllowed, Viewer
from services.actors import roles_on
from services.task_edit import EditRefused, edit_task
from services.task_page import extension_of, may_ever, task_sheet, visible_task
from web.deps import CheckedForm, CurrentViewer, Db, Locale
from web.i18n import TEXT, translate
from web.templating import page

router = APIRouter()

SESSION_DONE = "task_done"  # {"task": id, "key": text key}: the last move's confirmation, once
MAX_ROW_ID = 2**63 - 1  # the largest id a database integer column holds


class FieldError(ValueError):
    """A form field that cannot be read; the message (in the page's language) names it."""


class Fields:
    """The submitted form, read field by field; bad values raise FieldError naming the field."""

    def __init__(self, form: dict[str, Any], locale: str) -> None:
        self.form = form
        self.locale = locale

    def text(self, name: str) -> str:
        value = self.form.get(name)
        return value.strip() if isinstance(value, str) else ""

    def optional(self, name: str) -> str | None:
        return self.text(name) or None

    def day(self, name: str, label: str) -> date | None:
        text = self.text(name)
        if not text:
            return None
        try:
            return date.fromisoformat(text)
        except ValueError:
            field = translate(self.locale, label)
            raise FieldError(translate(self.locale, "task.bad_date", field=field)) from None

    def number(self, name: str, problem: str) -> int | None:
        text = self.text(name)
        if not text:
            return None
        try:
            return int(text)
        except ValueError:
            raise FieldError(translate(self.locale, problem)) from None


def helpers(locale: str, zone: ZoneInfo) -> dict[str, Callable[..., str]]:
    """Template functions: a vocabulary label, a local time, an audit action and its detail."""

    def label(member: Labelled | str | None) -> str:
        if not isinstance(member, Labelled):
            return member or ""
        return member.zh if locale == "zh-CN" else member.en

    def state_label(code: str | None) -> str:
        member = TaskState.parse(code) if code else None
        return label(member) if member is not None else (code or "—")

    def when(moment: datetime | None) -> str:
        return moment.astimezone(zone).strftime("%Y-%m-%d %H:%M") if moment else ""

    def known(key: str, fallback: str) -> str:
        return translate(locale, key) if key in TEXT else fallback

    def ladder(level: int) -> str:
        kinds = list(NoticeKind)
        if 0 <= level < len(kinds):
            return f"{level} · {label(kinds[level])}"
        return translate(locale, "task.ladder_none")

    labelled: dict[str, Callable[[str], str]] = {
        "state": state_label,
        "source": lambda code: label(TaskSource.parse(code) or code),
        "kind": lambda code: label(NoticeKind.parse(code) or code),
        "decision": lambda code: known(f"task.ext.{code}", code),
    }

    colon, separator = ("：", "；") if locale == "zh-CN" else (": ", "; ")

    def shown(key: str, value: object) -> str:
        if isinstance(value, list):
            return ", ".join(shown(key, part) for part in value) or "—"
        if isinstance(value, str) and key in labelled:
            return labelled[key](value)
        return str(value)

    def detail(values: dict[str, Any] | None) -> str:
        """An audit event's detail (ids already named by the service), its keys and coded
        values in the page's language; a change is shown as before → after."""
        if not values:
            return ""
        parts = []
        for key, value in values.items():
            if value is None or value == "":
                continue
            if isinstance(value, list) and len(value) == 2:  # [before, after]
                text = f"{shown(key, value[0])} → {shown(key, value[1])}"
            else:
                text = shown(key, value)
            parts.append(f"{known(f'task.detail.{key}', key)}{colon}{text}")
        return separator.join(parts)

    return {
        "label": label,
        "state_label": state_label,
        "when": when,
        "action_label": lambda code: known(f"task.action.{code}", code),
        "role_label": lambda code: known(f"task.role.{code}", code),
        "ladder_label": ladder,
        "detail_text": detail,
    }


def _row_id(text: str, what: str = "task") -> int:
    """A task's (or extension request's) id from the path; 404 for anything no row can have:
    not plain ASCII digits, 0, or past what the database's integer column holds."""
    plain = text.isascii() and text.isdigit() and len(text.lstrip("0")) <= 19
    if not plain or not 1 <= int(text) <= MAX_ROW_ID:
        raise task_actions.TaskNotFound(f"no {what} {text!r}")
    return int(text)


def _confirmed(request: Request, task_id: int, key: str) -> RedirectResponse:
    """Back to the task page, which will confirm the move once (post/redirect/get)."""
    request.session[SESSION_DONE] = {"task": task_id, "key": key}
    return RedirectResponse(f"/tasks/{task_id}", status_code=303)


def _confirmation(request: Request, task_id: int) -> str | None:
    """The text key of the move just made on this task, once; None if there is none."""
    done = request.session.get(SESSION_DONE)
    if not isinstance(done, dict) or done.get("task") != task_id:
        return None  # another task's confirmation waits for its own page
    del request.session[SESSION_DONE]
    key = done.get("key")
    return key if isinstance(key, str) and key in TEXT else None


@router.get("/tasks/{task_id}", response_class=HTMLResponse)
def task_page(
    task_id: str, request: Request, session: Db, viewer: CurrentViewer, locale: Locale
) -> Response:
    number = _row_id(task_id)
    done = _confirmation(request, number)
    return render_task(request, session, viewer, locale, number, done=done)


def render_task(
    request: Request,
    session: Session,
    viewer: Viewer,
    locale: str,
    task_id: int,
    *,
    error: str | None = None,
    done: str | None = None,
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
        "done": done,
        "failed": failed,
        "values": values or {},
        **helpers(locale, rules.zone),
    }
    return page(request, "task.html", locale, context, status_code=status_code)


Call = Callable[[Fields, dict[str, Any]], object]
FORMS: dict[str, tuple[Action, Call]] = {
    "accept": (Action.ACCEPT, lambda f, c: task_actions.accept_task(**c)),
    "start": (Action.START, lambda f, c: task_actions.start_task(**c)),
    "progress": (
        Action.REPORT_PROGRESS,
        lambda f, c: task_actions.report_progress(
            **c, progress=_percent(f), note=f.optional("note")
        ),
    ),
    "submit": (
        Action.SUBMIT,
        lambda f, c: task_actions.submit_task(**c, note=f.optional("note")),
    ),
    "return": (
        Action.RETURN,
        lambda f, c: task_actions.return_task(**c, reason=f.text("reason")),
    ),
    "sign-off": (Action.SIGN_OFF, lambda f, c: task_actions.sign_off_task(**c)),
    "cancel": (
        Action.CANCEL,
        lambda f, c: task_actions.cancel_task(**c, reason=f.text("reason")),
    ),
    "block": (
        Action.BLOCK,
        lambda f, c: task_actions.block_task(
            **c, reason=f.text("reason"), request_code=f.optional("request")
        ),
    ),
    "unblock": (Action.UNBLOCK, lambda f, c: task_actions.unblock_task(**c)),
    "extensions": (
        Action.REQUEST_EXTENSION,
        lambda f, c: extensions.request_extension(
            **c,
            proposed_due=_required_day(f, "proposed_due", "task.proposed_due"),
            reason=f.text("reason"),
        ),
    ),
}
"""Each form's address under ``/tasks/{id}/``: the lifecycle move and the service call."""

REFUSALS = (
    IllegalMove,
    task_actions.BadTaskInput,
    extensions.ExtensionRefused,
    FieldError,
)


def _percent(fields: Fields) -> int:
    value = fields.number("progress", "task.bad_percent")
    if value is None:
        raise FieldError(translate(fields.locale, "task.bad_percent"))
    return value


def _required_day(fields: Fields, name: str, label: str) -> date:
    value = fields.day(name, label)
    if value is None:
        field = translate(fields.locale, label)
        raise FieldError(translate(fields.locale, "task.bad_date", field=field))
    return value


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
    fields = Fields(form, locale)

    def decide(fields: Fields, common: dict[str, Any]) -> object:
        decision = fields.text("decision")
        if decision not in ("approve", "deny"):
            raise FieldError(translate(locale, "task.bad_decision"))
        del common["task_id"]
        return extensions.decide_extension(
            **common,
            request_id=ask.id or 0,
            approve=decision == "approve",
            note=fields.optional("note"),
        )

    step = (Action.DECIDE_EXTENSION, decide)
    said = "task.done.approve" if fields.text("decision") == "approve" else "task.done.deny"
    name = f"decide-{ask.id}"
    return _act(request, session, viewer, locale, number, name, step, fields, done=said)


@router.post("/tasks/{task_id}/edit")
def edit(
    task_id: str,
    request: Request,
    session: Db,
    viewer: CurrentViewer,
    locale: Locale,
    form: CheckedForm,
) -> Response:
    """Title, owner and lead department (the office or the chain's working group)."""
    number = _row_id(task_id)
    task = visible_task(session=session, task_id=number, viewer=viewer)
    fields = Fields(form, locale)

    def given(name: str) -> str | None:
        """A field on the form, blank or not (the service refuses blank); None if absent."""
        return fields.text(name) if name in fields.form else None

    try:
        edited = edit_task(
            session=session,
            task_id=number,
            actor=viewer.actor,
            now=wiring.now(),
            title=given("title"),
            owner_email=given("owner"),
            lead_department=given("lead_department"),
        )
    except EditRefused as refusal:
        session.rollback()
        if not roles_on(session, viewer.actor, task) & ASSIGNERS:
            raise NotAllowed(str(refusal)) from refusal
        return render_task(
            request, session, viewer, locale, number,
            error=in_language(refusal, locale), failed="edit", values=fields.form, status_code=400,
        )  # fmt: skip
    return _confirmed(request, number, "task.done.edit" if edited.changed else "task.done.nothing")


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
    step = FORMS.get(move)
    if step is None:
        raise task_actions.TaskNotFound(f"no move {move!r}")
    return _act(request, session, viewer, locale, number, move, step, Fields(form, locale))


def _act(
    request: Request,
    session: Session,
    viewer: Viewer,
    locale: str,
    task_id: int,
    name: str,
    step: tuple[Action, Call],
    fields: Fields,
    *,
    done: str | None = None,
) -> Response:
    """Make the move through its service; a refusal changes nothing and says why, a success
    is confirmed once on the task page (``done``: the text key, else the move's own)."""
    action, call = step
    common: dict[str, Any] = {
        "session": session,
        "task_id": task_id,
        "actor": viewer.actor,
        "now": wiring.now(),
        "rules": request.app.state.rules,
    }
    try:
        call(fields, common)
    except REFUSALS as refusal:
        session.rollback()
        task = visible_task(session=session, task_id=task_id, viewer=viewer)
        if not may_ever(action, roles_on(session, viewer.actor, task)):
            raise NotAllowed(str(refusal)) from refusal
        return render_task(
            request,
            session,
            viewer,
            locale,
            task_id,
            error=in_language(refusal, locale),
            failed=name,
            values=fields.form,
            status_code=400,
        )
    return _confirmed(request, task_id, done or f"task.done.{action.value}")
