"""Every reply read from the progress mailbox, by its Message-ID: none is applied twice."""

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from models.base import UTCDateTime, utcnow


class ReplyMessage(SQLModel, table=True):
    """One mail read from the IMAP mailbox, and what became of it.

    Written in the same transaction as the progress report it made, so a reply whose filing
    into the done folder failed is found here on the next run and not applied again.
    ``answer`` keeps what the confirmation or refusal says, so an answer that could not be sent
    can be sent on a later run without reading the task again.
    """

    __tablename__ = "reply_message"

    id: int | None = Field(default=None, primary_key=True)
    # The Message-ID header as written (<…@…>), or "sha256:…" of the mail when it has none.
    message_id: str = Field(unique=True, max_length=255)
    from_email: str = Field(max_length=254)
    received_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    # applied | refused | ignored (an auto-reply: neither applied nor answered)
    outcome: str = Field(max_length=16)
    reason: str | None = Field(default=None, max_length=32)  # why refused or ignored
    task_id: int | None = Field(default=None, foreign_key="task.id", index=True)
    outbox_id: int | None = Field(default=None, foreign_key="outbox_message.id")
    progress: int | None = None
    answer: dict[str, Any] | None = Field(default=None, sa_type=sa.JSON)
    answered_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
