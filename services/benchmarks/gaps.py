"""The gap list (差距清单): for a chain (or the city) and a year, every indicator where a peer
does better than we do, with both figures and their sources, furthest behind first, and the
work each gap already spawned.

Our figure is the entered one, except for an indicator counted from titles
(``services.benchmarks.counted``) once such titles are recorded. The rule of when we trail is
``mechanism.benchmarks.gap``; a tie is no gap.
"""

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, col, select

from mechanism.benchmarks import Gap, Indicator, by_shortfall, gap
from mechanism.designations import Kind
from models import BenchmarkGapAction, BenchmarkPeer, BenchmarkValue, Chain
from services.benchmarks.access import BenchmarkHidden, reads_benchmarks
from services.benchmarks.counted import counted_value
from services.benchmarks.indicators import IndicatorView, list_indicators
from services.people import Viewer

COUNTED_SOURCE = "counted from the titles held (企业认定库), {day}"


@dataclass(frozen=True)
class Figure:
    value: float
    source: str
    counted: bool = False


@dataclass(frozen=True)
class GapRow:
    """One gap. ``actions`` are the kinds of work it spawned (``task``, ``target``) with the
    id made: a new kind of action is one more entry, the row stays the same."""

    indicator: IndicatorView
    peer: BenchmarkPeer
    year: int
    ours: Figure
    theirs: Figure
    gap: Gap
    actions: dict[str, int]

    @property
    def task_id(self) -> int | None:
        return self.actions.get("task")

    @property
    def target_id(self) -> int | None:
        return self.actions.get("target")


@dataclass(frozen=True)
class Comparison:
    """A chain's (or the city's) figures for a year: ours and each peer's per indicator, and
    the gaps they give."""

    chain: Chain | None
    year: int
    indicators: list[IndicatorView]
    peers: list[BenchmarkPeer]
    ours: dict[str, Figure]
    theirs: dict[tuple[str, int], Figure]
    gaps: list[GapRow]


def compare(
    session: Session,
    *,
    viewer: Viewer | None,
    chain_code: str | None,
    year: int,
    today: date,
    catalogue: tuple[Indicator, ...],
    kinds: tuple[Kind, ...],
) -> Comparison:
    """The comparison and gap list; BenchmarkHidden for an unknown chain or one the viewer
    does not read (a firm reads none)."""
    chain = None
    if chain_code:
        chain = session.exec(select(Chain).where(Chain.code == chain_code)).first()
        if chain is None:
            raise BenchmarkHidden(f"no chain {chain_code!r}")
    chain_id = chain.id if chain else None
    if not reads_benchmarks(session, viewer, chain_id):
        raise BenchmarkHidden(f"no chain {chain_code!r}" if chain_code else "not found")
    indicators = list_indicators(session, catalogue=catalogue)
    by_id = {i.id: i for i in indicators if i.id is not None}
    query = select(BenchmarkValue).where(BenchmarkValue.year == year)
    query = query.where(
        col(BenchmarkValue.chain_id).is_(None)
        if chain_id is None
        else BenchmarkValue.chain_id == chain_id
    )
    ours: dict[str, Figure] = {}
    theirs: dict[tuple[str, int], Figure] = {}
    for value in session.exec(query.order_by(col(BenchmarkValue.id))):
        indicator = by_id.get(value.indicator_id)
        if indicator is None:
            continue
        figure = Figure(value.value, value.source)
        if value.peer_id is None:
            ours[indicator.code] = figure
        else:
            theirs[(indicator.code, value.peer_id)] = figure
    for indicator in indicators:
        if indicator.counted_from:
            count = counted_value(
                session,
                counted_from=indicator.counted_from,
                chain_id=chain_id,
                year=year,
                today=today,
                kinds=kinds,
            )
            if count is not None:
                day = min(date(year, 12, 31), today)
                ours[indicator.code] = Figure(float(count), COUNTED_SOURCE.format(day=day), True)
    peer_ids = {peer_id for _, peer_id in theirs}
    peers = [
        p
        for p in session.exec(select(BenchmarkPeer).order_by(col(BenchmarkPeer.id)))
        if p.id in peer_ids
    ]
    actions = _actions(session, chain_id, year)
    found: list[tuple[GapRow, Gap]] = []
    for indicator in indicators:
        mine = ours.get(indicator.code)
        if mine is None:
            continue
        for peer in peers:
            other = theirs.get((indicator.code, peer.id or 0))
            if other is None:
                continue
            trailing = gap(indicator.direction, mine.value, other.value)
            if trailing is None:
                continue
            row = GapRow(
                indicator,
                peer,
                year,
                mine,
                other,
                trailing,
                actions.get((indicator.id or 0, peer.id or 0), {}),
            )
            found.append((row, trailing))
    gaps = [row for row, _ in by_shortfall(found)]
    return Comparison(chain, year, indicators, peers, ours, theirs, gaps)


def _actions(
    session: Session, chain_id: int | None, year: int
) -> dict[tuple[int, int], dict[str, int]]:
    query = select(BenchmarkGapAction).where(
        BenchmarkGapAction.year == year,
        col(BenchmarkGapAction.chain_id).is_(None)
        if chain_id is None
        else BenchmarkGapAction.chain_id == chain_id,
    )
    made: dict[tuple[int, int], dict[str, int]] = {}
    for action in session.exec(query):
        kinds = made.setdefault((action.indicator_id, action.peer_id), {})
        if action.task_id is not None:
            kinds["task"] = action.task_id
        if action.target_id is not None:
            kinds["target"] = action.target_id
    return made
