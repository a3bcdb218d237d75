"""The yearly figures (对标指标值), ours and the peers', each with its source.

One figure per indicator, chain, peer and year: NULL chain (the city) and NULL peer (us) make a
plain unique constraint useless (NULLs are never equal), so ``set_value`` finds the row itself
and a second entry replaces the figure — and its source, who and when — keeping the old one in
the audit trail. A refusal names the field and changes nothing.
"""

import math
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlmodel import Session, col, select

from mechanism.benchmarks import Indicator, PeerKind
from mechanism.wording import Said
from models import BenchmarkIndicator, BenchmarkPeer, BenchmarkValue, Chain
from services.audit import audit
from services.benchmarks.access import BenchmarkRefused, manages_benchmarks
from services.benchmarks.indicators import known_indicator, stored_indicator
from services.benchmarks.peers import chain_by_code, peer_by_name
from services.people import Actor

FIRST_YEAR, LAST_YEAR = 2000, 2100
MAX_SOURCE = 500


@dataclass(frozen=True)
class SetValue:
    """The figure as stored now, and whether it replaced an earlier one."""

    value: BenchmarkValue
    replaced: float | None = None


def find_value(
    session: Session, *, indicator_id: int, chain_id: int | None, peer_id: int | None, year: int
) -> BenchmarkValue | None:
    """The one figure of this indicator, chain, peer and year (``IS NULL`` for the Nones)."""
    query = select(BenchmarkValue).where(
        BenchmarkValue.indicator_id == indicator_id,
        BenchmarkValue.year == year,
        col(BenchmarkValue.chain_id).is_(None)
        if chain_id is None
        else BenchmarkValue.chain_id == chain_id,
        col(BenchmarkValue.peer_id).is_(None)
        if peer_id is None
        else BenchmarkValue.peer_id == peer_id,
    )
    return session.exec(query.order_by(col(BenchmarkValue.id))).first()


def parse_year(year: Any) -> int:
    try:
        number = int(str(year).strip())
    except ValueError:
        number = FIRST_YEAR - 1
    if not FIRST_YEAR <= number <= LAST_YEAR:
        raise BenchmarkRefused(
            Said(
                f"year: {year!r} must be a year from {FIRST_YEAR} to {LAST_YEAR}",
                f"年份：{year!r} 须为 {FIRST_YEAR} 至 {LAST_YEAR} 之间的年份",
            ),
            "year",
        )
    return number


def parse_value(value: Any) -> float:
    try:
        number = float(str(value).strip().replace(",", ""))
    except ValueError:
        number = math.nan
    if not math.isfinite(number) or abs(number) > 1e12:
        raise BenchmarkRefused(
            Said(f"value: {value!r} is not a number", f"数值：{value!r} 不是数字"), "value"
        )
    return number


def set_value(
    *,
    session: Session,
    actor: Actor,
    indicator: str,
    year: Any,
    value: Any,
    source: str | None,
    chain_code: str | None = None,
    peer_name: str | None = None,
    catalogue: tuple[Indicator, ...],
    now: datetime,
) -> SetValue:
    """Enter (or replace) one figure. Every check runs before anything is written."""
    chain = chain_by_code(session, chain_code)
    peer = peer_by_name(session, peer_name) if peer_name and peer_name.strip() else None
    number = parse_value(value)
    when = parse_year(year)
    text = (source or "").strip()
    if not text or len(text) > MAX_SOURCE:
        raise BenchmarkRefused(
            Said(
                "source: say where the figure comes from (a document or URL, at most "
                f"{MAX_SOURCE} characters)",
                f"来源：须写明数据来源（文件或网址，最多 {MAX_SOURCE} 字）",
            ),
            "source",
        )
    _fits(peer, chain)
    known_indicator(session, indicator, catalogue=catalogue)
    manages_benchmarks(session, actor, chain)
    row_indicator = stored_indicator(session, indicator, catalogue=catalogue)
    assert row_indicator.id is not None
    key: dict[str, Any] = {
        "indicator_id": row_indicator.id,
        "chain_id": chain.id if chain else None,
        "peer_id": peer.id if peer else None,
        "year": when,
    }
    row = find_value(session, **key)
    replaced = row.value if row is not None else None
    if row is None:
        row = BenchmarkValue(
            **key, value=number, source=text, entered_by=actor.label, created_at=now
        )
    else:
        before = {"value": row.value, "source": row.source, "entered_by": row.entered_by}
        row.value, row.source, row.entered_by, row.created_at = number, text, actor.label, now
    session.add(row)
    session.flush()
    audit(
        session,
        actor=actor,
        entity_type="benchmark_value",
        entity_id=row.id,
        action="replaced" if replaced is not None else "entered",
        now=now,
        detail={
            "value": number,
            "source": text,
            **({"before": before} if replaced is not None else {}),
        },
    )
    return SetValue(value=row, replaced=replaced)


def _fits(peer: BenchmarkPeer | None, chain: Chain | None) -> None:
    """A chain peer's figures are for its own chain; a region peer's for the city or a chain."""
    if peer is None or peer.kind != PeerKind.CHAIN.value:
        return
    if chain is None or chain.id != peer.chain_id:
        raise BenchmarkRefused(
            Said(
                f"chain: {peer.name} is a peer of one chain; its figures are for that chain",
                f"产业链：{peer.name} 是同链对标对象，其数据只属于所对标的产业链",
            ),
            "chain",
        )


def list_values(
    session: Session,
    *,
    chain_id: int | str | None = "any",
    year: int | None = None,
    chain_ids: set[int] | None = None,
) -> list[tuple[BenchmarkValue, BenchmarkIndicator, BenchmarkPeer | None, Chain | None]]:
    """Figures with their indicator, peer and chain. ``chain_id`` None: the city's only;
    ``"any"``: every level, limited to ``chain_ids`` (None: no limit; the city's always)."""
    query = (
        select(BenchmarkValue, BenchmarkIndicator, BenchmarkPeer, Chain)
        .join(BenchmarkIndicator, col(BenchmarkIndicator.id) == BenchmarkValue.indicator_id)
        .outerjoin(BenchmarkPeer, col(BenchmarkPeer.id) == BenchmarkValue.peer_id)
        .outerjoin(Chain, col(Chain.id) == BenchmarkValue.chain_id)
    )
    if chain_id is None:
        query = query.where(col(BenchmarkValue.chain_id).is_(None))
    elif isinstance(chain_id, int):
        query = query.where(BenchmarkValue.chain_id == chain_id)
    elif chain_ids is not None:
        query = query.where(
            col(BenchmarkValue.chain_id).is_(None)
            | col(BenchmarkValue.chain_id).in_(sorted(chain_ids))
        )
    if year is not None:
        query = query.where(BenchmarkValue.year == year)
    query = query.order_by(
        col(BenchmarkValue.year).desc(),
        col(BenchmarkIndicator.position),
        col(BenchmarkValue.chain_id),
        col(BenchmarkValue.peer_id),
        col(BenchmarkValue.id),
    )
    return [tuple(r) for r in session.exec(query)]  # type: ignore[misc]
