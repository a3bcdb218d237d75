"""Matchmaking pages (融通对接): a chain's events and the form that plans one, one event (who is
invited and whether each counts, the held condition, matches by stage, its history, and the
invite and move forms), one match with its move form, and the event report (page and .xlsx).

Who sees what is the services' (``services.matchmaking.access``): an event or match the viewer
may not see is 404; a form that is not the viewer's is 403; a refused value re-renders the page
with the service's message (400), nothing changed.
"""

from datetime import date
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from sqlmodel import col, select

from chainops import wiring
from mechanism.matchmaking import (
    EVENT_MOVES,
    MATCH_MOVES,
    EventKind,
    EventState,
    MatchStage,
    ParticipantRole,
)
from mechanism.vocabulary import Labelled, TaskState
from mechanism.wording import in_language
from models import Department
from services.city import readable_chain
from services.matchmaking import (
    MatchmakingRefused,
    NotYours,
    Period,
    add_event,
    event_report,
    invite,
    list_events,
    move_event,
    move_match,
    moves_match,
    report_xlsx,
    show_event,
    show_match,
    visible_event,
    visible_match_sides,
)
from services.people import NotAllowed, Viewer, runs_chain
from web.deps import CheckedForm, CurrentViewer, Db, Locale
from web.flash import confirm, confirmation
from web.forms import FormRefused, read_form
from web.i18n import translate
from web.pages import export
from web.pages.items import helpers, setup
from web.pages.matchmaking_forms import EventForm, EventMoveForm, InviteForm, MatchMoveForm
from web.templating import page

router = APIRouter()


def _words(locale: str) -> dict[str, Any]:
    def word(vocabulary: type[Labelled], code: str) -> str:
        member = vocabulary.parse(code or "")
        if member is None:
            return code or "—"
        return member.zh if locale == "zh-CN" else member.en

    return {
        "kind_label": lambda code: word(EventKind, code),
        "state_label": lambda code: word(EventState, code),
        "stage_label": lambda code: word(MatchStage, code),
        "role_label": lambda code: word(ParticipantRole, code),
        "task_state_label": lambda code: word(TaskState, code),
        "kinds": list(EventKind),
        "roles": list(ParticipantRole),
    }


def _refusal(exc: Exception, locale: str) -> str:
    if isinstance(exc, FormRefused) and exc.field:
        return f"{translate(locale, 'mm.' + exc.field)}: {in_language(exc, locale)}"
    return in_language(exc, locale)


# --- a chain's events --------------------------------------------------------------------------


@router.get("/chains/{code}/events", response_class=HTMLResponse)
def chain_events(
    code: str, request: Request, session: Db, viewer: CurrentViewer, locale: Locale
) -> Response:
    return _render_list(request, session, viewer, locale, code)


@router.post("/chains/{code}/events", response_class=HTMLResponse)
def new_event(
    code: str,
    request: Request,
    session: Db,
    viewer: CurrentViewer,
    locale: Locale,
    form: CheckedForm,
) -> Response:
    chain = readable_chain(session=session, code=code, viewer=viewer)
    if not runs_chain(session, viewer.actor, chain.id or 0):
        raise NotAllowed(f"{viewer.username} may not run {code}'s events")
    try:
        given = read_form(EventForm, form)
        event = add_event(
            session=session, actor=viewer.actor, chain_code=code, title=given.title,
            kind=given.kind, host_department=given.host_department, held_on=given.held_on,
            place=given.place, online=given.online, platform_partner=given.platform_partner,
            now=wiring.now(),
        )  # fmt: skip
    except (FormRefused, MatchmakingRefused) as exc:
        session.rollback()
        return _render_list(request, session, viewer, locale, code, _refusal(exc, locale), form)
    return confirm(request, f"/events/{event.id}", translate(locale, "mm.done.add"))


def _render_list(
    request: Request,
    session: Db,
    viewer: Viewer,
    locale: str,
    code: str,
    error: str | None = None,
    form: dict[str, Any] | None = None,
) -> Response:
    chain = readable_chain(session=session, code=code, viewer=viewer)
    run = setup(request)
    context = {
        **helpers(viewer, locale, run.zone),
        **_words(locale),
        "chain": chain,
        "rows": list_events(session=session, viewer=viewer, chain=code),
        "runs": runs_chain(session, viewer.actor, chain.id or 0),
        "departments": session.exec(_departments()).all(),
        "error": error,
        "form": form or {},
        "today": run.today,
    }
    return page(
        request, "matchmaking_events.html", locale, context, status_code=400 if error else 200
    )


def _departments() -> Any:
    return select(Department).order_by(col(Department.code))


# --- one event ---------------------------------------------------------------------------------


@router.get("/events/{event_id:rowid}", response_class=HTMLResponse)
def event_page(
    event_id: int, request: Request, session: Db, viewer: CurrentViewer, locale: Locale
) -> Response:
    return _render_event(request, session, viewer, locale, event_id)


@router.post("/events/{event_id:rowid}/{action}", response_class=HTMLResponse)
def event_action(
    event_id: int,
    action: str,
    request: Request,
    session: Db,
    viewer: CurrentViewer,
    locale: Locale,
    form: CheckedForm,
) -> Response:
    event = visible_event(session, viewer, event_id)
    if action not in ("invite", "move"):
        raise LookupError(f"no action {action!r}")
    if not runs_chain(session, viewer.actor, event.chain_id):
        raise NotAllowed(f"{viewer.username} may not run event {event_id}")
    now = wiring.now()
    try:
        if action == "invite":
            given = read_form(InviteForm, form)
            invite(session=session, actor=viewer.actor, event_id=event_id,
                   credit_code=given.credit_code, role=given.role, now=now)  # fmt: skip
        else:
            moved = read_form(EventMoveForm, form)
            move_event(session=session, actor=viewer.actor, event_id=event_id, to=moved.to,
                       now=now, rules=_rules(request))  # fmt: skip
    except (FormRefused, MatchmakingRefused) as exc:
        session.rollback()
        return _render_event(request, session, viewer, locale, event_id, _refusal(exc, locale))
    except NotYours as exc:
        session.rollback()
        raise NotAllowed(str(exc)) from exc
    return confirm(request, f"/events/{event_id}", translate(locale, f"mm.done.{action}"))


def _rules(request: Request) -> Any:
    return wiring.matchmaking_rules(request.app.state.settings)


def _render_event(
    request: Request, session: Db, viewer: Viewer, locale: str, event_id: int,
    error: str | None = None,
) -> Response:  # fmt: skip
    run = setup(request)
    shown = show_event(session=session, viewer=viewer, event_id=event_id, rules=_rules(request))
    event = visible_event(session, viewer, event_id)
    context = {
        **helpers(viewer, locale, run.zone),
        **_words(locale),
        "e": shown,
        "runs": runs_chain(session, viewer.actor, event.chain_id),
        "next_states": sorted(EVENT_MOVES[EventState(event.state)], key=list(EventState).index),
        "stages": list(MatchStage),
        "error": error,
        "done": [] if error else confirmation(request, f"/events/{event_id}"),
    }
    return page(
        request, "matchmaking_event.html", locale, context, status_code=400 if error else 200
    )


# --- one match ---------------------------------------------------------------------------------


@router.get("/matches/{match_id:rowid}", response_class=HTMLResponse)
def match_page(
    match_id: int, request: Request, session: Db, viewer: CurrentViewer, locale: Locale
) -> Response:
    return _render_match(request, session, viewer, locale, match_id)


@router.post("/matches/{match_id:rowid}/move", response_class=HTMLResponse)
def match_move(
    match_id: int,
    request: Request,
    session: Db,
    viewer: CurrentViewer,
    locale: Locale,
    form: CheckedForm,
) -> Response:
    chain_id, sides, _ = visible_match_sides(session, viewer, match_id)
    if not moves_match(session, viewer.actor, chain_id=chain_id, sides=sides):
        raise NotAllowed(f"{viewer.username} may not move match {match_id}")
    try:
        given = read_form(MatchMoveForm, form)
        move_match(
            session=session, actor=viewer.actor, match_id=match_id, to=given.to,
            amount=given.amount, reason=given.reason, now=wiring.now(),
            rules=request.app.state.rules, held=_rules(request),
        )  # fmt: skip
    except (FormRefused, MatchmakingRefused) as exc:
        session.rollback()
        return _render_match(request, session, viewer, locale, match_id, _refusal(exc, locale))
    return confirm(request, f"/matches/{match_id}", translate(locale, "mm.done.match"))


def _render_match(
    request: Request, session: Db, viewer: Viewer, locale: str, match_id: int,
    error: str | None = None,
) -> Response:  # fmt: skip
    run = setup(request)
    chain_id, sides, _ = visible_match_sides(session, viewer, match_id)
    shown = show_match(session=session, viewer=viewer, match_id=match_id)
    context = {
        **helpers(viewer, locale, run.zone),
        **_words(locale),
        "m": shown,
        "moves": moves_match(session, viewer.actor, chain_id=chain_id, sides=sides),
        "next_stages": sorted(MATCH_MOVES[MatchStage(shown["stage"])], key=list(MatchStage).index),
        "error": error,
        "done": [] if error else confirmation(request, f"/matches/{match_id}"),
    }
    return page(
        request, "matchmaking_match.html", locale, context, status_code=400 if error else 200
    )


# --- the report ----------------------------------------------------------------------------------


@router.get("/events/report", response_class=HTMLResponse)
def report_page(
    request: Request,
    session: Db,
    viewer: CurrentViewer,
    locale: Locale,
    chain: str = "",
    start: str = "",
    end: str = "",
    format: str = "",
) -> Response:
    """The event report of the chains the viewer reads (or ``chain``), for a period (default:
    this year); ``format=xlsx`` downloads it."""
    if not viewer.reads_city:
        raise LookupError("the event report is for those who read a chain")
    run = setup(request)
    year = Period.year(run.today.year)
    try:
        xlsx = export.wants_xlsx(format)
        period = Period(_day(start) or year.start, _day(end) or year.end)
    except ValueError:
        return export.bad_format(request, viewer, locale, f"{format} {start} {end}".strip())
    report = event_report(session=session, viewer=viewer, chain=chain or None, period=period,
                          today=run.today)  # fmt: skip
    if xlsx:
        name = f"matchmaking-{period.start}-{period.end}.xlsx"
        return Response(
            report_xlsx(report, locale),
            media_type=export.XLSX,
            headers={"Content-Disposition": f'attachment; filename="{name}"'},
        )
    context = {
        **helpers(viewer, locale, run.zone),
        **_words(locale),
        "report": report,
        "chain": chain,
        "export": export.export_link(request),
    }
    return page(request, "matchmaking_report.html", locale, context)


def _day(text: str) -> date | None:
    return date.fromisoformat(text.strip()) if text.strip() else None
