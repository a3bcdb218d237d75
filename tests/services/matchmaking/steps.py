"""Steps the matchmaking tests share: an event with its invitations, a match at a stage."""

from sqlmodel import Session

from models import MatchmakingEvent
from services.matchmaking import add_event, invite, move_event, move_match, propose_match
from tests.services.matchmaking.conftest import EVENT_DAY, HELD, NOW, OFFICE, RULES
from tests.services.matchmaking.seed import Seeded


def event_ready(
    session: Session, seeded: Seeded, smes: int = 3, host: str = "GXJ"
) -> MatchmakingEvent:
    """An event moved to matched, the chain master and the first ``smes`` SMEs invited."""
    event = add_event(
        session=session,
        actor=OFFICE,
        chain_code="BEARING",
        title="轴承产业链供需对接会",
        kind="supply_demand",
        host_department=host,
        held_on=EVENT_DAY,
        place="临清市会展中心",
        now=NOW,
    )
    common = {"session": session, "actor": OFFICE, "event_id": event.id, "now": NOW}
    invite(**common, credit_code=seeded.master_code, role="chain_master")
    for code in seeded.sme_codes[:smes]:
        invite(**common, credit_code=code, role="sme")
    for state in ("collecting", "matched"):
        move_event(**common, to=state, rules=HELD)
    return event


def match_at(
    session: Session,
    seeded: Seeded,
    event_id: int | None,
    stages: list[tuple[str, float | None]],
    n: int = 0,
) -> int:
    match = propose_match(
        session=session,
        actor=OFFICE,
        demand_id=seeded.demand,
        capability_id=seeded.capabilities[n],
        why="同一图谱节点",
        event_id=event_id,
        now=NOW,
    )
    for stage, amount in stages:
        move_match(
            session=session,
            actor=OFFICE,
            match_id=match.id or 0,
            to=stage,
            amount=amount,
            now=NOW,
            rules=RULES,
            held=HELD,
        )
    return match.id or 0
