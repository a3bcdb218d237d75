"""Who may see and change an enterprise's titles and candidacies (issue 16, point 5).

The office and a chain's working group manage the enterprises of their chains; a chain's
leaders and the chief chain leader read them; a department reads the chains it leads (牵头部门);
a firm sees and edits only its own enterprise (never a chain's 链主 / 领航型 list, which the
office or team proposes and the chain leader approves). An enterprise's chains are those it is
a member of, and for a chain-scoped title that title's own chain.
"""

from typing import Any

from sqlmodel import Session, col, select

from mechanism.vocabulary import RosterRole
from models import CultivationCandidate, Designation, EnterpriseMembership, RosterEntry
from services.enterprises.errors import EnterpriseNotFound
from services.enterprises.lookups import find_enterprise
from services.people import Viewer


def chains_of(session: Session, enterprise_id: int) -> set[int]:
    """The chains ``enterprise_id`` is a member of."""
    return set(
        session.exec(
            select(EnterpriseMembership.chain_id).where(
                EnterpriseMembership.enterprise_id == enterprise_id
            )
        ).all()
    )


def department_chains(session: Session, viewer: Viewer) -> set[int]:
    """The chains whose lead department is the viewer's department."""
    if viewer.department_id is None:
        return set()
    return set(
        session.exec(
            select(RosterEntry.chain_id).where(
                RosterEntry.department_id == viewer.department_id,
                RosterEntry.role == RosterRole.LEAD_DEPARTMENT.value,
            )
        ).all()
    )


def readable_chains(session: Session, viewer: Viewer) -> set[int] | None:
    """The chains whose enterprises the viewer reads; None: every chain (office, chief)."""
    if viewer.reads_every_chain:
        return None
    return set(viewer.team_chains | viewer.leader_chains) | department_chains(session, viewer)


def reads_enterprise(
    session: Session, viewer: Viewer, enterprise_id: int, chain_id: int | None = None
) -> bool:
    if viewer.enterprise_id is not None:
        return viewer.enterprise_id == enterprise_id
    chains = readable_chains(session, viewer)
    if chains is None:
        return True
    mine = chains_of(session, enterprise_id) | ({chain_id} if chain_id is not None else set())
    return bool(mine & chains)


def manages_enterprise(
    session: Session,
    viewer: Viewer,
    enterprise_id: int,
    *,
    chain_id: int | None = None,
    chain_scoped: bool = False,
) -> bool:
    """Add or move its titles, enter or exit it in the library. A chain-scoped title is the
    managing chain's alone (``chain_id``); a firm manages its own other titles."""
    if chain_scoped:
        return chain_id is not None and viewer.runs_chain(chain_id)
    if viewer.enterprise_id is not None:
        return viewer.enterprise_id == enterprise_id
    if viewer.is_office:
        return True
    return bool(chains_of(session, enterprise_id) & set(viewer.team_chains))


def member_filter(session: Session, viewer: Viewer) -> set[int] | None:
    """The enterprise ids the viewer's lists may show; None: every enterprise."""
    if viewer.enterprise_id is not None:
        return {viewer.enterprise_id}
    chains = readable_chains(session, viewer)
    if chains is None:
        return None
    if not chains:
        return set()
    return set(
        session.exec(
            select(EnterpriseMembership.enterprise_id).where(
                col(EnterpriseMembership.chain_id).in_(sorted(chains))
            )
        ).all()
    )


def enterprise_rights(
    session: Session, viewer: Viewer, credit_code: str, kinds: dict[str, Any]
) -> dict[str, Any]:
    """What the viewer may do on an enterprise's page: change its titles (``manages``), keep
    its candidacies (``library``: the office or team, never the firm itself), and which of
    its titles (``titles``: ids) and open candidacies (``candidates``: ids) are the viewer's
    to change — a chain's 链主 / 领航型 only by that chain's office or team. An enterprise the
    viewer does not read is not found."""
    firm = find_enterprise(session, credit_code)
    assert firm.id is not None
    enterprise_id = firm.id
    if not reads_enterprise(session, viewer, enterprise_id):
        raise EnterpriseNotFound(f"no enterprise with credit code {credit_code!r}")
    manages = manages_enterprise(session, viewer, enterprise_id)
    held = session.exec(
        select(Designation).where(Designation.enterprise_id == enterprise_id)
    ).all()
    titles = {
        row.id
        for row in held
        if row.id is not None
        and manages_enterprise(
            session, viewer, enterprise_id, chain_id=row.chain_id,
            chain_scoped=bool(getattr(kinds.get(row.kind), "chain_scoped", False)),
        )
    }  # fmt: skip
    library = manages and viewer.enterprise_id is None
    candidates = set(
        session.exec(
            select(CultivationCandidate.id).where(
                CultivationCandidate.enterprise_id == enterprise_id,
                col(CultivationCandidate.left_on).is_(None),
            )
        ).all()
    )
    return {
        "enterprise_id": enterprise_id,
        "manages": manages,
        "library": library,
        "titles": titles,
        "all_titles": {row.id for row in held},
        "candidates": candidates if library else set(),
        "open_candidates": candidates,
    }
