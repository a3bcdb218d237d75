"""Who reads and changes benchmarking (对标), as for the rest of chainops.

- the office enters the city's figures, adds peers and indicators, and does everything else;
- a chain's working group enters its chain's figures and spawns work from its gaps;
- the chain's leaders, the chief chain leader and its lead department read them;
- a firm sees nothing (answered as for a page that does not exist).

Reads ask a :class:`~services.people.Viewer`; changes ask the acting
:class:`~services.people.Actor`, so the CLI's ``--by`` and the demo keep the same rule.
"""

from sqlmodel import Session

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


class BenchmarkRefused(ValueError):
    """A figure, peer or indicator the service cannot take; nothing was changed. ``message``
    is a :class:`Said` starting with the field; ``field`` is the form's key for it."""

    def __init__(self, message: Said, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class BenchmarkHidden(NotVisible):
    """No such chain or row, or not the viewer's to see: the same words either way."""


class BenchmarkNotAllowed(NotAllowed):
    """Visible, but not the actor's to change."""


def reads_benchmarks(session: Session, viewer: Viewer | None, chain_id: int | None) -> bool:
    """Whether ``viewer`` reads a chain's comparison (``chain_id``) or the city's (None).
    The city's figures are read by every official who reads some chain or leads one."""
    if viewer is None:
        return True
    if viewer.enterprise_id is not None:
        return False
    leads = lead_department_chains(session, viewer.department_id)
    if chain_id is None:
        return viewer.reads_city or bool(leads) or viewer.department_id is not None
    return viewer.reads_chain(chain_id) or chain_id in leads


def manages_benchmarks(session: Session, actor: Actor, chain: Chain | None) -> None:
    """BenchmarkNotAllowed unless ``actor`` is the office (any level) or the working group of
    ``chain`` (its own chain's figures and gaps)."""
    if actor.enterprise_id is None and (actor.is_office or actor.is_system):
        return
    if (
        chain is not None
        and actor.enterprise_id is None
        and runs_chain(session, actor, chain.id or -1)
    ):
        return
    if chain is None:
        raise BenchmarkNotAllowed(
            Said(
                "only the office enters the city's benchmarking figures and peers",
                "只有市链长制办公室可以录入全市对标数据和对标对象",
            )
        )
    raise BenchmarkNotAllowed(
        Said(
            f"only the {chain.code} chain's working group or the office enter its benchmarking "
            "figures and act on its gaps",
            f"只有 {chain.code} 产业链工作专班或市链长制办公室可以录入其对标数据并处理差距",
        )
    )


def may_manage(session: Session, actor: Actor, chain: Chain | None) -> bool:
    """Whether ``actor`` enters figures (and spawns work) for ``chain`` (None: the city)."""
    try:
        manages_benchmarks(session, actor, chain)
    except BenchmarkNotAllowed:
        return False
    return True
