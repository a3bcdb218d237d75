"""Deliver the outbox: claim due rows, merge them into one digest per recipient, send, record.

Every attempt is a row written *before* the transport is called (healthchecks' rule), so a
crash mid-send leaves a trace; the claim is a lease with a fencing token (``claim``), renewed
before each message, so two dispatchers never send the same row, and a dispatcher that died
lets its rows go when the lease ends. Each message is recorded as sent as soon as the relay
accepts it, so a kill re-sends at most the message in flight — under the same Message-ID
(``compose``): exactly once in the database, at least once on the wire. Failures retry with
exponential backoff and end, visibly, as dead letters; so does a notice that cannot be put
into an email or handed to the transport, alone, while every other notice still goes out.
Nothing goes out outside the working-hours window of a working day: it waits for the next
morning.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from mechanism.vocabulary import OutboxState
from models import DeliveryAttempt, OutboxMessage, RecipientPreference
from notifications.message import OutgoingEmail
from notifications.transports import Transport, TransportError
from services.outbox.claim import Claimed, Lease
from services.outbox.compose import CannotRender, DispatchRules, compose

OUTBOX = OutboxMessage.__table__  # type: ignore[attr-defined]
ATTEMPT = DeliveryAttempt.__table__  # type: ignore[attr-defined]
PREFERENCE = RecipientPreference.__table__  # type: ignore[attr-defined]


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
    errors: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {**self.__dict__, "as_of": self.as_of.isoformat()}


@dataclass
class _Run:
    """One dispatch run: what it holds, where it sends, what it has done."""

    engine: sa.Engine
    lease: Lease
    transport: Transport
    rules: DispatchRules
    report: DispatchReport


def dispatch(
    *,
    engine: sa.Engine,
    now: datetime,
    transport: Transport,
    rules: DispatchRules,
    limit: int = 500,
) -> DispatchReport:
    """Send what is due at ``now`` (at most ``limit`` outbox rows), if the window is open."""
    report = DispatchReport(now, rules.open_at(now))
    if not report.open:
        return report
    run = _Run(engine, Lease(engine, now, rules.lease_seconds), transport, rules, report)
    claimed = run.lease.claim(limit)
    report.claimed = len(claimed)
    if not claimed:
        return report
    preferences = _preferences(engine, {c.email for c in claimed})
    by_recipient: dict[str, list[Claimed]] = defaultdict(list)
    for item in claimed:
        by_recipient[item.email].append(item)
    for email, items in by_recipient.items():
        locale, digest = preferences.get(email, (rules.default_locale, True))
        items.sort(key=lambda c: (-c.notice.level, c.notice.issued_at, c.outbox_id))
        for batch, message in _composed(_batches(items, digest), locale, now, rules):
            _deliver(run, batch, message, locale)
    return report


def _batches(items: list[Claimed], digest: bool) -> list[list[Claimed]]:
    """The emails for one recipient's rows: rows an earlier attempt already put into an email
    go together again (it may have reached the recipient; its resend must be the same
    message); the others as one digest, or one email each if the recipient wants no digest."""
    again: dict[str, list[Claimed]] = defaultdict(list)
    fresh: list[Claimed] = []
    for item in items:
        if item.message_id:
            again[item.message_id].append(item)
        else:
            fresh.append(item)
    batches = list(again.values())
    if fresh:
        batches.extend([fresh] if digest else [[item] for item in fresh])
    return batches


def _deliver(
    run: _Run, batch: list[Claimed], message: OutgoingEmail | TransportError, locale: str
) -> None:
    """Send one composed email, if this run still holds its rows; record what happened."""
    now = run.report.as_of
    if isinstance(message, TransportError):
        _record_failure(run, batch, message)
        return
    if not run.lease.renew(batch, message.message_id):
        run.lease.release(batch)  # another dispatcher took part of it and sends that part
        run.report.lost_lease += len(batch)
        return
    try:
        run.transport.send(message)
    except TransportError as error:
        _record_failure(run, batch, error)
    except Exception as error:  # any: the message never reached the relay; recorded below
        if len(batch) == 1:
            failure = TransportError(
                f"cannot hand to the transport: {type(error).__name__}: {error}", permanent=True
            )
            _record_failure(run, batch, failure)
            return
        # A digest the transport cannot take: each notice on its own, so only the bad one fails.
        for part, single in _composed([[item] for item in batch], locale, now, run.rules):
            _deliver(run, part, single, locale)
    else:
        _record_success(run.engine, batch, run.lease.clock())
        run.report.emails += 1
        run.report.sent += len(batch)


def _composed(
    batches: list[list[Claimed]], locale: str, now: datetime, rules: DispatchRules
) -> list[tuple[list[Claimed], OutgoingEmail | TransportError]]:
    """Each batch as its email — or, where a notice cannot be put into an email (its facts or
    a template are broken: a bug, not the relay's fault), a permanent failure for that notice
    alone: a digest that cannot be composed goes without it, so one bad notice never holds
    back the others, and the bad one becomes a dead letter that ``notices list --failed``
    shows with its error, instead of stopping every dispatch while its attempts climb."""
    composed: list[tuple[list[Claimed], OutgoingEmail | TransportError]] = []
    for batch in batches:
        try:
            composed.append((batch, compose(batch, locale, now, rules)))
            continue
        except Exception as error:  # any: it is recorded on the row below, never lost
            if len(batch) == 1:
                what = "cannot render" if isinstance(error, CannotRender) else "cannot compose"
                failure = TransportError(f"{what}: {error}", permanent=True)
                composed.append((batch, failure))
                continue
        # A digest: find the notices that cannot be composed; the rest still go as one digest.
        alone = _composed([[item] for item in batch], locale, now, rules)
        good = [part[0] for part, message in alone if not isinstance(message, TransportError)]
        composed.extend((part, m) for part, m in alone if isinstance(m, TransportError))
        if good:
            composed.extend(_composed([good], locale, now, rules))
    return composed


def _preferences(engine: sa.Engine, emails: set[str]) -> dict[str, tuple[str, bool]]:
    with engine.connect() as connection:
        rows = connection.execute(
            sa.select(PREFERENCE.c.email, PREFERENCE.c.locale, PREFERENCE.c.digest).where(
                PREFERENCE.c.email.in_(sorted(emails))
            )
        ).all()
    return {row.email: (row.locale, row.digest) for row in rows}


def _record_success(engine: sa.Engine, batch: list[Claimed], now: datetime) -> None:
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


def _record_failure(run: _Run, batch: list[Claimed], error: TransportError) -> None:
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
                values["next_attempt_at"] = now + rules.backoff(item.attempts)
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
