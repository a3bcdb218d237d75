"""A practice's record on the pages (``/practice-records/{id}``): what was held, where, who
took part, and its problems (问题清单). Beside each problem not yet turned into work, two small
forms, one step each: "转为督办事项" (department, owner, due date or working days; posts to
``…/problems/{problem_id}/task``) and "转为要素诉求" (enterprise, factor type, quantity, unit,
needed by; posts to ``…/problems/{problem_id}/request``). A turned problem links its task
(``/tasks/{id}``) or request (``/requests/{code}``).

A record the viewer may not see is 404; turning a problem is the office's or the chain's
working group's (403 for anyone else, before any field is read); a bad field re-renders the
page (400) with the form open and the field named, nothing changed.
"""

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from sqlmodel import Session

from chainops import wiring
from mechanism.wording import in_language
from services import practices
from services.people import Viewer
from web.deps import CheckedForm, CurrentViewer, Db, Locale
from web.flash import confirm, confirmation
from web.forms import FormRefused, read_form
from web.i18n import translate
from web.pages.items import setup
from web.pages.practice_forms import ProblemRequestForm, ProblemTaskForm
from web.pages.practices import state_word
from web.templating import page

router = APIRouter()

_REFUSED = (practices.PracticeRefused, FormRefused)


def _record_page(
    request: Request,
    session: Session,
    viewer: Viewer,
    locale: str,
    record_id: int,
    *,
    error: Exception | None = None,
    form: dict[str, Any] | None = None,
    which: str | None = None,
) -> Response:
    view = practices.record_view(session, viewer, record_id, setup(request).today)
    context = {
        "viewer": viewer,
        "view": view,
        "chain": view["chain"],
        "state": state_word(locale),
        "error": in_language(error, locale) if error else None,
        "error_field": getattr(error, "field", None),
        "form": form or {},
        "which": which,
        "done": confirmation(request, f"/practice-records/{record_id}"),
    }
    status = 400 if error else 200
    return page(request, "practice_record.html", locale, context, status_code=status)


@router.get("/practice-records/{record_id:rowid}", response_class=HTMLResponse)
def record(
    record_id: int, request: Request, session: Db, viewer: CurrentViewer, locale: Locale
) -> Response:
    return _record_page(request, session, viewer, locale, record_id)


def _may_turn(
    request: Request, session: Session, viewer: Viewer, locale: str, record_id: int, problem: int
) -> None:
    """404 for a record not seen or a problem not its own, 403 for one who may not turn it."""
    view = practices.record_view(session, viewer, record_id, setup(request).today)
    if not any(p["id"] == problem for p in view["problems"]):
        raise practices.PracticeHidden(translate(locale, "prec.no_problem", id=problem))
    if not view["may_turn"]:
        raise practices.PracticeNotAllowed(translate(locale, "prec.not_turner"))


@router.post("/practice-records/{record_id:rowid}/problems/{problem_id:rowid}/task")
def problem_task(
    record_id: int,
    problem_id: int,
    request: Request,
    session: Db,
    viewer: CurrentViewer,
    locale: Locale,
    form: CheckedForm,
) -> Response:
    _may_turn(request, session, viewer, locale, record_id, problem_id)
    run = setup(request)
    try:
        given = read_form(ProblemTaskForm, form)
        task = practices.problem_to_task(
            session=session,
            actor=viewer.actor,
            problem_id=problem_id,
            lead_department=given.lead_department,
            owner_email=given.owner_email,
            due=given.due,
            working_days=given.working_days,
            co_departments=given.co_codes,
            now=run.now,
            rules=run.rules,
        )
    except _REFUSED as refusal:
        session.rollback()
        which = f"task-{problem_id}"
        return _record_page(
            request, session, viewer, locale, record_id, error=refusal, form=form, which=which
        )
    line = translate(locale, "prec.to_task", id=task.id)
    return confirm(request, f"/practice-records/{record_id}", line)


@router.post("/practice-records/{record_id:rowid}/problems/{problem_id:rowid}/request")
def problem_request(
    record_id: int,
    problem_id: int,
    request: Request,
    session: Db,
    viewer: CurrentViewer,
    locale: Locale,
    form: CheckedForm,
) -> Response:
    _may_turn(request, session, viewer, locale, record_id, problem_id)
    run = setup(request)
    try:
        given = read_form(ProblemRequestForm, form)
        made = practices.problem_to_request(
            session=session,
            actor=viewer.actor,
            problem_id=problem_id,
            credit_code=given.credit_code,
            factor_type=given.factor_type,
            quantity=given.quantity,
            unit=given.unit,
            needed_by=given.needed_by,
            now=run.now,
            rules=run.rules,
            factors=wiring.factor_rules(request.app.state.settings),
        )
    except _REFUSED as refusal:
        session.rollback()
        which = f"request-{problem_id}"
        return _record_page(
            request, session, viewer, locale, record_id, error=refusal, form=form, which=which
        )
    line = translate(locale, "prec.to_request", code=made.code)
    return confirm(request, f"/practice-records/{record_id}", line)
