"""``/api/investment/targets``: the investment targets the caller reads (by chain, status and
map node), one target, adding one, and ``/api/investment/chains/{code}/gaps`` — the chain map's
weak or missing nodes with no live target. Through services/investment, as the pages and
``chainops investment targets`` do; keys as in the README's "Investment: targets from the chain
map". (The pipeline's endpoints are ``web.api.investment_projects``.)"""

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, HTTPException, Path, Query
from pydantic import BaseModel, Field

from services import investment
from services.investment import InvestmentRefused
from services.paging import MAX_PER_PAGE
from web.api.common import ApiRoute, ApiViewer, now
from web.api.schemas import ERRORS, Out
from web.deps import Db

router = APIRouter(
    prefix="/investment", route_class=ApiRoute, tags=["investment targets"], responses=ERRORS
)


class TargetRow(Out):
    id: int
    chain: str
    company: str
    credit_code: str | None
    hq_region: str | None
    source: str = Field(description="chain_map, chain_master, investor_referral, chamber, fair.")
    purpose: str = Field(description="fill (补链), extend (延链) or strengthen (强链).")
    node: str | None = Field(description="The chain-map node's name.")
    node_status: str | None = Field(description="strong, weak or missing.")
    priority: int = Field(description="1 high (重点), 2 normal (一般), 3 low (储备).")
    owner_group: str | None
    status: str = Field(description="listed, contacted, visited or dropped.")
    dropped_reason: str | None
    note: str | None
    projects: int = Field(description="Pipeline projects that came of the target.")
    updated_at: datetime


class GapRow(Out):
    node: str
    status: str = Field(description="weak or missing.")
    segment: str
    stage: str = Field(description="upstream, midstream or downstream.")
    note: str | None


class TargetIn(BaseModel):
    chain: str
    company: str
    credit_code: str | None = None
    hq_region: str | None = None
    source: str = "chain_map"
    purpose: str = "fill"
    node: str | None = None
    priority: int = 2
    owner_group: str | None = None
    note: str | None = None


@contextmanager
def _refusals() -> Iterator[None]:
    try:
        yield
    except InvestmentRefused as exc:
        raise HTTPException(400, detail=str(exc)) from exc


RowId = Annotated[int, Path(ge=1, le=2**63 - 1)]
PerPage = Annotated[int, Query(ge=1, le=MAX_PER_PAGE)]
Page = Annotated[int, Query(ge=1, le=1_000_000)]


@router.get("/targets", response_model=list[TargetRow], summary="Targets the caller reads")
def targets(
    session: Db,
    viewer: ApiViewer,
    chain: str | None = None,
    status: str | None = None,
    node: str | None = None,
    page: Page = 1,
    per_page: PerPage = 100,
) -> list[TargetRow]:
    with _refusals():
        rows = investment.list_targets(
            session=session,
            viewer=viewer,
            chain=chain,
            status=status,
            node=node,
            limit=per_page,
            offset=(page - 1) * per_page,
        )
    return [TargetRow.model_validate(r) for r in rows]


@router.post("/targets", response_model=TargetRow, summary="Add a target")
def add_target(body: TargetIn, session: Db, viewer: ApiViewer) -> TargetRow:
    """The office or the chain's working group; listed, for the node named."""
    with _refusals():
        made = investment.add_target(
            session=session,
            actor=viewer.actor,
            chain_code=body.chain,
            company_name=body.company,
            node=body.node,
            credit_code=body.credit_code,
            hq_region=body.hq_region,
            source=body.source,
            purpose=body.purpose,
            priority=body.priority,
            owner_group=body.owner_group,
            note=body.note,
            now=now(),
        )
    return TargetRow.model_validate(investment.visible_target(session, viewer, made.id or 0))


@router.get("/targets/{target_id}", response_model=TargetRow, summary="One target")
def target(target_id: RowId, session: Db, viewer: ApiViewer) -> TargetRow:
    return TargetRow.model_validate(investment.visible_target(session, viewer, target_id))


@router.get(
    "/chains/{code}/gaps",
    response_model=list[GapRow],
    summary="The chain map's weak or missing nodes with no live target",
)
def gaps(code: str, session: Db, viewer: ApiViewer) -> list[GapRow]:
    found = investment.target_gaps(session=session, viewer=viewer, chain=code)
    return [GapRow.model_validate(g) for g in found]
