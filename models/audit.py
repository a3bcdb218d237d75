"""The append-only trail (留痕) of every state change."""

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from models.base import UTCDateTime, utcnow


class AuditEvent(SQLModel, table=True):
    """Who changed what, when, from which value to which. Never updated, never deleted."""

    __tablename__ = "audit_event"
    __table_args__ = (sa.Index("ix_audit_event_entity", "entity_type", "entity_id"),)

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, index=True)
    actor: str = Field(max_length=254)
    entity_type: str = Field(max_length=32)
    entity_id: int
    action: str = Field(max_length=32)
    from_value: str | None = None
    to_value: str | None = None
    detail: dict[str, Any] | None = Field(default=None, sa_type=sa.JSON)
