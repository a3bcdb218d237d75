"""What the benchmarking pages show: ``/benchmarks`` (peers, indicators, one year's figures,
and the forms the viewer may use) and ``/chains/{code}/benchmarks`` (us against each peer per
indicator, and the gap list with a "make a task" button and a small "make a target" form
where the viewer may)."""

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlmodel import Session, col, select

from mechanism.benchmarks import Indicator
from mechanism.designations import Kind
from models import BenchmarkValue, Chain
from services.benchmarks.access import BenchmarkHidden, may_manage, reads_benchmarks
from services.benchmarks.gaps import Comparison
from services.benchmarks.rows import comparison_of, indicator_rows, peer_rows, value_rows
from services.investment import map_nodes
from services.people import Viewer


@dataclass(frozen=True)
class BenchmarksView:
    year: int
    years: list[int]
    peers: list[dict[str, Any]]
    indicators: list[dict[str, Any]]
    values: list[dict[str, Any]]
    chains: list[Chain]  # the chains whose comparison the viewer reads
    enter_chains: list[Chain]  # the chains the viewer enters figures for
    enters_city: bool  # the office: the city's figures and the peers


@dataclass(frozen=True)
class ChainBenchmarksView:
    comparison: Comparison
    years: list[int]
    may_act: bool
    # The chain map's weak and missing nodes, offered to a gap's target (empty unless may_act).
    target_nodes: list[dict[str, Any]] = field(default_factory=list)


def years_with_values(session: Session, chain_id: int | str | None = "any") -> list[int]:
    query = select(BenchmarkValue.year).distinct()
    if chain_id is None:
        query = query.where(col(BenchmarkValue.chain_id).is_(None))
    elif isinstance(chain_id, int):
        query = query.where(BenchmarkValue.chain_id == chain_id)
    return sorted(set(session.exec(query).all()), reverse=True)


def _year(years: list[int], asked: int | None, today: date) -> int:
    if asked is not None:
        return asked
    return years[0] if years else today.year - 1


def benchmarks_page(
    session: Session,
    *,
    viewer: Viewer,
    year: int | None,
    today: date,
    catalogue: tuple[Indicator, ...],
) -> BenchmarksView:
    if viewer.enterprise_id is not None or not (reads_benchmarks(session, viewer, None)):
        raise BenchmarkHidden("not found")
    years = years_with_values(session)
    shown = _year(years, year, today)
    chains = list(session.exec(select(Chain).order_by(col(Chain.position), col(Chain.id))))
    readable = [c for c in chains if reads_benchmarks(session, viewer, c.id)]
    return BenchmarksView(
        year=shown,
        years=years,
        peers=peer_rows(session, viewer=viewer),
        indicators=indicator_rows(session, viewer=viewer, catalogue=catalogue),
        values=value_rows(session, viewer=viewer, year=shown),
        chains=readable,
        enter_chains=[c for c in readable if may_manage(session, viewer.actor, c)],
        enters_city=may_manage(session, viewer.actor, None),
    )


def chain_benchmarks_page(
    session: Session,
    *,
    viewer: Viewer,
    chain_code: str,
    year: int | None,
    today: date,
    catalogue: tuple[Indicator, ...],
    kinds: tuple[Kind, ...],
) -> ChainBenchmarksView:
    chain = session.exec(select(Chain).where(Chain.code == chain_code)).first()
    if chain is None or not reads_benchmarks(session, viewer, chain.id):
        raise BenchmarkHidden(f"no chain {chain_code!r}")
    years = years_with_values(session, chain.id)
    shown = _year(years, year, today)
    comparison = comparison_of(
        session,
        viewer=viewer,
        chain_code=chain_code,
        year=shown,
        today=today,
        catalogue=catalogue,
        kinds=kinds,
    )
    may_act = may_manage(session, viewer.actor, chain)
    nodes = (
        [n for n in map_nodes(session, chain.id or 0) if n["status"] in ("weak", "missing")]
        if may_act
        else []
    )
    return ChainBenchmarksView(comparison, years, may_act, nodes)
