"""The chain page: roster, working-mechanism gaps, the map, the N lists, the year's action
plan, the chain's tasks a page at a time (by light and state), its key projects and factor
requests; and the form that assigns (交办) a new task on the chain.

Only those who read the chain see it (office, chief chain leader, the chain's leaders and
working group); anyone else gets the same 404 as for a chain that does not exist. The
assign form is read through ``web.pages.task_forms.AssignForm``.
"""

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from sqlmodel import Session

from chainops import wiring
from mechanism.vocabulary import Light, TaskSource, TaskState
from mechanism.wording import in_language
from mechanism.working_mechanism import requirement_said
from services.city import chain_view, readable_chain
from services.people import NotAllowed, Viewer
from services.practices import chain_practices
from services.tasks import (
    OPEN,
    AssignmentRefused,
    BadFilter,
    assign_task,
    due_after,
    lights_by_department,
)
from web.deps import CheckedForm, CurrentViewer, Db, Locale
from web.forms import FormRefused, read_form
from web.i18n import said, translate
from web.pages.chain_map import map_pictures
from web.pages.enterprises import enterprise_ladder
from web.pages.investment_targets import chain_gaps
from web.pages.task_forms import AssignForm
from web.pages.task_wording import helpers
from web.templating import page

router = APIRouter()


def _page_number(text: str | None) -> int:
    """``?page=``: a number; anything else is the first page (out of range is clamped)."""
    return int(text) if text and text.isdigit() else 1


@router.get("/chains/{code}", response_class=HTMLResponse)
def chain_page(
    code: str,
    request: Request,
    session: Db,
    viewer: CurrentViewer,
    locale: Locale,
    number: Annotated[str | None, Query(alias="page")] = None,
    light: str | None = None,
    state: str | None = None,
) -> Response:
    filters = {"light": light or None, "state": state or None}
    return render_chain(request, session, viewer, locale, code, _page_number(number), filters)


def render_chain(
    request: Request,
    session: Session,
    viewer: Viewer,
    locale: str,
    code: str,
    number: int,
    filters: dict[str, str | None],
    *,
    error: str | None = None,
    values: dict[str, Any] | None = None,
    status_code: int = 200,
) -> Response:
    rules = request.app.state.rules
    today = rules.today(wiring.now())
    try:
        view = chain_view(
            session=session,
            code=code,
            viewer=viewer,
            today=today,
            page=number,
            rules=rules,
            **filters,
        )
    except BadFilter as bad:
        # Show the unfiltered list and say which parameter was wrong.
        label = translate(locale, f"chain.{bad.field}")
        error = translate(locale, "chain.bad_filter", field=label, value=bad.value)
        filters, status_code = {"light": None, "state": None}, 400
        view = chain_view(
            session=session, code=code, viewer=viewer, today=today, page=number, rules=rules
        )
    context = {
        "viewer": viewer,
        "view": view,
        "today": today,
        "filters": filters,
        "lights": list(Light),
        "states": list(TaskState),
        "open_filter": OPEN,
        "sources": list(TaskSource),
        "runs_chain": viewer.runs_chain(view.sheet.chain.id or 0),
        "owners": _by_department(view.sheet.people),
        "light_counts": lights_by_department(
            session=session, chain_id=view.sheet.chain.id or 0, viewer=viewer
        ),
        "error": error,
        "values": values or {},
        "requirement": lambda text: in_language(requirement_said(text), locale),
        **helpers(locale, rules.zone),
        **enterprise_ladder(request, session, view.sheet.chain.id or 0, locale),  # issue 16
        **chain_gaps(session, viewer, view.sheet.chain),  # issue 17: links lacking targets
        **map_pictures(request, session, viewer, code, locale),  # issue 17: the map drawn
        # issue 18: each standing practice's period now and the periods missed
        "practices": chain_practices(
            session, view.sheet.chain.id or 0, today, request.app.state.practices
        ),
    }
    return page(request, "chain.html", locale, context, status_code=status_code)


def _by_department(
    people: list[tuple[str, str, str | None]],
) -> dict[str | None, list[tuple[str, str]]]:
    """The assign form's owners under their departments (grouped once here: a city has
    thousands of people, and a template filtering them per department is slow)."""
    grouped: dict[str | None, list[tuple[str, str]]] = {}
    for email, name, department in people:
        grouped.setdefault(department, []).append((email, name))
    return grouped


@router.get("/chains/{code}/due-date")
def due_date_preview(
    code: str,
    request: Request,
    session: Db,
    viewer: CurrentViewer,
    locale: Locale,
    working_days: str = "",
    start: str = "",
) -> JSONResponse:
    """What "N working days" from the start gives, for the assign form to show before it is
    sent: ``{"due": "2026-12-15", "text": "…"}``, or 400 with the refusal in ``text``."""
    readable_chain(session=session, code=code, viewer=viewer)
    rules = request.app.state.rules
    today = rules.today(wiring.now())
    try:
        given = read_form(AssignForm, {"working_days": working_days, "start": start})
        if given.working_days is None:
            raise AssignmentRefused(said("task.bad_days"))
        due = due_after(given.start or today, given.working_days, rules=rules, today=today)
    except (AssignmentRefused, FormRefused) as refusal:
        return JSONResponse({"due": None, "text": in_language(refusal, locale)}, status_code=400)
    text = translate(locale, "chain.due_preview", due=due.isoformat(), n=given.working_days)
    return JSONResponse({"due": due.isoformat(), "text": text})


@router.post("/chains/{code}/tasks")
def assign(
    code: str,
    request: Request,
    session: Db,
    viewer: CurrentViewer,
    locale: Locale,
    form: CheckedForm,
) -> Response:
    """Assign (交办) a new task on the chain: the office or the chain's working group."""
    chain = readable_chain(session=session, code=code, viewer=viewer)
    rules = request.app.state.rules
    now = wiring.now()
    try:
        given = read_form(AssignForm, form)
        task = assign_task(
            session=session,
            actor=viewer.actor,
            chain_code=chain.code,
            title=given.title,
            lead_department=given.lead_department,
            owner_email=given.owner,
            start=given.start or rules.today(now),
            due=given.due,
            working_days=given.working_days,
            co_departments=given.co_departments,
            source=given.source,
            requirements=given.requirements,
            now=now,
            rules=rules,
        )
    except (AssignmentRefused, FormRefused) as refusal:
        session.rollback()
        if not viewer.runs_chain(chain.id or 0):
            raise NotAllowed(str(refusal)) from refusal
        filters: dict[str, str | None] = {"light": None, "state": None}
        return render_chain(
            request,
            session,
            viewer,
            locale,
            code,
            1,
            filters,
            error=in_language(refusal, locale),
            values=form,
            status_code=400,
        )
    return RedirectResponse(f"/tasks/{task.id}", status_code=303)
