"""The office's list of feedback and complaints, newest first, and its "handled" mark.

Only the office reads them: a complaint may be about anyone else who uses chainops.
"""

from datetime import datetime
from typing import Any

from sqlmodel import Session, col, func, select

from models import Feedback, Notice, User
from services.audit import audit
from services.people import Actor, NotAllowed, Viewer


class NoSuchFeedback(LookupError):
    """No feedback with that id."""


def check_office(viewer: Viewer) -> None:
    """Feedback is the office's to read and handle; anyone else is refused."""
    if not viewer.is_office:
        raise NotAllowed(f"{viewer.username} may not read feedback: the city chain office does")


def list_feedback(
    *, session: Session, unhandled_only: bool = False, limit: int | None = None
) -> list[dict[str, Any]]:
    """Every message (or only those not yet handled), newest first, with the notice it is
    about (id, number, kind) and the account it was sent from."""
    query = (
        select(Feedback, Notice.number, Notice.kind, User.username)
        .outerjoin(Notice, col(Notice.id) == col(Feedback.notice_id))
        .outerjoin(User, col(User.id) == col(Feedback.user_id))
        .order_by(col(Feedback.submitted_at).desc(), col(Feedback.id).desc())
    )
    if unhandled_only:
        query = query.where(col(Feedback.handled_at).is_(None))
    if limit is not None:
        query = query.limit(limit)
    return [
        {
            "id": row.id,
            "kind": row.kind,
            "text": row.text,
            "name": row.name,
            "contact": row.contact,
            "notice_id": row.notice_id,
            "notice_number": number,
            "notice_kind": kind,
            "account": username,
            "submitted_at": row.submitted_at,
            "handled": row.handled_at is not None,
            "handled_at": row.handled_at,
            "handled_by": row.handled_by,
        }
        for row, number, kind, username in session.exec(query).all()
    ]


def unhandled_feedback(session: Session, *, limit: int) -> tuple[list[dict[str, Any]], int]:
    """The newest ``limit`` messages not yet handled, and how many there are in all (the
    office's to-do)."""
    total = session.exec(
        select(func.count()).select_from(Feedback).where(col(Feedback.handled_at).is_(None))
    ).one()
    return list_feedback(session=session, unhandled_only=True, limit=limit), total


def mark_handled(*, session: Session, feedback_id: int, actor: Actor, now: datetime) -> Feedback:
    """The office has dealt with this message; marking it again changes nothing."""
    row = session.get(Feedback, feedback_id)
    if row is None:
        raise NoSuchFeedback(f"there is no feedback {feedback_id}")
    if row.handled_at is None:
        row.handled_at, row.handled_by = now, actor.label
        session.add(row)
        session.flush()
        audit(session, actor=actor, entity_type="feedback", entity_id=row.id,
              action="handled", now=now)  # fmt: skip
    return row
