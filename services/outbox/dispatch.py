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
from datetime import datetime

import sqlalchemy as sa

from models import RecipientPreference
from notifications.message import OutgoingEmail
from notifications.transports import Transport, TransportError
from services.outbox.channels import Channels, deliver_robots, deliver_sms
from services.outbox.claim import Claimed, Lease
from services.outbox.compose import CannotRender, DispatchRules, compose
from services.outbox.records import DispatchReport, Run, record_failure, record_success

PREFERENCE = RecipientPreference.__table__  # type: ignore[attr-defined]


def dispatch(
    *,
    engine: sa.Engine,
    now: datetime,
    transport: Transport,
    rules: DispatchRules,
    limit: int = 500,
    channels: Channels | None = None,
) -> DispatchReport:
    """Send what is due at ``now`` (at most ``limit`` outbox rows), if the window is open:
    emails by ``transport``, robot and SMS rows by ``channels`` (none configured: such rows
    are dead letters saying so)."""
    report = DispatchReport(now, rules.open_at(now))
    if not report.open:
        return report
    run = Run(engine, Lease(engine, now, rules.lease_seconds), transport, rules, report)
    everything = run.lease.claim(limit)
    report.claimed = len(everything)
    if not everything:
        return report
    claimed = [item for item in everything if item.channel == "email"]
    others = channels or Channels()
    deliver_robots(run, [item for item in everything if item.channel == "robot"], others)
    deliver_sms(run, [item for item in everything if item.channel == "sms"], others)
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
    run: Run, batch: list[Claimed], message: OutgoingEmail | TransportError, locale: str
) -> None:
    """Send one composed email, if this run still holds its rows; record what happened."""
    now = run.report.as_of
    if isinstance(message, TransportError):
        record_failure(run, batch, message)
        return
    if not run.lease.renew(batch, message.message_id):
        run.lease.release(batch)  # another dispatcher took part of it and sends that part
        run.report.lost_lease += len(batch)
        return
    try:
        run.transport.send(message)
    except TransportError as error:
        record_failure(run, batch, error)
    except Exception as error:  # any: the message never reached the relay; recorded below
        if len(batch) == 1:
            failure = TransportError(
                f"cannot hand to the transport: {type(error).__name__}: {error}", permanent=True
            )
            record_failure(run, batch, failure)
            return
        # A digest the transport cannot take: each notice on its own, so only the bad one fails.
        for part, single in _composed([[item] for item in batch], locale, now, run.rules):
            _deliver(run, part, single, locale)
    else:
        record_success(run.engine, batch, run.lease.clock())
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
