"""id → natural key maps, so rows that refer to others can be shown by code, email or name."""

from typing import Any

from sqlmodel import Session, col, select

from models import Chain, Department, Enterprise, KeyProject, MapNode, MapSegment, Person


class UnknownChain(LookupError):
    """A chain code that is not in the database; the message lists the codes that are."""


def chain_by_code(session: Session, code: str) -> Chain:
    """The chain with ``code``, or UnknownChain naming the known codes (a typo is easy to see)."""
    chain = session.exec(select(Chain).where(Chain.code == code)).first()
    if chain is None or chain.id is None:
        known = ", ".join(sorted(session.exec(select(Chain.code)).all())) or "none yet"
        raise UnknownChain(f"no chain {code!r} (known: {known})")
    return chain


def chain_node(session: Session, chain_id: int, name: str | None) -> MapNode | None:
    """The node of the chain's map called ``name`` (trimmed; blank or unknown: None)."""
    wanted = (name or "").strip()
    if not wanted:
        return None
    return session.exec(
        select(MapNode)
        .join(MapSegment, col(MapSegment.id) == MapNode.segment_id)
        .where(MapSegment.chain_id == chain_id, MapNode.name == wanted)
        .order_by(col(MapNode.id))
    ).first()


def chain_nodes(session: Session, chain_id: int) -> list[tuple[str, str]]:
    """The chain map's nodes (name, status) in map order, for the forms that name a node."""
    return [
        (name, status)
        for name, status in session.exec(
            select(MapNode.name, MapNode.status)
            .join(MapSegment, col(MapSegment.id) == MapNode.segment_id)
            .where(MapSegment.chain_id == chain_id)
            .order_by(col(MapSegment.position), col(MapSegment.id), col(MapNode.id))
        )
    ]


class NaturalKeys:
    """Loaded once per use case: cities have hundreds of such rows, not millions."""

    def __init__(self, session: Session) -> None:
        self.department = {d.id: d.code for d in session.exec(select(Department))}
        self.person = {p.id: p.email for p in session.exec(select(Person))}
        self.chain = {c.id: c.code for c in session.exec(select(Chain))}
        enterprises = session.exec(select(Enterprise)).all()
        self.enterprise = {e.id: e.credit_code for e in enterprises}
        self.enterprise_name = {e.id: e.name for e in enterprises}
        self.project = {p.id: p.code for p in session.exec(select(KeyProject))}


def chain_ref(chain: Chain) -> dict[str, Any]:
    """A chain as rows that refer to it show it: its code and both names."""
    return {"code": chain.code, "name_zh": chain.name_zh, "name_en": chain.name_en}
