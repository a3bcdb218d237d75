"""How each channel besides email is doing, for the office: its last success, its last error
and how many messages it delivered today — read from the outbox rows themselves, so there is
no second record to keep in step."""

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Session

from mechanism.vocabulary import OutboxState
from models import OutboxMessage

OUTBOX = OutboxMessage.__table__  # type: ignore[attr-defined]


@dataclass(frozen=True)
class ChannelStatus:
    channel: str  # "robot:<name>" or "sms"
    kind: str  # "robot" or "sms"
    last_success: datetime | None
    last_error: str | None
    today: int  # delivered since the start of the office's day
    pending: int


def channel_status(*, session: Session, day_start: datetime) -> list[ChannelStatus]:
    """Every robot and the SMS channel that ever had an outbox row, by name."""
    address = sa.case(
        (OUTBOX.c.channel == "sms", sa.literal("sms")), else_=OUTBOX.c.recipient_email
    ).label("address")
    sent = OUTBOX.c.state == OutboxState.SENT.value
    rows = session.connection().execute(
        sa.select(
            address,
            OUTBOX.c.channel,
            sa.func.max(sa.case((sent, OUTBOX.c.sent_at))).label("last_success"),
            sa.func.count(sa.case((sa.and_(sent, OUTBOX.c.sent_at >= day_start), 1))).label(
                "today"
            ),
            sa.func.count(sa.case((OUTBOX.c.state == OutboxState.PENDING.value, 1))).label(
                "pending"
            ),
            sa.func.max(OUTBOX.c.id).label("newest"),
        )
        .where(OUTBOX.c.channel != "email")
        .group_by(address, OUTBOX.c.channel)
        .order_by(address)
    ).all()
    return [
        ChannelStatus(
            row.address,
            row.channel,
            row.last_success,
            _last_error(session, row.channel, row.address),
            int(row.today),
            int(row.pending),
        )
        for row in rows
    ]


def _last_error(session: Session, channel: str, address: str) -> str | None:
    """The newest error the channel reported (a row that failed, or is waiting to retry)."""
    query = (
        sa.select(OUTBOX.c.last_error)
        .where(OUTBOX.c.channel == channel, OUTBOX.c.last_error.is_not(None))
        .order_by(OUTBOX.c.id.desc())
        .limit(1)
    )
    if channel != "sms":
        query = query.where(OUTBOX.c.recipient_email == address)
    value = session.connection().execute(query).scalar()
    return str(value) if value is not None else None
