"""Who is acting: a person known by email (with the office role if they have it), or the system."""

from dataclasses import dataclass

from sqlmodel import Session, select

from mechanism.lifecycle import Role
from models import Enterprise, Person, Task, User
from services.people.directory import Directory


@dataclass(frozen=True)
class Actor:
    label: str  # written into audit events: an email, or "system"
    person_id: int | None = None
    is_office: bool = False
    is_system: bool = False
    enterprise_id: int | None = None  # an enterprise's contact: sees and acts on its own only


SYSTEM = Actor("system", is_system=True)


class UnknownPerson(LookupError):
    """No person with that email; the message says so."""


def actor_by_email(session: Session, email: str) -> Actor:
    """The actor for ``email``: an official (the office role comes from an active office user
    account), or else an enterprise's registered contact."""
    address = email.strip().lower()
    person = session.exec(select(Person).where(Person.email == address)).first()
    if person is None or person.id is None:
        firm = session.exec(select(Enterprise).where(Enterprise.contact_email == address)).first()
        if firm is not None:
            return Actor(address, enterprise_id=firm.id)
        raise UnknownPerson(f"no person or enterprise contact with email {email!r}")
    office = session.exec(
        select(User).where(User.person_id == person.id, User.is_office, User.active)
    ).first()
    return Actor(person.email, person.id, is_office=office is not None)


def roles_on(session: Session, actor: Actor, task: Task) -> frozenset[Role]:
    """How ``actor`` stands to ``task``: owner, lead department, team, leader, office, system."""
    if actor.is_system:
        return frozenset({Role.SYSTEM})
    directory = Directory(session.connection())
    return directory.roles_of(
        actor.person_id,
        is_office=actor.is_office,
        chain_id=task.chain_id,
        owner_id=task.owner_id,
        lead_department_id=task.lead_department_id,
    )
