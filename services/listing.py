"""Rows for the list commands and pages: plain dicts with stable keys, ready for JSON.

Keys are contracts (offices script against ``--json`` output): add keys, never rename them.
"""

from datetime import date
from typing import Any

from sqlmodel import Session, col, select

from mechanism.vocabulary import OPEN_TASK_STATES
from models import (
    Chain,
    Department,
    Enterprise,
    EnterpriseMembership,
    FactorRequest,
    KeyProject,
    Person,
    Task,
)

Row = dict[str, Any]


class UnknownChain(LookupError):
    """A chain code that is not in the database."""


def _chain_codes(session: Session) -> dict[int | None, str]:
    return {c.id: c.code for c in session.exec(select(Chain))}


def _chain_id(session: Session, code: str | None) -> int | None:
    if code is None:
        return None
    chain = session.exec(select(Chain).where(Chain.code == code)).first()
    if chain is None:
        known = ", ".join(sorted(_chain_codes(session).values())) or "none yet"
        raise UnknownChain(f"no chain {code!r} (known: {known})")
    return chain.id


def list_departments(*, session: Session) -> list[Row]:
    return [
        {"code": d.code, "name_zh": d.name_zh, "name_en": d.name_en, "email": d.email}
        for d in session.exec(select(Department).order_by(col(Department.code)))
    ]


def list_people(*, session: Session) -> list[Row]:
    departments = {d.id: d.code for d in session.exec(select(Department))}
    return [
        {
            "email": p.email,
            "name": p.name,
            "department": departments.get(p.department_id),
            "title": p.title,
        }
        for p in session.exec(select(Person).order_by(col(Person.email)))
    ]


def list_enterprises(*, session: Session, chain: str | None = None) -> list[Row]:
    """Enterprises with the chains they belong to (``chain`` keeps only that chain's)."""
    chain_id = _chain_id(session, chain)
    codes = _chain_codes(session)
    roles: dict[int, list[Row]] = {}
    for m in session.exec(select(EnterpriseMembership).order_by(col(EnterpriseMembership.id))):
        roles.setdefault(m.enterprise_id, []).append(
            {"chain": codes[m.chain_id], "role": m.role, "sme_tier": m.sme_tier}
        )
    rows = []
    for e in session.exec(select(Enterprise).order_by(col(Enterprise.credit_code))):
        memberships = roles.get(e.id or 0, [])
        if chain_id is not None and not any(m["chain"] == chain for m in memberships):
            continue
        rows.append(
            {
                "credit_code": e.credit_code,
                "name": e.name,
                "county": e.county,
                "memberships": memberships,
            }
        )
    return rows


def list_tasks(
    *,
    session: Session,
    today: date,
    chain: str | None = None,
    state: str | None = None,
    overdue_only: bool = False,
) -> list[Row]:
    """Tasks by chain and due date. ``overdue`` means open and past the current due date."""
    query = select(Task).order_by(col(Task.chain_id), col(Task.due_date), col(Task.id))
    chain_id = _chain_id(session, chain)
    if chain_id is not None:
        query = query.where(Task.chain_id == chain_id)
    if state is not None:
        query = query.where(Task.state == state)
    codes = _chain_codes(session)
    departments = {d.id: d.code for d in session.exec(select(Department))}
    people = {p.id: p.email for p in session.exec(select(Person))}
    rows = []
    for t in session.exec(query):
        overdue = t.state in OPEN_TASK_STATES and t.due_date < today
        if overdue_only and not overdue:
            continue
        rows.append(
            {
                "id": t.id,
                "chain": codes[t.chain_id],
                "title": t.title,
                "state": t.state,
                "lead_department": departments[t.lead_department_id],
                "owner": people[t.owner_id],
                "start_date": t.start_date,
                "original_due_date": t.original_due_date,
                "due_date": t.due_date,
                "progress": t.progress,
                "light": t.light,
                "ladder_level": t.ladder_level,
                "overdue": overdue,
            }
        )
    return rows


def list_projects(*, session: Session, chain: str | None = None) -> list[Row]:
    query = select(KeyProject).order_by(col(KeyProject.code))
    chain_id = _chain_id(session, chain)
    if chain_id is not None:
        query = query.where(KeyProject.chain_id == chain_id)
    codes = _chain_codes(session)
    enterprises = {e.id: e.name for e in session.exec(select(Enterprise))}
    return [
        {
            "code": p.code,
            "name": p.name,
            "chain": codes[p.chain_id],
            "enterprise": enterprises[p.enterprise_id],
            "year": p.year,
            "total_investment": p.total_investment,
            "year_planned_investment": p.year_planned_investment,
            "state": p.state,
            "light": p.light,
        }
        for p in session.exec(query)
    ]


def list_factor_requests(
    *, session: Session, chain: str | None = None, state: str | None = None
) -> list[Row]:
    query = select(FactorRequest).order_by(col(FactorRequest.code))
    chain_id = _chain_id(session, chain)
    if chain_id is not None:
        query = query.where(FactorRequest.chain_id == chain_id)
    if state is not None:
        query = query.where(FactorRequest.state == state)
    codes = _chain_codes(session)
    enterprises = {e.id: e.name for e in session.exec(select(Enterprise))}
    departments = {d.id: d.code for d in session.exec(select(Department))}
    return [
        {
            "code": r.code,
            "chain": codes[r.chain_id],
            "enterprise": enterprises[r.enterprise_id],
            "factor_type": r.factor_type,
            "quantity": r.quantity,
            "unit": r.unit,
            "needed_by": r.needed_by,
            "department": departments[r.department_id],
            "state": r.state,
            "light": r.light,
        }
        for r in session.exec(query)
    ]
