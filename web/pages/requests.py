"""Factor-supply requests (要素保障诉求): the list, the submit form, one request with its
history and service levels, and the moves on it (accept, start, resolve, reject, confirm,
reopen) — each offered exactly as ``services.requests.moves.update_request`` would take it.

A request the viewer may not see is 404; a move whose role the viewer does not hold is 403;
a move the request's state or the inputs do not allow re-renders the page with the service's
message (400), nothing changed. The forms are read through ``web.pages.item_forms``; what a
form did is confirmed once on the request's page (``web.flash``).
"""

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from sqlmodel import Session

from mechanism.request_lifecycle import IllegalRequestMove, RequestAction
from mechanism.vocabulary import FactorType, RequestState
from mechanism.wording import in_language
from models import FactorRequest
from services import requests as request_service
from services.people import NotAllowed, Viewer
from services.projects import ProjectHidden, visible_project
from services.requests import (
    SubmitChoices,
    department_names,
    department_of,
    holds_role_for,
    moves_now,
    request_chains,
    service_levels,
    submit_choices,
    submit_request,
    visible_request,
    visible_requests,
)
from web.deps import CheckedForm, CurrentViewer, Db, Locale
from web.flash import confirm, confirmation
from web.forms import FormRefused, PageForm, read_form
from web.i18n import TEXT, translate
from web.pages import export
from web.pages.item_forms import (
    ReasonInputs,
    ReopenInputs,
    ReplyInputs,
    RequestForm,
    SatisfactionInputs,
)
from web.pages.items import field_message, field_of, helpers, routed_to, setup
from web.pages.list_sheets import request_sheet
from web.templating import page

router = APIRouter()

# The inputs each move reads from its form (update_request ignores none it is given, so a
# move is given only its own).
_INPUTS: dict[RequestAction, type[PageForm]] = {
    RequestAction.ACCEPT: PageForm,
    RequestAction.START: ReplyInputs,
    RequestAction.RESOLVE: ReplyInputs,
    RequestAction.REJECT: ReasonInputs,
    RequestAction.CONFIRM: SatisfactionInputs,
    RequestAction.REOPEN: ReopenInputs,
}


@router.get("/requests", response_class=HTMLResponse)
def request_list(
    request: Request,
    session: Db,
    viewer: CurrentViewer,
    locale: Locale,
    chain: str | None = None,
    state: str | None = None,
    format: str = "",
) -> Response:
    try:
        xlsx = export.wants_xlsx(format)
    except ValueError:
        return export.bad_format(request, viewer, locale, format)
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
    departments = department_names(session)
    chains = request_chains(session=session, viewer=viewer)
    if xlsx:
        headers, lines, widths = request_sheet(rows, chains, departments, locale)
        refused = export.too_many(request, viewer, locale, len(rows))
        return refused or export.xlsx_response(
            locale=locale,
            list_key="requests",
            today=run.today,
            headers=headers,
            rows=lines,
            widths=widths,
        )
    context = {
        **helpers(viewer, locale, run.zone),
        "rows": rows,
        "departments": departments,
        "chains": chains,
        "export": export.export_link(request),
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
        given = read_form(RequestForm, form, projects={p[0] for p in choices.projects})
        fixed = choices.fixed_enterprise
        created = submit_request(
            session=session,
            actor=viewer.actor,
            chain_code=given.chain,
            credit_code=fixed[0] if fixed else given.credit_code,
            project_code=given.project,
            factor_type=given.factor_type,
            quantity=given.quantity,
            unit=given.unit,
            needed_by=given.needed_by,
            description=given.description,
            now=run.now,
            rules=run.rules,
            factors=run.factors(request),
        )
    except FormRefused as exc:
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
    return confirm(request, _path(created), routed_to(session, locale, created))


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
        inputs = read_form(_INPUTS[chosen], form).model_dump(exclude_none=True)
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
    except FormRefused as exc:
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
    said = translate(locale, f"req.done.{chosen.value}", code=found.code)
    return confirm(request, _path(found), said)


def _path(found: FactorRequest) -> str:
    """The request's page: where its forms go back to, and their confirmation waits."""
    return f"/requests/{found.code}"


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
    detail = request_service.show_request(
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
        "done": [] if error else confirmation(request, _path(stored)),
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
