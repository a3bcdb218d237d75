"""The append-only trail (留痕): one event per change, written beside the change itself."""

from datetime import datetime
from typing import Any

from sqlmodel import Session

from models import AuditEvent
from services.people import Actor


def audit(
    session: Session,
    *,
    actor: Actor,
    entity_type: str,
    entity_id: int | None,
    action: str,
    now: datetime,
    before: str | None = None,
    after: str | None = None,
    detail: dict[str, Any] | None = None,
) -> None:
    """Who did what to which item, when, from which value to which (never updated later)."""
    assert entity_id is not None, "audit an item once it has an id (flush first)"
    session.add(
        AuditEvent(
            at=now,
            actor=actor.label,
            entity_type=entity_type,
            entity_id=entity_id,
            action=action,
            from_value=before,
            to_value=after,
            detail=detail,
        )
    )
