"""The held condition of one event, from the rows: who is invited as what, and the titles
each holds (``mechanism.matchmaking.held_verdict`` decides)."""

from sqlmodel import Session, col, select

from mechanism.matchmaking import (
    HeldRules,
    HeldVerdict,
    Invitee,
    ParticipantRole,
    Title,
    held_verdict,
)
from models import Designation, Enterprise, EventParticipant, MatchmakingEvent


def held_verdict_of(session: Session, event: MatchmakingEvent, rules: HeldRules) -> HeldVerdict:
    """Whether ``event`` may be held on its day, as its invitations and titles stand now."""
    invited = session.exec(
        select(EventParticipant.role, Enterprise.id, Enterprise.name)
        .join(Enterprise, col(Enterprise.id) == EventParticipant.enterprise_id)
        .where(EventParticipant.event_id == event.id)
        .order_by(col(Enterprise.name))
    ).all()
    ids = [enterprise_id for _, enterprise_id, _ in invited]
    titles: dict[int, list[Title]] = {}
    if ids:
        for d in session.exec(
            select(Designation).where(col(Designation.enterprise_id).in_(ids))
        ).all():
            titles.setdefault(d.enterprise_id, []).append(
                Title(d.kind, d.status, d.valid_until, d.chain_id)
            )
    masters: list[Invitee] = []
    smes: list[Invitee] = []
    for role, enterprise_id, name in invited:
        invitee = Invitee(enterprise_id or 0, name, tuple(titles.get(enterprise_id or 0, ())))
        (masters if role == ParticipantRole.CHAIN_MASTER.value else smes).append(invitee)
    return held_verdict(
        chain_id=event.chain_id, masters=masters, smes=smes, day=event.held_on, rules=rules
    )
