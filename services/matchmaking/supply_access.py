"""Who may see and edit the demand and capability lists, and choose from a shortlist (issue 16,
point 5, as for the rest of chainops).

- the office, and a chain's working group (its roster or a ``team`` grant): every list of the
  chain, to read and edit, and the choice on any of its demands' shortlists;
- a firm (an enterprise's contact account): its own enterprise's items only — it enters and
  edits them, and chooses on its own demands' shortlists (发榜揭榜: the large firm picks);
- the chain's leaders, the chief chain leader and the chain's lead department: read the lists;
- anyone else: nothing (the same 404 as for an item that does not exist).
"""

from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col

from mechanism.wording import Said
from models import Chain
from services.matchmaking.errors import MatchmakingRefused, NotYours
from services.people import (
    Actor,
    NotAllowed,
    NotVisible,
    Viewer,
    lead_department_chains,
    runs_chain,
)


class SupplyInputError(MatchmakingRefused):
    """A list item or choice the service cannot take (a kind of refusal, like every
    matchmaking refusal); the message (a ``Said``) names the
    field, ``field`` is its key."""

    def __init__(self, field: str | None, message: Said) -> None:
        super().__init__(message)
        self.field = field


class SupplyHidden(NotVisible):
    """No such item, or not the viewer's to see: the message is the same either way."""


class SupplyNotAllowed(NotAllowed, NotYours):
    """Visible, but not the actor's to change."""


def may_edit(session: Session, actor: Actor, chain: Chain, enterprise_id: int) -> None:
    """SupplyNotAllowed unless ``actor`` may enter or change ``enterprise_id``'s items on
    ``chain``: the enterprise itself, the chain's working group or the office."""
    if actor.enterprise_id is not None:
        if actor.enterprise_id != enterprise_id:
            raise SupplyNotAllowed(
                Said(
                    "an enterprise enters and edits its own lists only",
                    "企业只能填报和修改本企业的清单",
                )
            )
        return
    if not runs_chain(session, actor, chain.id or -1):
        raise SupplyNotAllowed(
            Said(
                f"only the enterprise, the {chain.code} chain's working group or the office "
                "may change its lists",
                f"只有该企业、{chain.code} 产业链工作专班或市链长制办公室可以修改其清单",
            )
        )


def reads_lists(session: Session, viewer: Viewer, chain_id: int) -> bool:
    """Whether ``viewer`` reads every list of the chain (a firm reads its own items only)."""
    if viewer.enterprise_id is not None:
        return False
    return viewer.reads_chain(chain_id) or chain_id in lead_department_chains(
        session, viewer.department_id
    )


def sees_item(session: Session, viewer: Viewer, chain_id: int, enterprise_id: int) -> bool:
    if viewer.enterprise_id is not None:
        return viewer.enterprise_id == enterprise_id
    return reads_lists(session, viewer, chain_id)


def item_filter(session: Session, viewer: Viewer, item: Any) -> sa.ColumnElement[bool]:
    """A WHERE clause keeping the demand or capability items ``viewer`` sees."""
    if viewer.enterprise_id is not None:
        return item.enterprise_id == viewer.enterprise_id  # type: ignore[no-any-return]
    if viewer.reads_every_chain:
        return sa.true()
    chains = viewer.team_chains | viewer.leader_chains
    chains |= lead_department_chains(session, viewer.department_id)
    if not chains:
        return sa.false()
    return col(item.chain_id).in_(sorted(chains))
