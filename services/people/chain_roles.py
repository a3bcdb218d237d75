"""Who runs a chain and which chains a department leads, asked of the acting person (the
CLI's ``--by``, the demo, a signed-in user's actor) rather than of a :class:`Viewer`, so every
part of the enterprise half holds a change to the same rule."""

from sqlmodel import Session, col, select

from mechanism.vocabulary import RosterRole
from models import RosterEntry, User, UserChainRole
from services.people.actors import Actor


def runs_chain(session: Session, actor: Actor, chain_id: int) -> bool:
    """The office, the system, or a member of the chain's working group (roster or grant)."""
    if actor.is_office or actor.is_system:
        return True
    if actor.person_id is None:
        return False
    on_roster = session.exec(
        select(RosterEntry.id).where(
            RosterEntry.chain_id == chain_id,
            RosterEntry.role == RosterRole.WORKING_GROUP.value,
            RosterEntry.person_id == actor.person_id,
        )
    ).first()
    if on_roster is not None:
        return True
    granted = session.exec(
        select(UserChainRole.id)
        .join(User, col(User.id) == UserChainRole.user_id)
        .where(
            User.person_id == actor.person_id,
            User.active,
            UserChainRole.chain_id == chain_id,
            UserChainRole.role == "team",
        )
    ).first()
    return granted is not None


def lead_department_chains(session: Session, department_id: int | None) -> set[int]:
    """The chains whose lead department (牵头部门) is ``department_id``."""
    if department_id is None:
        return set()
    return set(
        session.exec(
            select(RosterEntry.chain_id).where(
                RosterEntry.role == RosterRole.LEAD_DEPARTMENT.value,
                RosterEntry.department_id == department_id,
            )
        ).all()
    )
