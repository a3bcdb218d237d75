"""``/api/me``, ``/api/overview`` and ``/api/chains/{code}``: who is asking, and the chains
they may read."""

from fastapi import APIRouter, Request

from services.city import chain_detail, city_overview, visible_chain
from services.people import readable_chains, viewer_summary
from web.api.common import ApiRoute, ApiViewer, engine_rules, now
from web.api.schemas import ERRORS, ChainDetail, ChainSummary, Me, Overview
from web.deps import Db

router = APIRouter(route_class=ApiRoute, tags=["chains"], responses=ERRORS)


@router.get("/me", response_model=Me, summary="Who the token speaks for")
def me(session: Db, viewer: ApiViewer) -> Me:
    return Me.model_validate(viewer_summary(session=session, viewer=viewer))


@router.get("/overview", response_model=Overview, summary="The chains the caller may read")
def overview(request: Request, session: Db, viewer: ApiViewer) -> Overview:
    """Each readable chain with its lights, open and overdue tasks and missing mechanism
    elements (a department or a firm reads no chain: the list is empty)."""
    city = city_overview(
        session=session, today=engine_rules(request).today(now()), notices=False
    )
    readable = {c.code for c in readable_chains(session=session, viewer=viewer)}
    return Overview(
        today=city.today,
        chains=[ChainSummary.model_validate(c) for c in city.chains if c.code in readable],
    )


@router.get("/chains/{code}", response_model=ChainDetail, summary="One chain in full")
def chain(request: Request, code: str, session: Db, viewer: ApiViewer) -> ChainDetail:
    """Roster, map, lists and enterprises, with the overview's figures; 404 if not readable."""
    found = visible_chain(session, viewer, code)
    city = city_overview(
        session=session, today=engine_rules(request).today(now()), notices=False
    )
    summary = next(c for c in city.chains if c.code == found.code)
    return ChainDetail.model_validate(
        {**chain_detail(session=session, chain=found), "summary": summary}
    )
