"""The demo's matchmaking events (融通对接), replayed through services/matchmaking/ as a person
would: ``event`` plans one, ``invite`` invites an enterprise, ``event_move`` moves an event,
``match`` records the chain master's choice of a supplier from a demand's shortlist (a
proposed match at the event), ``match_move`` moves a match. Events are named by their title,
enterprises by credit code, a demand by its item, a match by its demand's item and its
supplier's credit code; the lists themselves come from the demo city's workbook sheets."""

from datetime import date, datetime
from typing import Any

from sqlmodel import Session, col, select

from chainops import wiring
from models import CapabilityItem, DemandItem, Enterprise, Match, MatchmakingEvent
from services.config import EngineRules
from services.matchmaking import add_event, choose, invite, move_event, move_match, shortlist_for
from services.people import Actor, viewer_by_email

ACTIONS = frozenset({"event", "invite", "event_move", "match", "match_move"})


def happen(
    session: Session, event: dict[str, Any], *, actor: Actor, now: datetime, rules: EngineRules
) -> None:
    """One scripted matchmaking event (``event["do"]`` is one of :data:`ACTIONS`)."""
    action = event["do"]
    held = wiring.matchmaking_rules()
    if action == "event":
        add_event(
            session=session,
            actor=actor,
            chain_code=event["chain"],
            title=event["title"],
            kind=event["kind"],
            host_department=event["host"],
            held_on=date.fromisoformat(str(event["held_on"])),
            place=event.get("place"),
            online=bool(event.get("online", False)),
            platform_partner=event.get("partner"),
            now=now,
        )
    elif action == "invite":
        invite(
            session=session,
            actor=actor,
            event_id=_event_id(session, event["event"]),
            credit_code=event["enterprise"],
            role=event["role"],
            now=now,
        )
    elif action == "event_move":
        move_event(
            session=session,
            actor=actor,
            event_id=_event_id(session, event["event"]),
            to=event["to"],
            now=now,
            rules=held,
        )
    elif action == "match":
        demand_id = _demand_id(session, event["demand"])
        choose(
            session=session,
            viewer=viewer_by_email(session, event["by"]),
            demand_id=demand_id,
            capability_id=_best_item(session, demand_id, event["supplier"], now, rules),
            event_id=_event_id(session, event["event"]),
            today=rules.today(now),
            now=now,
        )
    elif action == "match_move":
        amount = event.get("amount")
        move_match(
            session=session,
            actor=actor,
            match_id=_match_id(session, event["demand"], event["supplier"]),
            to=event["to"],
            amount=float(amount) if amount is not None else None,
            reason=event.get("reason"),
            now=now,
            rules=rules,
            held=held,
        )
    else:
        raise ValueError(f"unknown matchmaking event {action!r}")


def _event_id(session: Session, title: str) -> int:
    found = session.exec(
        select(MatchmakingEvent.id)
        .where(MatchmakingEvent.title == title)
        .order_by(col(MatchmakingEvent.id).desc())
    ).first()
    if found is None:
        raise ValueError(f"replay: no matchmaking event titled {title!r}")
    return found


def _match_id(session: Session, item: str, supplier: str) -> int:
    found = session.exec(
        select(Match.id)
        .join(DemandItem, col(DemandItem.id) == Match.demand_id)
        .join(CapabilityItem, col(CapabilityItem.id) == Match.capability_id)
        .join(Enterprise, col(Enterprise.id) == CapabilityItem.enterprise_id)
        .where(DemandItem.item == item, Enterprise.credit_code == supplier)
    ).first()
    if found is None:
        raise ValueError(f"replay: no match of demand {item!r} with supplier {supplier}")
    return found


def _demand_id(session: Session, item: str) -> int:
    found = session.exec(select(DemandItem.id).where(DemandItem.item == item)).first()
    if found is None:
        raise ValueError(f"replay: no demand item {item!r}")
    return found


def _best_item(
    session: Session, demand_id: int, supplier: str, now: datetime, rules: EngineRules
) -> int:
    """The supplier's line on the demand's shortlist (each supplier has one: its best item)."""
    demand = session.get(DemandItem, demand_id)
    firm = session.exec(select(Enterprise.id).where(Enterprise.credit_code == supplier)).first()
    assert demand is not None
    for line in shortlist_for(session, demand, rules.today(now)):
        if line.offer.enterprise_id == firm:
            return line.offer.capability_id
    raise ValueError(f"replay: supplier {supplier} is not on demand {demand.item!r}'s shortlist")
