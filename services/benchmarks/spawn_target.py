"""One step from a gap to an investment target (差距 → 招商目标): where we trail a peer, the
firm that would close the gap becomes a target of the chain (精准招商), made through
``services.investment.add_target`` so it follows the targets' rules (company required, one
target a company per chain, the node one of the chain map's). Its source is the chain map
(产业链图谱) and its note names the peer, the year, the indicator and both figures, so whoever
picks the target up knows which gap it answers.

Made once: ``BenchmarkGapAction.target_id`` keeps which gap made which target, and a second
call says the target exists. A refusal of ``add_target`` changes nothing: the action row is
written only once the target is.
"""

from dataclasses import dataclass
from datetime import date, datetime

from sqlmodel import Session

from mechanism.benchmarks import Indicator
from mechanism.designations import Kind
from models import BenchmarkGapAction, InvestmentTarget, MapNode
from services.benchmarks.gap_lookup import FoundGap, find_gap, spawned
from services.investment import MAX_NOTE, add_target
from services.people import Actor


@dataclass(frozen=True)
class GapTarget:
    """The gap's target; ``made`` False when it existed before this call; ``node`` the name
    of the map node it serves (None: none named)."""

    target: InvestmentTarget
    made: bool
    node: str | None = None


def gap_to_target(
    *,
    session: Session,
    actor: Actor,
    indicator: str,
    chain_code: str | None,
    peer_name: str,
    year: int | str,
    company_name: str,
    node: str | None = None,
    hq_region: str | None = None,
    purpose: str = "strengthen",
    today: date,
    now: datetime,
    catalogue: tuple[Indicator, ...],
    kinds: tuple[Kind, ...],
) -> GapTarget:
    """The investment target for the gap on ``indicator`` to ``peer_name`` in ``year``:
    BenchmarkRefused when there is no such gap, InvestmentRefused / InvestmentNotAllowed when
    ``add_target`` refuses the target (nothing is kept either way)."""
    found = find_gap(
        session=session,
        actor=actor,
        indicator=indicator,
        chain_code=chain_code,
        peer_name=peer_name,
        year=year,
        today=today,
        catalogue=catalogue,
        kinds=kinds,
        work="target",
    )
    existing = spawned(session, found, "target")
    if existing is not None:
        target = session.get(InvestmentTarget, existing)
        assert target is not None
        return GapTarget(target=target, made=False, node=_node_name(session, target))
    target = add_target(
        session=session,
        actor=actor,
        chain_code=found.chain.code,
        company_name=company_name,
        node=node,
        hq_region=hq_region,
        source="chain_map",
        purpose=purpose,
        note=gap_note(found),
        now=now,
    )
    session.add(
        BenchmarkGapAction(
            indicator_id=found.indicator_id,
            chain_id=found.chain.id,
            peer_id=found.peer.id or 0,
            year=found.year,
            target_id=target.id,
            created_by=actor.label,
            created_at=now,
        )
    )
    session.flush()
    return GapTarget(target=target, made=True, node=_node_name(session, target))


def _node_name(session: Session, target: InvestmentTarget) -> str | None:
    node = session.get(MapNode, target.map_node_id) if target.map_node_id else None
    return node.name if node is not None else None


def gap_note(found: FoundGap) -> str:
    """The target's note: which gap it answers, with both figures and their sources."""
    row = found.row
    unit = row.indicator.unit
    return (
        f"对标差距：{found.year}年{row.indicator.name_zh}（{row.indicator.code}），"
        f"我方 {row.ours.value:g}{unit}（{row.ours.source}），"
        f"{found.peer.name} {row.theirs.value:g}{unit}（{row.theirs.source}），"
        f"差距 {row.gap.difference:g}{unit}。"
    )[:MAX_NOTE]
