"""Factor-supply requests (要素保障诉求): the list, the submit form, one request with its
history and service levels, and the moves on it (accept, start, resolve, reject, confirm,
reopen) — each offered exactly as ``services.factor_requests.update_request`` would take it.

A request the viewer may not see is 404; a move whose role the viewer does not hold is 403;
a move the request's state or the inputs do not allow re-renders the page with the service's
message (400), nothing changed.
"""

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlmodel import Session

from mechanism.request_lifecycle import IllegalRequestMove, RequestAction
from mechanism.vocabulary import FactorType, RequestState
from mechanism.wording import Said, in_language
from models import FactorRequest
from services import factor_requests as request_service
from services import request_views
from services.access import NotAllowed, Viewer
from services.project_page import ProjectHidden, visible_project
from services.request_page import (
    SubmitChoices,
    department_names,
    department_of,
    holds_role_for,
    moves_now,
    request_chains,
    service_levels,
    submit_choices,
    visible_request,
    visible_requests,
)
from services.request_submission import submit_request
from web.deps import CheckedForm, CurrentViewer, Db, Locale
from web.i18n import TEXT, translate
from web.pages.projects import (
    FieldError,
    field_message,
    field_of,
    helpers,
    read_date,
    read_number,
    read_text,
    routed_to,
    setup,
    tell_done,
    told_done,
)
from web.templating import page

router = APIRouter()

# The inputs each move takes from its form (update_request ignores none it is given, so a
# move is given only its own).
_INPUTS: dict[RequestAction, tuple[str, ...]] = {
    RequestAction.ACCEPT: (),
    RequestAction.START: ("reply",),
    RequestAction.RESOLVE: ("reply",),
    RequestAction.REJECT: ("reason",),
    RequestAction.CONFIRM: ("satisfaction",),
    RequestAction.REOPEN: ("reason", "satisfaction"),
}


@router.get("/requests", response_class=HTMLResponse)
def request_list(
    request: Request,
    session: Db,
    viewer: CurrentViewer,
    locale: Locale,
    chain: str | None = None,
    state: str | None = None,
) -> Response:
    run = setup(request)
    chosen = RequestState.parse(state) if state else None
    rows = visible_requests(
        session=session,
        viewer=viewer,
        today=run.today,
        rules=run.rules,
        factors=run.factors(request),
        chain=chain or None,
        state=chosen.value if chosen else None,
        locale=locale,
    )
    context = {
        **helpers(viewer, locale, run.zone),
        "rows": rows,
        "departments": department_names(session),
        "chains": request_chains(session=session, viewer=viewer),
        "states": list(RequestState),
        "chain": chain or "",
        "state": chosen.value if chosen else "",
        "may_submit": submit_choices(session=session, viewer=viewer).any,
        "today": run.today,
    }
    return page(request, "requests.html", locale, context)


# --- submitting ------------------------------------------------------------------------------


@router.get("/requests/new", response_class=HTMLResponse)
def new_request(
    request: Request,
    session: Db,
    viewer: CurrentViewer,
    locale: Locale,
    project: str | None = None,
) -> Response:
    choices = _choices(session, viewer)
    values: dict[str, Any] = {}
    named = next((p for p in choices.projects if p[0] == project), None)
    if named is not None:
        values = {"project": named[0], "chain": named[2]}
    elif len(choices.chains) == 1:
        values = {"chain": choices.chains[0][0]}
    return _render_new(request, viewer, locale, choices, values)


@router.post("/requests", response_class=HTMLResponse)
def submit(
    request: Request,
    session: Db,
    viewer: CurrentViewer,
    locale: Locale,
    form: CheckedForm,
) -> Response:
    choices = _choices(session, viewer)
    run = setup(request)
    try:
        project = read_text(form, "project") or None
        if project is not None and project not in {p[0] for p in choices.projects}:
            raise FieldError(
                "project", Said(f"project: no key project {project!r}", f"没有重点项目 {project!r}")
            )
        fixed = choices.fixed_enterprise
        created = submit_request(
            session=session,
            actor=viewer.actor,
            chain_code=read_text(form, "chain"),
            credit_code=fixed[0] if fixed else read_text(form, "credit_code"),
            project_code=project,
            factor_type=read_text(form, "factor_type"),
            quantity=read_number(form, "quantity"),
            unit=read_text(form, "unit"),
            needed_by=read_date(form, "needed_by"),
            description=read_text(form, "description"),
            now=run.now,
            rules=run.rules,
            factors=run.factors(request),
        )
    except FieldError as exc:
        session.rollback()
        error = field_message(locale, exc.field, in_language(exc, locale))
        return _render_new(request, viewer, locale, choices, form, error, exc.field)
    except request_service.RequestInputError as exc:
        session.rollback()
        field = field_of(str(exc))
        if isinstance(exc, request_service.DuplicateRequest):
            field = "description"
        error = field_message(locale, field, in_language(exc, locale))
        return _render_new(request, viewer, locale, choices, form, error, field)
    except request_service.RequestAccessDenied as exc:
        session.rollback()
        raise NotAllowed(str(exc)) from exc
    path = f"/requests/{created.code}"
    tell_done(request, path, routed_to(session, locale, created))
    return RedirectResponse(path, status_code=303)


def _choices(session: Session, viewer: Viewer) -> SubmitChoices:
    """What the viewer may submit for; no one to submit for is 403 (the form is not theirs)."""
    choices = submit_choices(session=session, viewer=viewer)
    if not choices.any:
        raise NotAllowed(f"{viewer.username} may not submit factor requests")
    return choices


def _render_new(
    request: Request,
    viewer: Viewer,
    locale: str,
    choices: SubmitChoices,
    values: dict[str, Any],
    error: str | None = None,
    error_field: str | None = None,
) -> Response:
    run = setup(request)
    context = {
        **helpers(viewer, locale, run.zone),
        "choices": choices,
        "factor_types": list(FactorType),
        "form": values,
        "error": error,
        "error_field": error_field,
        "today": run.today,
    }
    status = 400 if error else 200
    return page(request, "request_new.html", locale, context, status_code=status)


# --- one request and its moves -----------------------------------------------------------------


@router.get("/requests/{code}", response_class=HTMLResponse)
def request_page(
    request: Request, code: str, session: Db, viewer: CurrentViewer, locale: Locale
) -> Response:
    found = visible_request(session, viewer, code)
    return _render(request, session, viewer, locale, found)


@router.post("/requests/{code}/{action}", response_class=HTMLResponse)
def move(
    request: Request,
    code: str,
    action: str,
    session: Db,
    viewer: CurrentViewer,
    locale: Locale,
    form: CheckedForm,
) -> Response:
    found = visible_request(session, viewer, code)
    try:
        chosen = RequestAction(action)
    except ValueError:
        raise LookupError(f"no action {action!r}") from None
    if not holds_role_for(session, viewer.actor, found, chosen):
        raise NotAllowed(f"{viewer.username} may not {chosen.value} {found.code}")
    run = setup(request)
    try:
        inputs = _inputs(chosen, form)
        request_service.update_request(
            session=session,
            code=found.code,
            actor=viewer.actor,
            action=chosen.value,
            now=run.now,
            rules=run.rules,
            factors=run.factors(request),
            **inputs,
        )
    except FieldError as exc:
        session.rollback()
        error = field_message(locale, exc.field, in_language(exc, locale))
        return _render(request, session, viewer, locale, found, error, chosen, form)
    except (IllegalRequestMove, request_service.RequestInputError) as exc:
        session.rollback()
        error = field_message(locale, field_of(str(exc)), in_language(exc, locale))
        return _render(request, session, viewer, locale, found, error, chosen, form)
    except request_service.RequestAccessDenied as exc:
        session.rollback()
        raise NotAllowed(str(exc)) from exc
    path = f"/requests/{found.code}"
    tell_done(request, path, translate(locale, f"req.done.{chosen.value}", code=found.code))
    return RedirectResponse(path, status_code=303)


def _inputs(action: RequestAction, form: dict[str, Any]) -> dict[str, Any]:
    inputs: dict[str, Any] = {}
    for name in _INPUTS[action]:
        text = read_text(form, name)
        if name == "satisfaction":
            if text:
                try:
                    inputs[name] = int(text)
                except ValueError:
                    raise FieldError(
                        name,
                        Said(
                            f"satisfaction: {text!r} is not a whole number from 1 to 5",
                            f"{text!r} 不是 1 至 5 的整数",
                        ),
                    ) from None
        else:
            inputs[name] = text
    return inputs


def _render(
    request: Request,
    session: Session,
    viewer: Viewer,
    locale: str,
    found: FactorRequest,
    error: str | None = None,
    failed: RequestAction | None = None,
    form: dict[str, Any] | None = None,
) -> Response:
    run = setup(request)
    factors = run.factors(request)
    detail = request_views.show_request(
        session=session,
        code=found.code,
        today=run.today,
        rules=run.rules,
        factors=factors,
        actor=viewer.actor,
        locale=locale,
    )
    stored = visible_request(session, viewer, found.code)  # as stored now, after a rollback
    context = {
        **helpers(viewer, locale, run.zone),
        "r": detail,
        "department": department_of(session, stored),
        "project_link": _project_link(session, viewer, detail["project"]),
        "levels": service_levels(session=session, request=stored, rules=run.rules, factors=factors),
        "moves": [m.value for m in moves_now(session, viewer.actor, stored)],
        "action_label": lambda name: _action_label(locale, name),
        "error": error,
        "failed": failed.value if failed else None,
        "form": form or {},
        "done": [] if error else told_done(request),
        "today": run.today,
    }
    status = 400 if error else 200
    return page(request, "request.html", locale, context, status_code=status)


def _project_link(session: Session, viewer: Viewer, code: str | None) -> bool:
    if not code:
        return False
    try:
        visible_project(session, viewer, code)
    except ProjectHidden:
        return False
    return True


def _action_label(locale: str, name: str) -> str:
    key = f"req.action.{name}"
    if key not in TEXT:
        return name
    return TEXT[key][0] if locale == "zh-CN" else TEXT[key][1]
