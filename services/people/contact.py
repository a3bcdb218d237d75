"""A person's mobile number, set by the office outside a workbook (``chainops users mobile``).

The number is checked and normalized by ``mechanism.mobile`` — the same rule as the
workbook's 手机 column — and every change is audited like a workbook import's.
"""

from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Session, select

from mechanism.mobile import normalize_mobile
from models import AuditEvent, Person
from services.people.actors import UnknownPerson


def set_mobile(
    *, session: Session, email: str, mobile: str | None, actor: str, now: datetime
) -> Person:
    """Give the person with ``email`` the mobile ``mobile`` (any way it is written), or clear
    it with None. Raises ``UnknownPerson``, or ``mechanism.mobile.BadMobile`` naming what was
    given; nothing is changed then."""
    address = email.strip().lower()
    person = session.exec(select(Person).where(Person.email == address)).first()
    if person is None:
        raise UnknownPerson(f"no person with email {email!r}; import them with the workbook")
    number = normalize_mobile(mobile) if mobile is not None else None
    if person.mobile == number:
        return person
    before, person.mobile = person.mobile, number
    session.add(person)
    session.flush()
    assert person.id is not None
    session.add(
        AuditEvent(
            at=now,
            actor=actor,
            entity_type="person",
            entity_id=person.id,
            action="mobile",
            from_value=before,
            to_value=number,
        )
    )
    return person


def mobiles_of(engine: sa.Engine, emails: set[str]) -> dict[str, str]:
    """The mobile numbers of the people with these addresses (lower-case), where known: whom
    a group robot @-mentions and where a text message goes."""
    if not emails:
        return {}
    table = Person.__table__  # type: ignore[attr-defined]
    with engine.connect() as connection:
        rows = connection.execute(
            sa.select(table.c.email, table.c.mobile).where(
                sa.func.lower(table.c.email).in_(sorted(emails)), table.c.mobile.is_not(None)
            )
        ).all()
    return {str(row.email).lower(): str(row.mobile) for row in rows}
