"""One chain for the JSON API: the chain if the viewer reads it, with its roster, its map
(segments and nodes), its N lists and its enterprises. Rows are plain dicts with stable English
keys: add keys, never rename them."""

from typing import Any

from sqlmodel import Session, col, select

from mechanism.vocabulary import ListType
from models import (
    Chain,
    Department,
    Enterprise,
    EnterpriseMembership,
    ListItem,
    MapNode,
    MapSegment,
    Person,
    RosterEntry,
)
from services.lookups import chain_ref
from services.people import NotVisible, Viewer

Row = dict[str, Any]


def visible_chain(session: Session, viewer: Viewer, code: str) -> Chain:
    chain = session.exec(select(Chain).where(Chain.code == code)).first()
    if chain is None or chain.id is None or not viewer.reads_chain(chain.id):
        raise NotVisible(f"no chain {code!r}")
    return chain


def chain_detail(*, session: Session, chain: Chain) -> Row:
    """The chain's roster, its map (segments and nodes), its N lists and its enterprises."""
    people = {p.id: p for p in session.exec(select(Person))}
    departments = {d.id: d for d in session.exec(select(Department))}
    roster = []
    for entry in session.exec(
        select(RosterEntry).where(RosterEntry.chain_id == chain.id).order_by(col(RosterEntry.id))
    ):
        person = people.get(entry.person_id)
        department = departments.get(entry.department_id) or (
            departments.get(person.department_id) if person else None
        )
        roster.append(
            {
                "role": entry.role,
                "name": person.name if person else (department.name_zh if department else ""),
                "email": person.email if person else None,
                "department": department.code if department else None,
            }
        )
    return {
        **chain_ref(chain),
        "roster": roster,
        "map": _map(session, chain),
        "lists": _lists(session, chain),
        "enterprises": _enterprises(session, chain),
    }


def _map(session: Session, chain: Chain) -> list[Row]:
    segments = session.exec(
        select(MapSegment)
        .where(MapSegment.chain_id == chain.id)
        .order_by(col(MapSegment.position), col(MapSegment.id))
    ).all()
    nodes: dict[int, list[Row]] = {}
    for node in session.exec(
        select(MapNode)
        .where(col(MapNode.segment_id).in_([s.id for s in segments]))
        .order_by(col(MapNode.id))
    ):
        nodes.setdefault(node.segment_id, []).append(
            {"name": node.name, "status": node.status, "note": node.note}
        )
    return [{"stage": s.stage, "name": s.name, "nodes": nodes.get(s.id or 0, [])} for s in segments]


def _lists(session: Session, chain: Chain) -> dict[str, list[Row]]:
    """Every list type, empty ones too (an empty list is itself a finding)."""
    lists: dict[str, list[Row]] = {t.value: [] for t in ListType}
    for item, firm in session.exec(
        select(ListItem, Enterprise.name)
        .outerjoin(Enterprise, col(Enterprise.id) == ListItem.enterprise_id)
        .where(ListItem.chain_id == chain.id)
        .order_by(col(ListItem.id))
    ):
        lists.setdefault(item.list_type, []).append(
            {"id": item.id, "title": item.title, "detail": item.detail, "enterprise": firm}
        )
    return lists


def _enterprises(session: Session, chain: Chain) -> list[Row]:
    return [
        {"credit_code": firm.credit_code, "name": firm.name, "role": m.role}
        for m, firm in session.exec(
            select(EnterpriseMembership, Enterprise)
            .join(Enterprise, col(Enterprise.id) == EnterpriseMembership.enterprise_id)
            .where(EnterpriseMembership.chain_id == chain.id)
            .order_by(col(EnterpriseMembership.id))
        )
    ]
