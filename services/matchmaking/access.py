"""Who may see and do what in matchmaking (issue 16, point 5), as for the rest of chainops.

- the office and a chain's working group run its events and move its matches;
- the firm on either side of a match (the demand's chain master, the supplier) sees and moves
  that match, and sees the events it takes part in — nothing else;
- those who read a chain (its leaders, the chief chain leader) see its events and matches, and
  a department sees the events it hosts and their matches.

Reads ask a :class:`~services.people.Viewer` (a signed-in user); changes ask the acting
:class:`~services.people.Actor`, so the CLI's ``--by`` and the demo are held to the same rule.
"""

import sqlalchemy as sa
from sqlmodel import Session, col, select

from models import EventParticipant, MatchmakingEvent
from services.people import Actor, Viewer, runs_chain


def event_filter(viewer: Viewer | None) -> sa.ColumnElement[bool]:
    """A WHERE clause keeping the events ``viewer`` sees (None: the operator, every event)."""
    if viewer is None or viewer.reads_every_chain:
        return sa.true()
    if viewer.enterprise_id is not None:
        taking_part = select(EventParticipant.event_id).where(
            EventParticipant.enterprise_id == viewer.enterprise_id
        )
        return col(MatchmakingEvent.id).in_(taking_part)
    ways: list[sa.ColumnElement[bool]] = []
    chains = viewer.team_chains | viewer.leader_chains
    if chains:
        ways.append(col(MatchmakingEvent.chain_id).in_(sorted(chains)))
    if viewer.department_id is not None:
        ways.append(col(MatchmakingEvent.host_department_id) == viewer.department_id)
    return sa.or_(*ways) if ways else sa.false()


def sees_match(
    viewer: Viewer | None,
    *,
    chain_id: int,
    sides: tuple[int, int],
    host_department_id: int | None,
) -> bool:
    """A match: its chain's readers, its event's host department, the firm on either side."""
    if viewer is None:
        return True
    if viewer.enterprise_id is not None:
        return viewer.enterprise_id in sides
    return viewer.reads_chain(chain_id) or (
        viewer.department_id is not None and viewer.department_id == host_department_id
    )


def moves_match(session: Session, actor: Actor, *, chain_id: int, sides: tuple[int, int]) -> bool:
    """The office, the chain's working group, or the firm on either side of the match."""
    if actor.enterprise_id is not None:
        return actor.enterprise_id in sides
    return runs_chain(session, actor, chain_id)
