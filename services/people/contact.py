"""A person's mobile number, set by the office outside a workbook (``chainops users mobile``).

The number is checked and normalized by ``mechanism.mobile`` — the same rule as the
workbook's 手机 column — and every change is audited like a workbook import's.
"""

from datetime import datetime
from typing import Literal

import sqlalchemy as sa
from sqlmodel import Session, select

from mechanism.mobile import normalize_mobile
from models import AuditEvent, Person, RecipientPreference
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


def mobiles_of(
    engine: sa.Engine, emails: set[str], *, allowing: Literal["robot_mentions", "sms"]
) -> dict[str, str]:
    """The mobile numbers of the people with these addresses (lower-case), where known and
    where the person has not turned that use off on /me/notifications (``allowing``): whom a
    group robot @-mentions, where a text message goes."""
    if not emails:
        return {}
    person = Person.__table__  # type: ignore[attr-defined]
    preference = RecipientPreference.__table__  # type: ignore[attr-defined]
    with engine.connect() as connection:
        rows = connection.execute(
            sa.select(person.c.email, person.c.mobile)
            .outerjoin(
                preference, sa.func.lower(preference.c.email) == sa.func.lower(person.c.email)
            )
            .where(
                sa.func.lower(person.c.email).in_(sorted(emails)),
                person.c.mobile.is_not(None),
                sa.or_(preference.c.id.is_(None), preference.c[allowing].is_(True)),
            )
        ).all()
    return {str(row.email).lower(): str(row.mobile) for row in rows}
