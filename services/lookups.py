"""id → natural key maps, so rows that refer to others can be shown by code, email or name."""

from typing import Any

from sqlmodel import Session, select

from models import Chain, Department, Enterprise, KeyProject, Person


class UnknownChain(LookupError):
    """A chain code that is not in the database; the message lists the codes that are."""


def chain_by_code(session: Session, code: str) -> Chain:
    """The chain with ``code``, or UnknownChain naming the known codes (a typo is easy to see)."""
    chain = session.exec(select(Chain).where(Chain.code == code)).first()
    if chain is None or chain.id is None:
        known = ", ".join(sorted(session.exec(select(Chain.code)).all())) or "none yet"
        raise UnknownChain(f"no chain {code!r} (known: {known})")
    return chain


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
