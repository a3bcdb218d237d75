"""Who owns a task the system makes for a department (a designation's review reminder, a
match's follow-up): one rule, so every such task lands with the same person.

A task needs a person as its owner. A department's own mailbox person (the person whose email
is the department's) comes first, since that is where a department receives its work; else the
department's first person entered. A department with nobody gets no task — the caller says so.
"""

from sqlmodel import Session, col, select

from mechanism.vocabulary import RosterRole
from models import Department, Person, RosterEntry


def department_owner(session: Session, department_id: int) -> Person | None:
    """The person who owns the tasks the system makes for department ``department_id``."""
    department = session.get(Department, department_id)
    if department is None:
        return None
    if department.email:
        mailbox = session.exec(
            select(Person).where(
                Person.email == department.email.lower(), Person.department_id == department_id
            )
        ).first()
        if mailbox is not None:
            return mailbox
    return session.exec(
        select(Person).where(Person.department_id == department_id).order_by(col(Person.id))
    ).first()


def lead_department_of(session: Session, chain_id: int) -> Department | None:
    """The chain's lead department (牵头部门) on its roster, or None when it has none."""
    return session.exec(
        select(Department)
        .join(RosterEntry, col(RosterEntry.department_id) == Department.id)
        .where(
            RosterEntry.chain_id == chain_id,
            RosterEntry.role == RosterRole.LEAD_DEPARTMENT.value,
        )
        .order_by(col(RosterEntry.id))
    ).first()
