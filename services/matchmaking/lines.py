"""Events and matches as the figures read them (``mechanism.matchmaking.EventRow``,
``MatchRow``), and one event's report line."""

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col, select

from mechanism.matchmaking import EventRow, MatchRow, ParticipantRole, tally
from models import DemandItem, EventParticipant, Match, MatchmakingEvent


def event_rows(session: Session, events: Sequence[MatchmakingEvent]) -> list[EventRow]:
    ids = [e.id for e in events if e.id is not None]
    smes: dict[int, set[int]] = {i: set() for i in ids}
    if ids:
        for event_id, enterprise_id in session.exec(
            select(EventParticipant.event_id, EventParticipant.enterprise_id).where(
                col(EventParticipant.event_id).in_(ids),
                EventParticipant.role == ParticipantRole.SME.value,
            )
        ).all():
            smes[event_id].add(enterprise_id)
    return [
        EventRow(e.id or 0, e.chain_id, e.held_on, e.state, frozenset(smes.get(e.id or 0, ())))
        for e in events
    ]


def match_rows(session: Session, where: sa.ColumnElement[bool]) -> list[MatchRow]:
    """The matches ``where`` keeps (a clause on ``Match`` or ``DemandItem``), with their chain."""
    return [
        MatchRow(
            m.id or 0,
            chain_id,
            m.event_id,
            m.stage,
            m.intention_on,
            m.intention_wan,
            m.signed_on,
            m.contract_wan,
            m.realised_wan,
        )
        for m, chain_id in session.exec(
            select(Match, DemandItem.chain_id)
            .join(DemandItem, col(DemandItem.id) == Match.demand_id)
            .where(where)
            .order_by(col(Match.id))
        ).all()
    ]


def event_line(session: Session, event: MatchmakingEvent) -> dict[str, Any]:
    """One event's line of the report: what it is and its figures as they stand now."""
    matches = match_rows(session, col(Match.event_id) == event.id)
    figures = tally(event_rows(session, [event]), matches)
    return {
        "id": event.id,
        "title": event.title,
        "kind": event.kind,
        "held_on": event.held_on.isoformat(),
        "state": event.state,
        **figures,
    }
