"""``/api/demands`` and ``/api/capabilities``: the matchmaking lists the caller sees, one item,
entering one, and ``/api/demands/{id}/shortlist`` — the ranked, explained candidate suppliers
of a demand — with ``/api/demands/{id}/choose``, the chain master's choice (a proposed match).
Through services/matchmaking, as the pages and ``chainops matchmaking`` do; keys as in the
README's "Matchmaking: lists and the shortlist"."""

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from typing import Annotated

from fastapi import APIRouter, HTTPException, Path, Query, Request
from pydantic import BaseModel, Field

from services import matchmaking
from services.matchmaking import SupplyInputError
from services.paging import MAX_PER_PAGE
from web.api.common import ApiRoute, ApiViewer, engine_rules, now
from web.api.schemas import ERRORS, Out
from web.deps import Db

router = APIRouter(route_class=ApiRoute, tags=["matchmaking lists"], responses=ERRORS)


class _Item(Out):
    id: int
    chain: str
    credit_code: str
    enterprise: str
    county: str | None
    node: str | None = Field(description="The chain-map node's name.")
    node_status: str | None = Field(description="strong, weak or missing.")


class DemandRow(_Item):
    item: str
    specification: str | None
    amount_wan: float | None = Field(description="万元 (10,000 CNY).")
    needed_by: date | None
    status: str = Field(description="open, matched, fulfilled or withdrawn.")
    event_id: int | None
    matches: int


class CapabilityRow(_Item):
    product: str
    certifications: str | None
    capacity: str | None


class ShortlistLine(Out):
    place: int
    capability_id: int
    credit_code: str | None
    enterprise: str
    county: str | None
    product: str
    node: str | None
    same_node: bool
    gap_node: str | None = Field(description="weak or missing when the line's node is a gap.")
    same_county: bool
    tier: str | None = Field(description="The kind code of the highest title that counts.")
    tier_valid_until: date | None
    why: str
    why_zh: str


class ShortlistOut(BaseModel):
    demand: DemandRow
    may_choose: bool
    lines: list[ShortlistLine]


class DemandIn(BaseModel):
    chain: str
    credit_code: str | None = Field(default=None, description="A firm's account may omit it.")
    item: str
    node: str | None = None
    specification: str | None = None
    amount_wan: float | None = None
    needed_by: date | None = None
    event_id: int | None = None


class CapabilityIn(BaseModel):
    chain: str
    credit_code: str | None = Field(default=None, description="A firm's account may omit it.")
    product: str
    node: str | None = None
    certifications: str | None = None
    capacity: str | None = None


class ChoiceIn(BaseModel):
    capability_id: int


class MatchOut(BaseModel):
    id: int
    demand_id: int
    capability_id: int
    event_id: int | None
    stage: str
    why: str | None


@contextmanager
def _refusals() -> Iterator[None]:
    try:
        yield
    except SupplyInputError as exc:
        raise HTTPException(400, detail=str(exc)) from exc


RowId = Annotated[int, Path(ge=1, le=2**63 - 1)]
PerPage = Annotated[int, Query(ge=1, le=MAX_PER_PAGE)]
Page = Annotated[int, Query(ge=1, le=1_000_000)]


@router.get("/demands", response_model=list[DemandRow], summary="Demand items the caller sees")
def demands(
    session: Db,
    viewer: ApiViewer,
    chain: str | None = None,
    status: str | None = None,
    page: Page = 1,
    per_page: PerPage = 100,
) -> list[DemandRow]:
    with _refusals():
        rows = matchmaking.list_demands(
            session=session,
            viewer=viewer,
            chain=chain,
            status=status,
            limit=per_page,
            offset=(page - 1) * per_page,
        )
    return [DemandRow.model_validate(r) for r in rows]


@router.post("/demands", response_model=DemandRow, summary="Enter a demand item")
def add_demand(body: DemandIn, session: Db, viewer: ApiViewer) -> DemandRow:
    with _refusals():
        made = matchmaking.add_demand(
            session=session,
            actor=viewer.actor,
            chain_code=body.chain,
            credit_code=body.credit_code,
            item=body.item,
            node=body.node,
            specification=body.specification,
            amount_wan=body.amount_wan,
            needed_by=body.needed_by,
            event_id=body.event_id,
            now=now(),
        )
    return DemandRow.model_validate(matchmaking.visible_demand(session, viewer, made.id or 0))


@router.get("/demands/{demand_id}", response_model=DemandRow, summary="One demand item")
def demand(demand_id: RowId, session: Db, viewer: ApiViewer) -> DemandRow:
    return DemandRow.model_validate(matchmaking.visible_demand(session, viewer, demand_id))


@router.get(
    "/demands/{demand_id}/shortlist",
    response_model=ShortlistOut,
    summary="The demand's ranked candidate suppliers",
)
def shortlist(
    demand_id: RowId,
    request: Request,
    session: Db,
    viewer: ApiViewer,
    top: Annotated[int, Query(ge=1, le=200)] = 20,
) -> ShortlistOut:
    """Same node, then weak or missing nodes, then same county, then tier; each line's
    reasons in ``why`` (English) and ``why_zh``."""
    listed = matchmaking.demand_shortlist(
        session=session,
        viewer=viewer,
        demand_id=demand_id,
        today=engine_rules(request).today(now()),
        top=top,
    )
    return ShortlistOut(
        demand=DemandRow.model_validate(listed.demand),
        may_choose=listed.may_choose,
        lines=[ShortlistLine.model_validate(r) for r in listed.rows],
    )


@router.post(
    "/demands/{demand_id}/choose", response_model=MatchOut, summary="Choose a shortlist line"
)
def choose(
    demand_id: RowId, body: ChoiceIn, request: Request, session: Db, viewer: ApiViewer
) -> MatchOut:
    """The demand's chain master, the chain's working group or the office: a match in stage
    proposed, its ``why`` the line's reasons in both languages."""
    with _refusals():
        chosen = matchmaking.choose(
            session=session,
            viewer=viewer,
            demand_id=demand_id,
            capability_id=body.capability_id,
            today=engine_rules(request).today(now()),
            now=now(),
        )
    match = chosen.match
    return MatchOut(
        id=match.id or 0,
        demand_id=match.demand_id,
        capability_id=match.capability_id,
        event_id=match.event_id,
        stage=match.stage,
        why=match.why,
    )


@router.get(
    "/capabilities", response_model=list[CapabilityRow], summary="Capability items the caller sees"
)
def capabilities(
    session: Db,
    viewer: ApiViewer,
    chain: str | None = None,
    page: Page = 1,
    per_page: PerPage = 100,
) -> list[CapabilityRow]:
    rows = matchmaking.list_capabilities(
        session=session, viewer=viewer, chain=chain, limit=per_page, offset=(page - 1) * per_page
    )
    return [CapabilityRow.model_validate(r) for r in rows]


@router.post("/capabilities", response_model=CapabilityRow, summary="Enter a capability item")
def add_capability(body: CapabilityIn, session: Db, viewer: ApiViewer) -> CapabilityRow:
    with _refusals():
        made = matchmaking.add_capability(
            session=session,
            actor=viewer.actor,
            chain_code=body.chain,
            credit_code=body.credit_code,
            product=body.product,
            node=body.node,
            certifications=body.certifications,
            capacity=body.capacity,
            now=now(),
        )
    row = matchmaking.visible_capability(session, viewer, made.id or 0)
    return CapabilityRow.model_validate(row)


@router.get(
    "/capabilities/{capability_id}", response_model=CapabilityRow, summary="One capability item"
)
def capability(capability_id: RowId, session: Db, viewer: ApiViewer) -> CapabilityRow:
    return CapabilityRow.model_validate(
        matchmaking.visible_capability(session, viewer, capability_id)
    )
