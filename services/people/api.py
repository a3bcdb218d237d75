"""The viewer as the JSON API describes them: who they are, which chains they read and run,
and which enterprise a firm's account speaks for."""

from typing import Any

from sqlmodel import Session, col, select

from models import Chain, Department, Enterprise
from services.lookups import chain_ref
from services.people.access import Viewer

Row = dict[str, Any]


def readable_chains(*, session: Session, viewer: Viewer) -> list[Chain]:
    """The chains the viewer reads, in the city's order."""
    chains = session.exec(select(Chain).order_by(col(Chain.position), col(Chain.code))).all()
    return [c for c in chains if c.id is not None and viewer.reads_chain(c.id)]


def viewer_summary(*, session: Session, viewer: Viewer) -> Row:
    """Who the viewer is and which chains they read and run (running one implies reading it)."""
    chains = readable_chains(session=session, viewer=viewer)
    department = session.get(Department, viewer.department_id) if viewer.department_id else None
    firm = session.get(Enterprise, viewer.enterprise_id) if viewer.enterprise_id else None
    return {
        "username": viewer.username,
        "persona": viewer.persona,
        "office": viewer.is_office,
        "chief": viewer.chief,
        "department": department.code if department else None,
        "enterprise": firm.name if firm else None,
        "credit_code": firm.credit_code if firm else None,
        "chains_read": [chain_ref(c) for c in chains],
        "chains_run": [chain_ref(c) for c in chains if viewer.runs_chain(c.id or 0)],
    }


def own_credit_code(*, session: Session, viewer: Viewer) -> str | None:
    """The credit code of the enterprise a firm's account speaks for (None for officials)."""
    firm = session.get(Enterprise, viewer.enterprise_id) if viewer.enterprise_id else None
    return firm.credit_code if firm else None
