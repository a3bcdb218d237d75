"""Rows for the list commands and pages: plain dicts with stable keys, ready for JSON.

Keys are contracts (offices script against ``--json`` output): add keys, never rename them.
"""

from typing import Any

from sqlmodel import Session, col, select

from models import (
    Department,
    Enterprise,
    EnterpriseMembership,
    Notice,
    OutboxMessage,
    Person,
)
from services.lookups import NaturalKeys, chain_by_code

Row = dict[str, Any]


def _chain_id(session: Session, code: str | None) -> int | None:
    if code is None:
        return None
    return chain_by_code(session, code).id


def list_departments(*, session: Session) -> list[Row]:
    return [
        {"code": d.code, "name_zh": d.name_zh, "name_en": d.name_en, "email": d.email}
        for d in session.exec(select(Department).order_by(col(Department.code)))
    ]


def list_people(*, session: Session) -> list[Row]:
    keys = NaturalKeys(session)
    return [
        {
            "email": p.email,
            "name": p.name,
            "department": keys.department.get(p.department_id),
            "title": p.title,
            "mobile": p.mobile,
        }
        for p in session.exec(select(Person).order_by(col(Person.email)))
    ]


def list_enterprises(*, session: Session, chain: str | None = None) -> list[Row]:
    """Enterprises with the chains they belong to (``chain`` keeps only that chain's)."""
    chain_id = _chain_id(session, chain)
    keys = NaturalKeys(session)
    roles: dict[int, list[Row]] = {}
    for m in session.exec(select(EnterpriseMembership).order_by(col(EnterpriseMembership.id))):
        roles.setdefault(m.enterprise_id, []).append(
            {"chain": keys.chain[m.chain_id], "role": m.role}
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


def list_notices(
    *, session: Session, chain: str | None = None, kind: str | None = None
) -> list[Row]:
    """Notices, newest first, each with its recipients and their delivery state."""
    query = select(Notice).order_by(col(Notice.issued_at).desc(), col(Notice.id).desc())
    chain_id = _chain_id(session, chain)
    if chain_id is not None:
        query = query.where(Notice.chain_id == chain_id)
    if kind is not None:
        query = query.where(Notice.kind == kind)
    notices = list(session.exec(query))
    keys = NaturalKeys(session)
    recipients: dict[int, list[Row]] = {}
    ids = [n.id for n in notices]
    if ids:
        outbox = select(OutboxMessage).where(col(OutboxMessage.notice_id).in_(ids))
        for message in session.exec(outbox.order_by(col(OutboxMessage.id))):
            recipients.setdefault(message.notice_id, []).append(
                {
                    "email": message.recipient_email,
                    "name": message.recipient_name,
                    "role": message.recipient_role,
                    "state": message.state,
                }
            )
    return [
        {
            "id": n.id,
            "number": n.number,
            "kind": n.kind,
            "level": n.level,
            "chain": keys.chain.get(n.chain_id),
            "subject": f"{n.subject_type} {n.subject_id}",
            "title": (
                n.facts.get("title")
                or n.facts.get("name")
                or n.facts.get("code")
                or n.facts.get("scope_name")  # a monthly bulletin: the chain, or the city
            ),
            "reason": n.facts.get("reason"),
            "facts": n.facts,
            "issued_at": n.issued_at,
            "recipients": recipients.get(n.id or 0, []),
        }
        for n in notices
    ]
