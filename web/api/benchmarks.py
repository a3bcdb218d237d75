"""``/api/benchmarks/…``: peers, indicators, figures and the gap list the caller reads, through
services/benchmarks/ as ``chainops benchmarks`` does (a firm gets 404). Keys: README,
"Benchmarking and the gap list"."""

from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query

from chainops import wiring
from services import benchmarks
from web.api.common import ApiRoute, ApiViewer
from web.api.schemas import ERRORS
from web.deps import Db

router = APIRouter(
    prefix="/benchmarks", route_class=ApiRoute, tags=["benchmarks"], responses=ERRORS
)

Chain = Annotated[str | None, Query(description="Chain code (none: every chain read).")]


@router.get("/peers", summary="The peers the caller may compare with")
def peers(session: Db, viewer: ApiViewer, chain: Chain = None) -> list[dict[str, Any]]:
    return benchmarks.peer_rows(session, viewer=viewer, chain_code=chain)


@router.get("/indicators", summary="The indicators compared")
def indicators(session: Db, viewer: ApiViewer) -> list[dict[str, Any]]:
    return benchmarks.indicator_rows(
        session, viewer=viewer, catalogue=wiring.benchmark_indicators()
    )


@router.get("/values", summary="The figures entered, ours and the peers'")
def values(
    session: Db,
    viewer: ApiViewer,
    chain: Chain = None,
    year: Annotated[int | None, Query(description="Only this year.", ge=2000, le=2100)] = None,
) -> list[dict[str, Any]]:
    return benchmarks.value_rows(session, viewer=viewer, chain_code=chain, year=year)


@router.get("/gaps", summary="The gap list (差距清单) of a chain or of the city")
def gaps(
    session: Db,
    viewer: ApiViewer,
    year: Annotated[int, Query(description="The year compared.", ge=2000, le=2100)],
    chain: Annotated[str | None, Query(description="Chain code (none: the city).")] = None,
) -> list[dict[str, Any]]:
    """Every indicator where we trail a peer, furthest behind first, with both figures and
    their sources and the task or target the gap already spawned."""
    try:
        comparison = benchmarks.comparison_of(
            session, viewer=viewer, chain_code=chain, year=year, today=wiring.today(),
            catalogue=wiring.benchmark_indicators(), kinds=wiring.designation_kinds(),
        )  # fmt: skip
    except benchmarks.BenchmarkRefused as exc:
        raise HTTPException(400, detail=str(exc)) from exc
    return benchmarks.gap_rows(comparison)
