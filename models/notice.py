"""Numbered notices, one outbox row per recipient, and every delivery attempt."""

from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from models.base import UTCDateTime, utcnow


class Notice(SQLModel, table=True):
    """A decision of the ladder (or another rule) that people must hear about.

    ``facts`` holds what the templates need, frozen at the moment of the decision, so the
    notice says what was true when it was issued. ``key`` (subject, level, day) is unique: a
    sweep that runs twice cannot issue it twice. Formal kinds get a number such as
    聊链督〔2026〕12号 per chain, kind and year.
    """

    __tablename__ = "notice"
    __table_args__ = (sa.UniqueConstraint("chain_id", "kind", "year", "seq"),)

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(unique=True, max_length=120)
    kind: str = Field(max_length=16)
    level: int
    chain_id: int | None = Field(default=None, foreign_key="chain.id", index=True)
    subject_type: str = Field(max_length=32)
    subject_id: int
    year: int
    seq: int | None = None
    number: str | None = Field(default=None, unique=True, max_length=64)
    facts: dict[str, Any] = Field(sa_type=sa.JSON)
    # Indexed: the monthly rollup reads one month of notices out of years of them.
    issued_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, index=True)


class OutboxMessage(SQLModel, table=True):
    """One notice to one recipient, written before any delivery is tried.

    ``dedupe_key`` (item, level, recipient, day) is unique, so a sweep that runs twice cannot
    queue the same message twice.
    """

    __tablename__ = "outbox_message"
    __table_args__ = (
        sa.Index("ix_outbox_message_due", "state", "next_attempt_at"),
        # A person's (or their department's) notices, as the to-do and the notices page ask
        # for them: by address, whatever its case.
        sa.Index("ix_outbox_message_recipient", sa.text("lower(recipient_email)")),
    )

    id: int | None = Field(default=None, primary_key=True)
    notice_id: int = Field(foreign_key="notice.id", index=True)
    recipient_email: str = Field(max_length=254)
    recipient_name: str | None = None
    recipient_role: str = Field(max_length=32)
    # How it travels: "email" (recipient_email is the address), "robot" (recipient_email is
    # "robot:<channel name>", a chain's group robot) or "sms" (to the mobile of the person
    # whose address recipient_email is).
    channel: str = Field(
        default="email", max_length=16, sa_column_kwargs={"server_default": "email"}
    )
    dedupe_key: str = Field(unique=True, max_length=200)
    state: str = Field(default="pending", max_length=16)
    attempts: int = 0
    next_attempt_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    lease_until: datetime | None = Field(
        default=None, sa_type=UTCDateTime, description="Claimed by a dispatcher until then"
    )
    # The claiming run's fencing token: a dispatcher sends a row only while the row still
    # carries its token, so one whose lease ran out cannot send what another now holds.
    lease_token: str | None = Field(default=None, max_length=32)
    # The Message-ID of the email this row was put into, fixed before the first send: every
    # later attempt sends the same rows together under the same Message-ID, so a duplicate
    # after a crash is one a mail client collapses.
    message_id: str | None = Field(default=None, max_length=200)
    sent_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    last_error: str | None = None
    acknowledged_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class DeliveryAttempt(SQLModel, table=True):
    """A try at delivering an outbox row, recorded before the transport is called."""

    __tablename__ = "delivery_attempt"

    id: int | None = Field(default=None, primary_key=True)
    outbox_id: int = Field(foreign_key="outbox_message.id", index=True)
    started_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    finished_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    ok: bool | None = None
    permanent: bool = False
    error: str | None = None


class NoticeCounter(SQLModel, table=True):
    """The last number issued per chain, kind and year (…〔2026〕12号).

    Numbers are reserved with one atomic upsert, so parallel sweeps never issue a number twice.
    """

    __tablename__ = "notice_counter"

    chain_id: int = Field(foreign_key="chain.id", primary_key=True)
    kind: str = Field(max_length=16, primary_key=True)
    year: int = Field(primary_key=True)
    last_seq: int = 0


class RecipientPreference(SQLModel, table=True):
    """How one address wants its notices: language, one digest per run or one per notice, and
    which channels besides email it allows (email always goes: it is the record). A channel
    the person allows is used only where the office has configured it."""

    __tablename__ = "recipient_preference"

    id: int | None = Field(default=None, primary_key=True)
    email: str = Field(unique=True, max_length=254)
    locale: str = Field(default="zh-CN", max_length=8)
    digest: bool = True
    robot_mentions: bool = Field(default=True, sa_column_kwargs={"server_default": sa.true()})
    sms: bool = Field(default=True, sa_column_kwargs={"server_default": sa.true()})
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class ChannelMention(SQLModel, table=True):
    """A person @-mentioned by a group robot on a day: the daily cap counts these."""

    __tablename__ = "channel_mention"
    __table_args__ = (sa.Index("ix_channel_mention_mobile_day", "mobile", "day"),)

    id: int | None = Field(default=None, primary_key=True)
    mobile: str = Field(max_length=16)
    day: date
    outbox_id: int = Field(foreign_key="outbox_message.id")


class ChannelBucket(SQLModel, table=True):
    """A group robot's rate limit (mechanism.token_bucket): when its recent posts went, so
    every dispatcher, in any process, keeps it under the vendor's 20 a minute."""

    __tablename__ = "channel_bucket"

    name: str = Field(primary_key=True, max_length=64)  # the channel's name
    spent: list[str] = Field(default_factory=list, sa_type=sa.JSON)  # ISO instants, oldest first
