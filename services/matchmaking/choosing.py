"""A demand's shortlist as a viewer reads it, and the chain master's choice (发榜揭榜: the large
firm picks the SME): choosing a line proposes a match, in stage proposed, keeping the line's
explanation in ``why`` and the demand's event."""

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlmodel import Session, col, select

from mechanism.shortlist import DEFAULT_TOP, Line
from mechanism.supply_lists import CHOOSABLE, DemandStatus
from mechanism.wording import Said
from models import CapabilityItem, Chain, DemandItem, Enterprise, Match
from services.audit import audit
from services.matchmaking import supply_checks as check
from services.matchmaking.lists import visible_demand
from services.matchmaking.shortlist import line_row, shortlist_for
from services.matchmaking.supply_access import (
    SupplyHidden,
    SupplyInputError,
    SupplyNotAllowed,
)
from services.people import Actor, Viewer, runs_chain

MAX_TOP = 200


@dataclass(frozen=True)
class Shortlist:
    demand: dict[str, Any]
    lines: list[Line]
    rows: list[dict[str, Any]]
    may_choose: bool


@dataclass(frozen=True)
class Chosen:
    """The match proposed, and the shortlist line it was chosen from."""

    match: Match
    line: Line


def may_choose(session: Session, actor: Actor, demand: DemandItem) -> bool:
    """The demand's own enterprise (its chain master), the chain's working group, the office."""
    if actor.enterprise_id is not None:
        return actor.enterprise_id == demand.enterprise_id
    return runs_chain(session, actor, demand.chain_id)


def demand_shortlist(
    *, session: Session, viewer: Viewer, demand_id: int, today: date, top: int = DEFAULT_TOP
) -> Shortlist:
    """The shortlist of a demand ``viewer`` sees (else SupplyHidden)."""
    if not 1 <= top <= MAX_TOP:
        raise SupplyInputError("top", Said(f"top: 1 to {MAX_TOP}", f"条数：1 至 {MAX_TOP}"))
    shown = visible_demand(session, viewer, demand_id)
    demand = session.get(DemandItem, demand_id)
    assert demand is not None
    lines = shortlist_for(session, demand, today, top=top)
    codes = dict(
        session.exec(
            select(Enterprise.id, Enterprise.credit_code).where(
                col(Enterprise.id).in_({line.offer.enterprise_id for line in lines})
            )
        ).all()
    )
    rows = [line_row(line, codes) for line in lines]  # type: ignore[arg-type]
    return Shortlist(shown, lines, rows, may_choose(session, viewer.actor, demand))


def choose(
    *,
    session: Session,
    viewer: Viewer,
    demand_id: int,
    today: date,
    now: datetime,
    capability_id: int | None = None,
    place: int | None = None,
    top: int = DEFAULT_TOP,
    event_id: int | None = None,
) -> Chosen:
    """Choose a line of the demand's shortlist as it stands today (by its capability item, or
    by its place): a proposed match explained by the line, in both languages, at event
    ``event_id`` (else the demand's own event, if it has one)."""
    listed = demand_shortlist(
        session=session, viewer=viewer, demand_id=demand_id, today=today, top=max(top, place or 0)
    )
    line = next(
        (
            candidate
            for candidate in listed.lines
            if candidate.offer.capability_id == capability_id or candidate.place == place
        ),
        None,
    )
    if line is None:
        en = f"line {place}" if place is not None else f"capability item {capability_id}"
        zh = f"第 {place} 行" if place is not None else f"产品/能力 {capability_id}"
        raise SupplyInputError(
            "choose",
            Said(
                f"choose: {en} is not on the demand's shortlist",
                f"选择：需求的候选名单中没有{zh}",
            ),
        )
    why = f"{line.why.zh} / {line.why}"
    match = propose_match(
        session=session,
        actor=viewer.actor,
        demand_id=demand_id,
        capability_id=line.offer.capability_id,
        why=why,
        event_id=event_id,
        now=now,
    )
    return Chosen(match, line)


def propose_match(
    *,
    session: Session,
    actor: Actor,
    demand_id: int,
    capability_id: int,
    why: str | None,
    event_id: int | None,
    now: datetime,
) -> Match:
    """A match of the demand with the capability item, in stage proposed (the demand's event
    unless ``event_id`` names another of the chain's); an open demand becomes matched."""
    demand = session.get(DemandItem, demand_id)
    if demand is None:
        raise SupplyHidden(f"no demand {demand_id}")
    if not may_choose(session, actor, demand):
        raise SupplyNotAllowed(
            Said(
                "only the demand's chain master, the chain's working group or the office "
                "chooses its suppliers",
                "只有发布需求的链主企业、产业链工作专班或市链长制办公室可以选择供应商",
            )
        )
    if demand.status not in CHOOSABLE:
        known = DemandStatus.parse(demand.status)
        label = known.zh if known is not None else demand.status
        raise SupplyInputError(
            "status",
            Said(
                f"the demand is {demand.status}: no supplier can be chosen for it",
                f"该需求{label}，不能再选择供应商",
            ),
        )
    capability = session.get(CapabilityItem, capability_id)
    if capability is None or capability.chain_id != demand.chain_id:
        raise SupplyInputError(
            "capability_id",
            Said(
                f"capability item: the chain has no item {capability_id}",
                f"产品/能力：本产业链没有编号为 {capability_id} 的产品/能力",
            ),
        )
    if capability.enterprise_id == demand.enterprise_id:
        raise SupplyInputError(
            "capability_id",
            Said("an enterprise is not its own supplier", "企业不能作为自己的供应商"),
        )
    taken = session.exec(
        select(Match.id).where(Match.demand_id == demand_id, Match.capability_id == capability_id)
    ).first()
    if taken is not None:
        raise SupplyInputError(
            "capability_id",
            Said(
                f"this supplier is already proposed for the demand (match {taken})",
                f"该供应商已被推荐对接此需求（对接 {taken}）",
            ),
        )
    chain = session.get(Chain, demand.chain_id)
    assert chain is not None
    event = check.event_of(session, chain, event_id if event_id is not None else demand.event_id)
    match = Match(
        demand_id=demand_id,
        capability_id=capability_id,
        event_id=event,
        stage="proposed",
        why=(why or "").strip()[: check.width(Match, "why")] or None,
        created_at=now,
        updated_at=now,
    )
    session.add(match)
    session.flush()
    audit(
        session,
        actor=actor,
        entity_type="supply_match",
        entity_id=match.id,
        action="proposed",
        now=now,
        after="proposed",
        detail={"demand_id": demand_id, "capability_id": capability_id, "why": match.why},
    )
    if demand.status == DemandStatus.OPEN.value:
        demand.status = DemandStatus.MATCHED.value
        session.add(demand)
        audit(
            session,
            actor=actor,
            entity_type="demand_item",
            entity_id=demand.id,
            action="status",
            now=now,
            before="open",
            after="matched",
        )
    return match
