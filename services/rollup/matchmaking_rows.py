"""The month's matchmaking figures for the rollup (融通对接, issue 16): events held in the
month and the SMEs at them, intentions reached and contracts signed in it with their amounts,
per chain and for the city (``mechanism.matchmaking.month_figures``). Frozen with the rest of
the month by ``close_month``."""

from datetime import date

import sqlalchemy as sa
from sqlmodel import Session, col, select

from mechanism.matchmaking import (
    HELD_STATES,
    EventRow,
    MatchRow,
    ParticipantRole,
    month_figures,
)
from mechanism.rollup import Figures, month_end
from models import DemandItem, EventParticipant, Match, MatchmakingEvent


def matchmaking_figures(session: Session, month: date) -> tuple[Figures, dict[int, Figures]]:
    """The city's figures and each chain's (by chain id; a chain without any gets none)."""
    first, last = month, month_end(month)
    events = session.exec(
        select(MatchmakingEvent).where(
            col(MatchmakingEvent.held_on) >= first,
            col(MatchmakingEvent.held_on) <= last,
            col(MatchmakingEvent.state).in_([s.value for s in HELD_STATES]),
        )
    ).all()
    smes: dict[int, set[int]] = {e.id or 0: set() for e in events}
    if smes:
        for event_id, enterprise_id in session.exec(
            select(EventParticipant.event_id, EventParticipant.enterprise_id).where(
                col(EventParticipant.event_id).in_(list(smes)),
                EventParticipant.role == ParticipantRole.SME.value,
            )
        ).all():
            smes[event_id].add(enterprise_id)
    event_rows = [
        EventRow(e.id or 0, e.chain_id, e.held_on, e.state, frozenset(smes[e.id or 0]))
        for e in events
    ]
    in_month = sa.or_(
        sa.and_(col(Match.intention_on) >= first, col(Match.intention_on) <= last),
        sa.and_(col(Match.signed_on) >= first, col(Match.signed_on) <= last),
    )
    match_rows = [
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
            .where(in_month)
        ).all()
    ]
    city = month_figures(event_rows, match_rows, first, last)
    chains = {e.chain_id for e in event_rows} | {m.chain_id for m in match_rows}
    by_chain = {
        chain_id: month_figures(
            [e for e in event_rows if e.chain_id == chain_id],
            [m for m in match_rows if m.chain_id == chain_id],
            first,
            last,
        )
        for chain_id in chains
    }
    return dict(city), {k: dict(v) for k, v in by_chain.items()}
