"""Benchmarking as rows of plain values — what the CLI's ``--json``, the JSON API and the
pages show, with the same keys (the README lists them: they are contracts). Each list keeps
to what the viewer reads: the city's figures and the chains they read; a firm gets nothing.
"""

from datetime import date
from typing import Any

from sqlmodel import Session, select

from mechanism.benchmarks import Indicator
from mechanism.designations import Kind
from models import BenchmarkIndicator, BenchmarkPeer, BenchmarkValue, Chain
from services.benchmarks.access import BenchmarkHidden, reads_benchmarks
from services.benchmarks.gaps import Comparison, GapRow, compare
from services.benchmarks.indicators import IndicatorView, list_indicators
from services.benchmarks.peers import list_peers
from services.benchmarks.values import list_values
from services.people import Viewer

PEER_KEYS = ("id", "name", "kind", "chain", "region", "note")
INDICATOR_KEYS = ("code", "name_zh", "name_en", "unit", "direction", "definition", "counted_from")
VALUE_KEYS = (
    "id",
    "indicator",
    "chain",
    "peer",
    "year",
    "value",
    "unit",
    "source",
    "entered_by",
    "entered_at",
)
GAP_KEYS = (
    "indicator",
    "name_zh",
    "name_en",
    "unit",
    "direction",
    "chain",
    "peer",
    "year",
    "ours",
    "ours_source",
    "ours_counted",
    "theirs",
    "theirs_source",
    "difference",
    "ratio",
    "task_id",
    "target_id",
)


def _hidden_for_firm(viewer: Viewer | None) -> None:
    if viewer is not None and viewer.enterprise_id is not None:
        raise BenchmarkHidden("not found")


def _chains(session: Session) -> dict[int, str]:
    return {c.id or 0: c.code for c in session.exec(select(Chain))}


def peer_rows(
    session: Session, *, viewer: Viewer | None, chain_code: str | None = None
) -> list[dict[str, Any]]:
    """The peers the viewer may compare with: region peers, and chain peers of chains read."""
    _hidden_for_firm(viewer)
    codes = _chains(session)
    chain_id = next((i for i, c in codes.items() if c == chain_code), None) if chain_code else None
    if chain_code and chain_id is None:
        raise BenchmarkHidden(f"no chain {chain_code!r}")
    return [
        peer_row(p, codes)
        for p in list_peers(session, chain_id=chain_id)
        if p.chain_id is None or reads_benchmarks(session, viewer, p.chain_id)
    ]


def peer_row(peer: BenchmarkPeer, codes: dict[int, str]) -> dict[str, Any]:
    return {
        "id": peer.id,
        "name": peer.name,
        "kind": peer.kind,
        "chain": codes.get(peer.chain_id) if peer.chain_id else None,
        "region": peer.region,
        "note": peer.note,
    }


def indicator_rows(
    session: Session, *, viewer: Viewer | None, catalogue: tuple[Indicator, ...]
) -> list[dict[str, Any]]:
    _hidden_for_firm(viewer)
    return [indicator_row(i) for i in list_indicators(session, catalogue=catalogue)]


def indicator_row(indicator: IndicatorView) -> dict[str, Any]:
    return {
        "code": indicator.code,
        "name_zh": indicator.name_zh,
        "name_en": indicator.name_en,
        "unit": indicator.unit,
        "direction": indicator.direction.value,
        "definition": indicator.definition,
        "counted_from": indicator.counted_from,
    }


def value_rows(
    session: Session,
    *,
    viewer: Viewer | None,
    chain_code: str | None = None,
    year: int | None = None,
    city_only: bool = False,
) -> list[dict[str, Any]]:
    """Entered figures (ours and the peers'), newest year first; ``chain_code`` one chain's,
    ``city_only`` the city's, else every level the viewer reads."""
    _hidden_for_firm(viewer)
    codes = _chains(session)
    if chain_code:
        chain_id = next((i for i, c in codes.items() if c == chain_code), None)
        if chain_id is None or not reads_benchmarks(session, viewer, chain_id):
            raise BenchmarkHidden(f"no chain {chain_code!r}")
        found = list_values(session, chain_id=chain_id, year=year)
    elif city_only:
        found = list_values(session, chain_id=None, year=year)
    else:
        readable = {i for i in codes if reads_benchmarks(session, viewer, i)}
        found = list_values(session, year=year, chain_ids=readable)
    if not reads_benchmarks(session, viewer, None):
        found = [f for f in found if f[0].chain_id is not None]
    return [value_row(v, i, p, c) for v, i, p, c in found]


def value_row(
    value: BenchmarkValue,
    indicator: BenchmarkIndicator,
    peer: BenchmarkPeer | None,
    chain: Chain | None,
) -> dict[str, Any]:
    return {
        "id": value.id,
        "indicator": indicator.code,
        "chain": chain.code if chain else None,
        "peer": peer.name if peer else None,
        "year": value.year,
        "value": value.value,
        "unit": indicator.unit,
        "source": value.source,
        "entered_by": value.entered_by,
        "entered_at": value.created_at.isoformat(),
    }


def comparison_of(
    session: Session,
    *,
    viewer: Viewer | None,
    chain_code: str | None,
    year: int,
    today: date,
    catalogue: tuple[Indicator, ...],
    kinds: tuple[Kind, ...],
) -> Comparison:
    _hidden_for_firm(viewer)
    return compare(
        session,
        viewer=viewer,
        chain_code=chain_code,
        year=year,
        today=today,
        catalogue=catalogue,
        kinds=kinds,
    )


def gap_row(row: GapRow, chain: Chain | None) -> dict[str, Any]:
    return {
        "indicator": row.indicator.code,
        "name_zh": row.indicator.name_zh,
        "name_en": row.indicator.name_en,
        "unit": row.indicator.unit,
        "direction": row.indicator.direction.value,
        "chain": chain.code if chain else None,
        "peer": row.peer.name,
        "year": row.year,
        "ours": row.ours.value,
        "ours_source": row.ours.source,
        "ours_counted": row.ours.counted,
        "theirs": row.theirs.value,
        "theirs_source": row.theirs.source,
        "difference": round(row.gap.difference, 6),
        "ratio": None if row.gap.ratio is None else round(row.gap.ratio, 4),
        "task_id": row.task_id,
        "target_id": row.target_id,
    }


def gap_rows(comparison: Comparison) -> list[dict[str, Any]]:
    return [gap_row(g, comparison.chain) for g in comparison.gaps]
