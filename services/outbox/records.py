"""What one dispatch run holds and reports, and how it records each delivery's outcome."""

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa

from mechanism.vocabulary import OutboxState
from models import DeliveryAttempt, OutboxMessage
from notifications.transports import Transport, TransportError
from services.outbox.claim import Claimed, Lease
from services.outbox.compose import DispatchRules

OUTBOX = OutboxMessage.__table__  # type: ignore[attr-defined]
ATTEMPT = DeliveryAttempt.__table__  # type: ignore[attr-defined]


@dataclass
class DispatchReport:
    as_of: datetime
    open: bool
    claimed: int = 0
    emails: int = 0
    sent: int = 0
    retrying: int = 0
    dead: int = 0
    # Deliveries left to another dispatcher that took them once this run's lease ran out.
    lost_lease: int = 0
    unknown: int = 0  # SMS whose answer was lost: not re-sent, the office decides
    waiting: int = 0  # held back to the next working morning by a daily cap
    errors: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {**self.__dict__, "as_of": self.as_of.isoformat()}


@dataclass
class Run:
    """One dispatch run: what it holds, where it sends, what it has done."""

    engine: sa.Engine
    lease: Lease
    transport: Transport
    rules: DispatchRules
    report: DispatchReport


def record_success(engine: sa.Engine, batch: list[Claimed], now: datetime) -> None:
    """The relay accepted the message: its rows are sent, whoever holds them now."""
    with engine.begin() as connection:
        connection.execute(
            OUTBOX.update()
            .where(OUTBOX.c.id.in_([c.outbox_id for c in batch]))
            .values(
                state=OutboxState.SENT.value,
                sent_at=now,
                lease_until=None,
                lease_token=None,
                last_error=None,
            )
        )
        connection.execute(
            ATTEMPT.update()
            .where(ATTEMPT.c.id.in_([c.attempt_id for c in batch]))
            .values(finished_at=now, ok=True)
        )


def record_failure(run: Run, batch: list[Claimed], error: TransportError) -> None:
    """Retry later with backoff; a permanent refusal, or the last attempt, is a dead letter."""
    now, rules, report = run.report.as_of, run.rules, run.report
    report.errors.append(str(error))
    with run.engine.begin() as connection:
        for item in batch:
            dead = error.permanent or item.attempts >= rules.max_attempts
            values: dict[str, Any] = {
                "lease_until": None,
                "lease_token": None,
                "last_error": str(error)[:500],
            }
            if dead:
                values["state"] = OutboxState.DEAD.value
                report.dead += 1
            else:
                # A vendor that asked for a pause (a robot over its limit) gets at least that.
                pause = timedelta(seconds=error.retry_after or 0)
                values["next_attempt_at"] = now + max(rules.backoff(item.attempts), pause)
                report.retrying += 1
            connection.execute(
                OUTBOX.update()
                .where(OUTBOX.c.id == item.outbox_id, OUTBOX.c.lease_token == run.lease.token)
                .values(**values)
            )
            connection.execute(
                ATTEMPT.update()
                .where(ATTEMPT.c.id == item.attempt_id)
                .values(
                    finished_at=now, ok=False, permanent=error.permanent, error=str(error)[:500]
                )
            )
