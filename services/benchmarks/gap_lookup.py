"""Finding the one gap a step acts on, shared by the gap's task (``spawn``) and the gap's
investment target (``spawn_target``): the chain, the peer and the year named, the actor allowed
to act on the chain's gaps, the gap itself (we must trail: a lead, a tie or a missing figure
is refused), and the work of a kind the gap already spawned (``BenchmarkGapAction``), so each
gap spawns each kind of work once."""

from dataclasses import dataclass
from datetime import date
from typing import Literal

from sqlmodel import Session, col, select

from mechanism.benchmarks import Indicator
from mechanism.designations import Kind
from mechanism.wording import Said
from models import BenchmarkGapAction, BenchmarkPeer, Chain
from services.benchmarks.access import BenchmarkRefused, manages_benchmarks
from services.benchmarks.gaps import GapRow, compare
from services.benchmarks.peers import chain_by_code, peer_by_name
from services.benchmarks.values import parse_year
from services.people import Actor

Work = Literal["task", "target"]


@dataclass(frozen=True)
class FoundGap:
    """The gap a step acts on, with what it is keyed by in ``BenchmarkGapAction``."""

    chain: Chain
    peer: BenchmarkPeer
    year: int
    row: GapRow

    @property
    def indicator_id(self) -> int:
        assert self.row.indicator.id is not None
        return self.row.indicator.id


def find_gap(
    *,
    session: Session,
    actor: Actor,
    indicator: str,
    chain_code: str | None,
    peer_name: str,
    year: int | str,
    today: date,
    catalogue: tuple[Indicator, ...],
    kinds: tuple[Kind, ...],
    work: Work,
) -> FoundGap:
    """The gap on ``indicator`` to ``peer_name`` in ``year`` for the chain, once ``actor`` may
    act on the chain's gaps; BenchmarkRefused naming the field when there is none."""
    chain = chain_by_code(session, chain_code)
    if chain is None or chain.id is None:
        said = "任务" if work == "task" else "招商目标"
        raise BenchmarkRefused(
            Said(
                f"chain: a gap's {work} belongs to a chain; name the chain",
                f"产业链：差距{said}须归属某一产业链，请写明产业链",
            ),
            "chain",
        )
    peer = peer_by_name(session, peer_name)
    when = parse_year(year)
    manages_benchmarks(session, actor, chain)
    comparison = compare(
        session,
        viewer=None,
        chain_code=chain.code,
        year=when,
        today=today,
        catalogue=catalogue,
        kinds=kinds,
    )
    for row in comparison.gaps:
        if row.indicator.code == indicator and row.peer.id == peer.id:
            return FoundGap(chain, peer, when, row)
    raise BenchmarkRefused(
        Said(
            f"indicator: no gap on {indicator!r} to this peer in {when}: we lead, tie, or a "
            "figure is missing",
            f"指标：{when}年 {indicator!r} 与该对标对象之间没有差距（我方领先、持平或缺少数据）",
        ),
        "indicator",
    )


def spawned(session: Session, gap: FoundGap, work: Work) -> int | None:
    """The id of the task or target the gap already spawned (None: none yet)."""
    column = BenchmarkGapAction.task_id if work == "task" else BenchmarkGapAction.target_id
    found = session.exec(
        select(column).where(
            BenchmarkGapAction.indicator_id == gap.indicator_id,
            BenchmarkGapAction.chain_id == gap.chain.id,
            BenchmarkGapAction.peer_id == gap.peer.id,
            BenchmarkGapAction.year == gap.year,
            col(column).is_not(None),
        )
    ).first()
    return int(found) if found is not None else None
