"""``/api/events``, ``/api/matches``: matchmaking events the caller sees, one in full (who is
invited, the held condition, matches by stage, history), the matches and the event report for
the province — through services/matchmaking/ as ``chainops matchmaking`` does. Keys: README,
"Matchmaking: events, matches and the report"."""

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query, Request

from chainops import wiring
from services.matchmaking import (
    EventNotFound,
    MatchmakingRefused,
    MatchNotFound,
    Period,
    event_report,
    list_events,
    list_matches,
    show_event,
)
from web.api.common import ApiRoute, ApiViewer
from web.api.schemas import ERRORS
from web.deps import Db

router = APIRouter(route_class=ApiRoute, tags=["matchmaking"], responses=ERRORS)


def _refused(exc: Exception) -> HTTPException:
    if isinstance(exc, EventNotFound | MatchNotFound):
        return HTTPException(404, detail=str(exc))
    return HTTPException(400, detail=str(exc))


@router.get("/events", summary="The matchmaking events the caller sees")
def events(
    session: Db,
    viewer: ApiViewer,
    chain: Annotated[str | None, Query(description="Chain code.")] = None,
    state: Annotated[str | None, Query(description="planned, collecting, … reported")] = None,
) -> list[dict[str, Any]]:
    try:
        return list_events(session=session, viewer=viewer, chain=chain, state=state)
    except MatchmakingRefused as exc:
        raise _refused(exc) from exc


@router.get("/events/report", summary="The event report for the province")
def report(
    session: Db,
    viewer: ApiViewer,
    chain: Annotated[
        str | None, Query(description="Chain code (default: every chain read).")
    ] = None,
    start: Annotated[
        date | None, Query(alias="from", description="First day (default 1 Jan).")
    ] = None,
    end: Annotated[date | None, Query(alias="to", description="Last day (default 31 Dec).")] = None,
) -> dict[str, Any]:
    """Per chain: each held event's line and the totals, with the share of the chain's SMEs
    holding a valid 专精特新 title that took part; and the totals of all chains read."""
    today = wiring.today()
    year = Period.year(today.year)
    period = Period(start or year.start, end or year.end)
    if period.end < period.start:
        raise HTTPException(400, detail=f"to: {period.end} is before from: {period.start}")
    if not viewer.reads_city:
        raise HTTPException(404, detail="not found")
    try:
        return event_report(session=session, viewer=viewer, chain=chain, period=period, today=today)
    except EventNotFound as exc:
        raise _refused(exc) from exc


@router.get("/events/{event_id:rowid}", summary="One event in full")
def event(request: Request, event_id: int, session: Db, viewer: ApiViewer) -> dict[str, Any]:
    rules = wiring.matchmaking_rules(request.app.state.settings)
    try:
        return show_event(session=session, viewer=viewer, event_id=event_id, rules=rules)
    except EventNotFound as exc:
        raise _refused(exc) from exc


@router.get("/matches", summary="The matches the caller sees")
def matches(
    session: Db,
    viewer: ApiViewer,
    event: Annotated[int | None, Query(description="Only this event's.")] = None,
    chain: Annotated[str | None, Query(description="Chain code.")] = None,
    stage: Annotated[str | None, Query(description="proposed, introduced, … lost")] = None,
) -> list[dict[str, Any]]:
    try:
        return list_matches(
            session=session, viewer=viewer, event_id=event, chain=chain, stage=stage
        )
    except MatchmakingRefused as exc:
        raise _refused(exc) from exc
