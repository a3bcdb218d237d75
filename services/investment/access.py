"""Who sees and changes investment attraction (精准招商), as for the rest of chainops.

- the office and a chain's working group (roster or ``team`` grant) manage its targets and its
  pipeline;
- the chain's leaders, the chief chain leader and the chain's lead department read them;
- a firm sees no targets at all, and of the pipeline only the projects it is the local company
  of — never another investor's;
- anyone else: nothing, answered as for a row that does not exist.

Reads ask a :class:`~services.people.Viewer`; changes ask the acting
:class:`~services.people.Actor`, so the CLI's ``--by`` and the demo keep the same rule.
"""

from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col

from mechanism.wording import Said
from models import Chain
from services.people import (
    Actor,
    NotAllowed,
    NotVisible,
    Viewer,
    lead_department_chains,
    runs_chain,
)


class InvestmentRefused(ValueError):
    """A target, project, signing or figure the service cannot take. ``message`` is a
    :class:`Said` naming the field; ``field`` is the form's key for it (None: no one field)."""

    def __init__(self, message: Said, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class InvestmentHidden(NotVisible):
    """No such row, or not the viewer's to see: the message is the same either way."""


class InvestmentNotAllowed(NotAllowed):
    """Visible, but not the actor's to change."""


def reads_chain_investment(session: Session, viewer: Viewer, chain_id: int) -> bool:
    """Whether ``viewer`` reads the chain's targets and whole pipeline (never a firm)."""
    if viewer.enterprise_id is not None:
        return False
    return viewer.reads_chain(chain_id) or chain_id in lead_department_chains(
        session, viewer.department_id
    )


def manages(session: Session, actor: Actor, chain: Chain) -> None:
    """InvestmentNotAllowed unless ``actor`` is the office or the chain's working group."""
    if actor.enterprise_id is None and runs_chain(session, actor, chain.id or -1):
        return
    raise InvestmentNotAllowed(
        Said(
            f"only the {chain.code} chain's working group or the office manage its "
            "investment targets and projects",
            f"只有 {chain.code} 产业链工作专班或市链长制办公室可以管理其招商目标和项目",
        )
    )


def chain_filter(session: Session, viewer: Viewer | None, row: Any) -> sa.ColumnElement[bool]:
    """A WHERE clause keeping the rows of ``row``'s table (targets or projects, both with a
    ``chain_id``) whose chain ``viewer`` reads; None is the operator, who reads every row. A
    firm gets nothing here: the pipeline asks for its own projects separately."""
    if viewer is None or viewer.reads_every_chain:
        return sa.true()
    if viewer.enterprise_id is not None:
        return sa.false()
    chains = viewer.team_chains | viewer.leader_chains
    chains |= lead_department_chains(session, viewer.department_id)
    if not chains:
        return sa.false()
    return col(row.chain_id).in_(sorted(chains))
