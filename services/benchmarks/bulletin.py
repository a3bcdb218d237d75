"""The gap lists a monthly bulletin freezes (月度通报 · 对标差距): for the city and each chain,
where we trail a peer in the latest year with figures up to the month's year, the widest gaps
first, with the task or target each has already spawned.

``services.rollup`` sits below this package (it must not read designations or peers through
it), so the rollup's callers hand :func:`bulletin_gaps` to ``close_month``, which freezes what
it returns like every other figure.
"""

from datetime import date
from typing import Any

from sqlmodel import Session, col, func, select

from mechanism.benchmarks import Indicator
from mechanism.designations import Kind
from mechanism.rollup import month_end
from models import BenchmarkValue, Chain
from services.benchmarks.gaps import compare
from services.benchmarks.rows import gap_rows

SHOWN = 5  # gaps per scope in the bulletin; the page /chains/{code}/benchmarks has them all


def bulletin_gaps(
    session: Session, month: date, *, catalogue: tuple[Indicator, ...], kinds: tuple[Kind, ...]
) -> dict[str, list[dict[str, Any]]]:
    """Per chain code, and ``""`` for the city: its gaps (the ``/api/benchmarks/gaps`` rows),
    at most :data:`SHOWN`, counted titles as they stood on the month's last day. A scope without
    a peer's figure up to the month's year is left out."""
    last = month_end(month)
    chains = session.exec(select(Chain).order_by(col(Chain.position), col(Chain.code))).all()
    found: dict[str, list[dict[str, Any]]] = {}
    for chain in (None, *chains):
        year = _latest_year(session, chain.id if chain else None, last.year)
        if year is None:
            continue
        comparison = compare(
            session,
            viewer=None,
            chain_code=chain.code if chain else None,
            year=year,
            today=last,
            catalogue=catalogue,
            kinds=kinds,
        )
        found[chain.code if chain else ""] = gap_rows(comparison)[:SHOWN]
    return found


def _latest_year(session: Session, chain_id: int | None, up_to: int) -> int | None:
    """The latest year up to ``up_to`` with a peer's figure for the scope (None: the city)."""
    scope = (
        col(BenchmarkValue.chain_id).is_(None)
        if chain_id is None
        else BenchmarkValue.chain_id == chain_id
    )
    return session.exec(
        select(func.max(BenchmarkValue.year)).where(
            scope, col(BenchmarkValue.peer_id).is_not(None), BenchmarkValue.year <= up_to
        )
    ).one()
