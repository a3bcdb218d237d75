"""一企一策 pages: the plans a viewer sees (``/plans``, and one chain's at
``/chains/{code}/plans`` with the new-plan form for those who manage it), and one plan
(``/plans/{id}``): its targets against the actuals and what the system knows, the outcome by
the rule and as confirmed, the measures with links to their requests and projects, and the
forms of whoever may use them.

A plan the viewer may not see is 404; a form that is not theirs is 403 before its fields are
read; a bad field re-renders the page (400) saying what was wrong, and changes nothing.
"""

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from sqlmodel import Session

from mechanism.cultivation import PLAN_KINDS, TARGETS
from mechanism.wording import in_language
from services import cultivation
from services.cultivation import PlanNotAllowed, PlanRefused
from services.lookups import UnknownChain, chain_by_code
from services.people import NotVisible, Viewer
from web.deps import CheckedForm, CurrentViewer, Db, Locale
from web.flash import confirm, confirmation
from web.forms import FormRefused, read_form
from web.i18n import translate
from web.pages.items import helpers, setup
from web.pages.plan_forms import FiguresForm, MeasureForm, NewPlanForm, OutcomeForm, TargetsForm
from web.templating import page

router = APIRouter()


@router.get("/plans", response_class=HTMLResponse)
def plan_list(
    request: Request,
    session: Db,
    viewer: CurrentViewer,
    locale: Locale,
    chain: str | None = None,
    year: str | None = None,
) -> Response:
    wanted = int(year) if year and year.strip().isdigit() else None
    rows = cultivation.list_plans(session=session, viewer=viewer, chain_code=chain, year=wanted)
    return page(request, "plans.html", locale, _list_context(viewer, locale, rows, request))


@router.get("/chains/{code}/plans", response_class=HTMLResponse)
def chain_plans(
    request: Request, code: str, session: Db, viewer: CurrentViewer, locale: Locale
) -> Response:
    return _chain_page(request, session, viewer, locale, code)


@router.post("/chains/{code}/plans", response_class=HTMLResponse)
def create(
    request: Request,
    code: str,
    session: Db,
    viewer: CurrentViewer,
    locale: Locale,
    form: CheckedForm,
) -> Response:
    chain = _readable_chain(session, viewer, code)
    assert chain.id is not None
    if not viewer.reads_chain(chain.id):
        raise NotVisible(f"no chain {code!r}")
    if not cultivation.manages(viewer, chain.id):
        raise PlanNotAllowed(f"{viewer.username} may not make plans on {chain.code}")
    try:
        given = read_form(NewPlanForm, form)
        plan = cultivation.create_plan(
            session=session,
            viewer=viewer,
            chain_code=chain.code,
            credit_code=given.credit_code,
            year=given.year,
            target_kind=given.target_kind,
            department_code=given.department,
            targets=given.figures(),
            now=setup(request).now,
            today=setup(request).today,
        )
    except (FormRefused, PlanRefused) as exc:
        session.rollback()
        return _chain_page(request, session, viewer, locale, code, form, _said(exc, locale))
    return confirm(request, f"/plans/{plan.id}", translate(locale, "plans.created", id=plan.id))


@router.get("/plans/{plan_id:int}", response_class=HTMLResponse)
def plan_page(
    request: Request, plan_id: int, session: Db, viewer: CurrentViewer, locale: Locale
) -> Response:
    return _plan_page(request, session, viewer, locale, plan_id)


@router.post("/plans/{plan_id:int}/targets", response_class=HTMLResponse)
def edit_targets(
    request: Request,
    plan_id: int,
    session: Db,
    viewer: CurrentViewer,
    locale: Locale,
    form: CheckedForm,
) -> Response:
    _may(session, viewer, plan_id, cultivation.manages, by_chain=True)
    try:
        given = read_form(TargetsForm, form)
        cultivation.edit_plan(
            session=session,
            viewer=viewer,
            plan_id=plan_id,
            targets=given.figures(),
            department_code=given.department,
            now=setup(request).now,
        )
    except (FormRefused, PlanRefused) as exc:
        return _refused(request, session, viewer, locale, plan_id, form, exc, "targets")
    return confirm(request, f"/plans/{plan_id}", translate(locale, "plans.edited"))


@router.post("/plans/{plan_id:int}/measures", response_class=HTMLResponse)
def add_measure(
    request: Request,
    plan_id: int,
    session: Db,
    viewer: CurrentViewer,
    locale: Locale,
    form: CheckedForm,
) -> Response:
    _may(session, viewer, plan_id, cultivation.manages, by_chain=True)
    try:
        given = read_form(MeasureForm, form)
        cultivation.add_measure(
            session=session,
            viewer=viewer,
            plan_id=plan_id,
            text=given.text,
            factor_request_code=given.factor_request,
            project_code=given.project,
            now=setup(request).now,
        )
    except (FormRefused, PlanRefused) as exc:
        return _refused(request, session, viewer, locale, plan_id, form, exc, "measure")
    return confirm(request, f"/plans/{plan_id}", translate(locale, "plans.measure.added"))


@router.post("/plans/{plan_id:int}/measures/{measure_id:int}/remove", response_class=HTMLResponse)
def remove_measure(
    request: Request,
    plan_id: int,
    measure_id: int,
    session: Db,
    viewer: CurrentViewer,
    locale: Locale,
    form: CheckedForm,
) -> Response:
    _may(session, viewer, plan_id, cultivation.manages, by_chain=True)
    try:
        cultivation.remove_measure(
            session=session,
            viewer=viewer,
            plan_id=plan_id,
            measure_id=measure_id,
            now=setup(request).now,
        )
    except PlanRefused as exc:
        return _refused(request, session, viewer, locale, plan_id, form, exc, "measure")
    return confirm(request, f"/plans/{plan_id}", translate(locale, "plans.measure.removed"))


@router.post("/plans/{plan_id:int}/actuals", response_class=HTMLResponse)
def record_actuals(
    request: Request,
    plan_id: int,
    session: Db,
    viewer: CurrentViewer,
    locale: Locale,
    form: CheckedForm,
) -> Response:
    _may(session, viewer, plan_id, cultivation.records_actuals)
    try:
        given = read_form(FiguresForm, form)
        cultivation.record_actuals(
            session=session,
            viewer=viewer,
            plan_id=plan_id,
            actuals=given.figures(),
            now=setup(request).now,
        )
    except (FormRefused, PlanRefused) as exc:
        return _refused(request, session, viewer, locale, plan_id, form, exc, "actuals")
    return confirm(request, f"/plans/{plan_id}", translate(locale, "plans.actuals_saved"))


@router.post("/plans/{plan_id:int}/outcome", response_class=HTMLResponse)
def confirm_outcome(
    request: Request,
    plan_id: int,
    session: Db,
    viewer: CurrentViewer,
    locale: Locale,
    form: CheckedForm,
) -> Response:
    _may(session, viewer, plan_id, lambda v, _plan: cultivation.confirms_outcome(v))
    try:
        given = read_form(OutcomeForm, form)
        plan = cultivation.confirm_outcome(
            session=session,
            viewer=viewer,
            plan_id=plan_id,
            outcome=given.outcome,
            note=given.note,
            now=setup(request).now,
        )
    except (FormRefused, PlanRefused) as exc:
        return _refused(request, session, viewer, locale, plan_id, form, exc, "outcome")
    said = translate(
        locale, "plans.confirmed", outcome=translate(locale, f"plans.outcome.{plan.outcome}")
    )
    return confirm(request, f"/plans/{plan_id}", said)


# --- rendering ---------------------------------------------------------------------------------


def _may(session: Session, viewer: Viewer, plan_id: int, rule: Any, by_chain: bool = False) -> None:
    """404 for a plan the viewer does not see, 403 for a form that is not theirs."""
    plan = cultivation.visible_plan(session, viewer, plan_id)
    allowed = rule(viewer, plan.chain_id) if by_chain else rule(viewer, plan)
    if not allowed:
        raise PlanNotAllowed(f"{viewer.username} may not do that to plan {plan_id}")


def _said(exc: Exception, locale: str) -> str:
    """The refusal in the page's language; a form's own refusal is led by its field's name
    (the plan service's messages already are)."""
    message = in_language(exc, locale)
    field = exc.field if isinstance(exc, FormRefused) else None
    if field in _FIELD_KEYS:
        name = translate(locale, _FIELD_KEYS[field])
        return translate(locale, "plans.check_field", field=name, message=message)
    return translate(locale, "plans.check", message=message)


_FIELD_KEYS = {
    **{name: f"plans.target.{name}" for name in TARGETS},
    "year": "plans.year",
    "text": "plans.measure.text",
}


def _refused(
    request: Request,
    session: Session,
    viewer: Viewer,
    locale: str,
    plan_id: int,
    form: dict[str, Any],
    exc: Exception,
    which: str,
) -> Response:
    session.rollback()
    return _plan_page(request, session, viewer, locale, plan_id, form, _said(exc, locale), which)


def _readable_chain(session: Session, viewer: Viewer, code: str) -> Any:
    try:
        return chain_by_code(session, code.strip())
    except UnknownChain:
        raise NotVisible(f"no chain {code!r}") from None


def _chain_page(
    request: Request,
    session: Session,
    viewer: Viewer,
    locale: str,
    code: str,
    form: dict[str, Any] | None = None,
    error: str | None = None,
) -> Response:
    chain = _readable_chain(session, viewer, code)
    rows = cultivation.list_plans(session=session, viewer=viewer, chain_code=chain.code)
    if not viewer.reads_chain(chain.id) and not rows:
        raise NotVisible(f"no chain {code!r}")  # a firm or department with no plan there
    context = _list_context(viewer, locale, rows, request)
    manages = cultivation.manages(viewer, chain.id)
    context.update(
        {
            "chain_row": chain,
            "manages": manages,
            "choices": cultivation.plan_choices(session, chain.id) if manages else None,
            "kinds": PLAN_KINDS,
            "form": form or {"year": setup(request).today.year},
            "error": error,
        }
    )
    return page(request, "plans.html", locale, context, status_code=400 if error else 200)


def _list_context(
    viewer: Viewer, locale: str, rows: list[dict[str, Any]], request: Request
) -> dict[str, Any]:
    run = setup(request)
    return {
        **helpers(viewer, locale, run.zone),
        "rows": rows,
        "chain_row": None,
        "manages": False,
        "targets": TARGETS,
        "today": run.today,
    }


def _plan_page(
    request: Request,
    session: Session,
    viewer: Viewer,
    locale: str,
    plan_id: int,
    form: dict[str, Any] | None = None,
    error: str | None = None,
    which: str | None = None,
) -> Response:
    plan = cultivation.show_plan(session=session, viewer=viewer, plan_id=plan_id)
    prefilled = {
        name: plan["actuals"][name]
        if plan["actuals"][name] is not None
        else plan["from_system"].get(name)
        for name in TARGETS
    }
    run = setup(request)
    context = {
        **helpers(viewer, locale, run.zone),
        "p": plan,
        "targets": TARGETS,
        "kinds": PLAN_KINDS,
        "departments": cultivation.plan_choices(session, _chain_id(session, plan))["departments"],
        "target_form": form
        if which == "targets"
        else {**plan["targets"], "department": plan["department"]},
        "actuals_form": form if which == "actuals" else prefilled,
        "measure_form": form if which == "measure" else {},
        "outcome_form": form if which == "outcome" else {},
        "waiting": "、".join(translate(locale, f"plans.target.{w}") for w in plan["waiting"]),
        "error": error,
        "which": which,
        "done": [] if error else confirmation(request, f"/plans/{plan_id}"),
    }
    return page(request, "plan.html", locale, context, status_code=400 if error else 200)


def _chain_id(session: Session, plan: dict[str, Any]) -> int:
    chain = chain_by_code(session, plan["chain"])
    assert chain.id is not None
    return chain.id
