"""A dispatch run's hold on outbox rows: claimed under a lease with a fencing token, renewed
before every send, released when it cannot send what it holds.

A lease alone is not enough: a dispatcher held up past its lease (a relay taking seconds per
message) would go on sending rows that a second dispatcher has claimed since. So each run
claims with a token of its own, and before each message it renews the lease of exactly that
message's rows with an update conditional on the token — the fencing check. If another run
took any of them, the update finds fewer rows, and this run sends nothing of that message.
A send lasts far less than a lease (the SMTP time-out is 30 s, a lease 10 minutes), so a row
is never sent by two runs.

The run's clock is its ``now`` moved on by the time it has spent, so a run dispatching "as of"
a given time (the CLI's ``--as-of``, the demo's replay) renews leases in that time's frame.
"""

import time
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa

from mechanism.vocabulary import OutboxState
from models import DeliveryAttempt, Notice, OutboxMessage
from models.base import UTCDateTime
from models.db import IMMEDIATE

OUTBOX = OutboxMessage.__table__  # type: ignore[attr-defined]
NOTICE = Notice.__table__  # type: ignore[attr-defined]
ATTEMPT = DeliveryAttempt.__table__  # type: ignore[attr-defined]
PENDING = OutboxState.PENDING.value


@dataclass(frozen=True)
class Claimed:
    outbox_id: int
    attempt_id: int
    attempts: int
    email: str
    name: str | None
    role: str
    notice: Any  # the notice row
    # The Message-ID of the email this row went into on an earlier attempt, if any: the same
    # rows go together again under it.
    message_id: str | None = None
    channel: str = "email"  # or "robot", "sms" (services.outbox.channels)


class Lease:
    """The rows one dispatch run holds, and its right to send them."""

    def __init__(self, engine: sa.Engine, now: datetime, seconds: int) -> None:
        self.engine = engine
        self.now = now
        self.seconds = seconds
        self.token = uuid.uuid4().hex
        self._started = time.monotonic()

    def clock(self) -> datetime:
        """The run's time: its ``now`` plus what it has spent so far."""
        return self.now + timedelta(seconds=time.monotonic() - self._started)

    def claim(self, limit: int) -> list[Claimed]:
        """Lease due rows with a conditional update and write their attempts before any send."""
        now = self.now
        due = (
            sa.select(
                OUTBOX,
                NOTICE.c.kind,
                NOTICE.c.level,
                NOTICE.c.number,
                NOTICE.c.facts,
                NOTICE.c.issued_at,
                NOTICE.c.id.label("notice_pk"),
            )
            .join(NOTICE, NOTICE.c.id == OUTBOX.c.notice_id)
            .where(
                OUTBOX.c.state == PENDING,
                OUTBOX.c.next_attempt_at <= now,
                sa.or_(OUTBOX.c.lease_until.is_(None), OUTBOX.c.lease_until <= now),
            )
            .order_by(OUTBOX.c.next_attempt_at, OUTBOX.c.id)
            .limit(limit)
        )
        take = (
            OUTBOX.update()
            .where(
                OUTBOX.c.id == sa.bindparam("b_id"),
                OUTBOX.c.state == PENDING,
                sa.or_(
                    OUTBOX.c.lease_until.is_(None),
                    OUTBOX.c.lease_until <= sa.bindparam("b_now", type_=UTCDateTime()),
                ),
            )
            .values(
                lease_until=sa.bindparam("lease", type_=UTCDateTime()),
                lease_token=self.token,
                attempts=OUTBOX.c.attempts + 1,
            )
        )
        lease_until = now + timedelta(seconds=self.seconds)
        claimed = []
        with self.engine.connect().execution_options(**IMMEDIATE) as connection, connection.begin():
            if connection.dialect.name == "postgresql":
                due = due.with_for_update(of=OUTBOX, skip_locked=True)
            for row in connection.execute(due).all():
                won = connection.execute(take, {"b_id": row.id, "b_now": now, "lease": lease_until})
                if won.rowcount != 1:
                    continue  # another dispatcher took it between our read and our update
                attempt_id = connection.execute(
                    ATTEMPT.insert()
                    .values(outbox_id=row.id, started_at=now)
                    .returning(ATTEMPT.c.id)
                ).scalar_one()
                claimed.append(
                    Claimed(
                        row.id,
                        attempt_id,
                        row.attempts + 1,
                        row.recipient_email,
                        row.recipient_name,
                        row.recipient_role,
                        row,
                        row.message_id,
                        row.channel,
                    )
                )
        return claimed

    def renew(self, batch: list[Claimed], message_id: str) -> bool:
        """Before sending ``batch`` as ``message_id``: extend the lease of its rows and fix
        their Message-ID, where this run still holds them. True when it holds all of them."""
        ids = [item.outbox_id for item in batch]
        with self.engine.begin() as connection:
            renewed = connection.execute(
                OUTBOX.update()
                .where(
                    OUTBOX.c.id.in_(ids),
                    OUTBOX.c.lease_token == self.token,
                    OUTBOX.c.state == PENDING,
                )
                .values(
                    lease_until=self.clock() + timedelta(seconds=self.seconds),
                    message_id=message_id,
                )
            )
        return renewed.rowcount == len(ids)

    def release(self, batch: list[Claimed]) -> None:
        """Let go of the rows of a message this run cannot send whole (another run took part
        of it): they are free for the next run at once, and this try does not count."""
        with self.engine.begin() as connection:
            connection.execute(
                OUTBOX.update()
                .where(
                    OUTBOX.c.id.in_([item.outbox_id for item in batch]),
                    OUTBOX.c.lease_token == self.token,
                )
                .values(lease_until=None, lease_token=None, attempts=OUTBOX.c.attempts - 1)
            )
            connection.execute(
                ATTEMPT.update()
                .where(ATTEMPT.c.id.in_([item.attempt_id for item in batch]))
                .values(
                    finished_at=self.clock(),
                    ok=False,
                    error="not sent: another dispatcher holds part of this message",
                )
            )
