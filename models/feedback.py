"""Feedback and complaints (意见与投诉) sent through the link every notice carries."""

from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from models.base import UTCDateTime, utcnow

FEEDBACK_TEXT_LENGTH = 2000  # a page of Chinese: room for a complaint, not for an attachment
FEEDBACK_NAME_LENGTH = 100
FEEDBACK_CONTACT_LENGTH = 254  # an email address at its longest; a phone number fits


class Feedback(SQLModel, table=True):
    """One message to the office: feedback (意见) or a complaint (投诉), perhaps about a notice.

    Anyone with the link may send one, signed in or not, so who sent it is what they typed
    (``name``, ``contact``: an email or a phone) plus the account when there was one.
    ``address`` is the client's address, kept for the hourly limit per address.
    """

    __tablename__ = "feedback"
    __table_args__ = (sa.Index("ix_feedback_address_submitted_at", "address", "submitted_at"),)

    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(max_length=16)  # mechanism.vocabulary.FeedbackKind
    text: str = Field(max_length=FEEDBACK_TEXT_LENGTH)
    name: str = Field(max_length=FEEDBACK_NAME_LENGTH)
    contact: str = Field(max_length=FEEDBACK_CONTACT_LENGTH)
    notice_id: int | None = Field(default=None, foreign_key="notice.id", index=True)
    user_id: int | None = Field(default=None, foreign_key="app_user.id")
    address: str = Field(max_length=64)
    submitted_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, index=True)
    handled_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    handled_by: str | None = Field(default=None, max_length=254)
