"""Sign-in accounts. The office role is what lets someone sign off and decide extensions."""

from datetime import datetime

from sqlmodel import Session, select

from models import Person, User
from services.actors import UnknownPerson


def add_user(*, session: Session, email: str, office: bool, now: datetime) -> User:
    """An account for the person with ``email`` (created, or updated to ``office``)."""
    person = session.exec(select(Person).where(Person.email == email.strip().lower())).first()
    if person is None:
        raise UnknownPerson(f"no person with email {email!r}; import them first")
    user = session.exec(select(User).where(User.username == person.email)).first()
    if user is None:
        user = User(username=person.email, person_id=person.id, created_at=now)
    user.is_office = office
    user.active = True
    session.add(user)
    session.flush()
    return user
