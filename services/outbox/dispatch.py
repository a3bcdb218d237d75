"""Deliver the outbox: claim due rows, merge them into one digest per recipient, send, record.

Every attempt is a row written *before* the transport is called (healthchecks' rule), so a
crash mid-send leaves a trace; the claim is a lease taken with a conditional update, so two
dispatchers never take the same row, and a dispatcher that died lets its rows go when the
lease ends. Failures retry with exponential backoff and end, visibly, as dead letters. Nothing
goes out outside the working-hours window of a working day: it waits for the next morning.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from email.utils import make_msgid
from typing import Any
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from mechanism.vocabulary import HANDOVER, OutboxState
from mechanism.workdays import Workdays
from models import DeliveryAttempt, Notice, OutboxMessage, RecipientPreference
from models.base import UTCDateTime
from models.db import IMMEDIATE
from notifications.calendar_file import deadline_event
from notifications.links import ack_url, sign_ack
from notifications.message import Attachment, OutgoingEmail, bare_file_name
from notifications.render import Rendered, kind_label, render, render_digest
from notifications.transports import Transport, TransportError

OUTBOX = OutboxMessage.__table__  # type: ignore[attr-defined]
NOTICE = Notice.__table__  # type: ignore[attr-defined]
ATTEMPT = DeliveryAttempt.__table__  # type: ignore[attr-defined]
PREFERENCE = RecipientPreference.__table__  # type: ignore[attr-defined]


@dataclass(frozen=True)
class DispatchRules:
    zone: ZoneInfo
    calendar: Workdays
    window: tuple[time, time]
    sender: str
    sender_name: str | None
    office_name: str
    secret: str
    base_url: str
    default_locale: str = "zh-CN"
    max_attempts: int = 6
    retry_base_seconds: int = 60
    lease_seconds: int = 600
    ack_valid_days: int = 14

    def open_at(self, now: datetime) -> bool:
        """Whether mail may go out at ``now``: a working day, inside the window."""
        local = now.astimezone(self.zone)
        start, end = self.window
        return self.calendar.is_workday(local.date()) and start <= local.time() < end

    def backoff(self, attempts: int) -> timedelta:
        """1, 4, 16, 64 … times the base after the 1st, 2nd, 3rd … failed attempt."""
        return timedelta(seconds=self.retry_base_seconds * 4 ** max(0, attempts - 1))


@dataclass
class DispatchReport:
    as_of: datetime
    open: bool
    claimed: int = 0
    emails: int = 0
    sent: int = 0
    retrying: int = 0
    dead: int = 0
    errors: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {**self.__dict__, "as_of": self.as_of.isoformat()}


@dataclass(frozen=True)
class Claimed:
    outbox_id: int
    attempt_id: int
    attempts: int
    email: str
    name: str | None
    role: str
    notice: Any  # the notice row


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
    claimed = _claim(engine, now, rules, limit)
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
        batches = [items] if digest else [[item] for item in items]
        for batch, message in _composed(batches, locale, now, rules):
            if isinstance(message, TransportError):
                _record_failure(engine, batch, message, now, rules, report)
                continue
            try:
                transport.send(message)
            except TransportError as error:
                _record_failure(engine, batch, error, now, rules, report)
            else:
                _record_success(engine, batch, now)
                report.emails += 1
                report.sent += len(batch)
    return report


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
            composed.append((batch, _compose(batch, locale, now, rules)))
            continue
        except Exception as error:  # any: it is recorded on the row below, never lost
            if len(batch) == 1:
                failure = TransportError(f"cannot compose: {error}", permanent=True)
                composed.append((batch, failure))
                continue
        # A digest: find the notices that cannot be composed; the rest still go as one digest.
        alone = _composed([[item] for item in batch], locale, now, rules)
        good = [part[0] for part, message in alone if not isinstance(message, TransportError)]
        composed.extend((part, m) for part, m in alone if isinstance(m, TransportError))
        if good:
            composed.extend(_composed([good], locale, now, rules))
    return composed


def _claim(engine: sa.Engine, now: datetime, rules: DispatchRules, limit: int) -> list[Claimed]:
    """Lease due rows with a conditional update and write their attempts before any send."""
    lease_until = now + timedelta(seconds=rules.lease_seconds)
    free = sa.or_(OUTBOX.c.lease_until.is_(None), OUTBOX.c.lease_until <= now)
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
        .where(OUTBOX.c.state == OutboxState.PENDING.value, OUTBOX.c.next_attempt_at <= now, free)
        .order_by(OUTBOX.c.next_attempt_at, OUTBOX.c.id)
        .limit(limit)
    )
    take = (
        OUTBOX.update()
        .where(
            OUTBOX.c.id == sa.bindparam("b_id"),
            OUTBOX.c.state == OutboxState.PENDING.value,
            sa.or_(
                OUTBOX.c.lease_until.is_(None),
                OUTBOX.c.lease_until <= sa.bindparam("b_now", type_=UTCDateTime()),
            ),
        )
        .values(
            lease_until=sa.bindparam("lease", type_=UTCDateTime()), attempts=OUTBOX.c.attempts + 1
        )
    )
    claimed = []
    with engine.connect().execution_options(**IMMEDIATE) as connection, connection.begin():
        if connection.dialect.name == "postgresql":
            due = due.with_for_update(of=OUTBOX, skip_locked=True)
        for row in connection.execute(due).all():
            won = connection.execute(take, {"b_id": row.id, "b_now": now, "lease": lease_until})
            if won.rowcount != 1:
                continue  # another dispatcher took it between our read and our update
            attempt_id = connection.execute(
                ATTEMPT.insert().values(outbox_id=row.id, started_at=now).returning(ATTEMPT.c.id)
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
                )
            )
    return claimed


def _preferences(engine: sa.Engine, emails: set[str]) -> dict[str, tuple[str, bool]]:
    with engine.connect() as connection:
        rows = connection.execute(
            sa.select(PREFERENCE.c.email, PREFERENCE.c.locale, PREFERENCE.c.digest).where(
                PREFERENCE.c.email.in_(sorted(emails))
            )
        ).all()
    return {row.email: (row.locale, row.digest) for row in rows}


def _compose(
    batch: list[Claimed], locale: str, now: datetime, rules: DispatchRules
) -> OutgoingEmail:
    """One email for ``batch``: the notice itself, or a digest of several, with .ics files."""
    rendered: list[tuple[str, Rendered]] = []
    attachments: list[Attachment] = []
    for item in batch:
        context = notice_context(item, now, rules)
        kind = item.notice.kind
        one = render(kind, locale, context)
        rendered.append((kind, one))
        # The date the recipient must act by: a supervision notice's feedback deadline (the
        # task's due date is long past by then), else a task's due date or a request's stage.
        due = context.get("feedback_due") or context.get("due_date") or context.get("stage_due")
        if due and kind != HANDOVER:  # a hand-over tells of a move; it sets no deadline
            attachments.append(_invite(item, one, date.fromisoformat(str(due)), locale, now, rules))
    first = batch[0]
    if len(rendered) == 1:
        body = rendered[0][1]
    else:
        body = render_digest(
            rendered,
            locale=locale,
            recipient_name=first.name or first.email,
            office_name=rules.office_name,
        )
    ids = [item.outbox_id for item in batch]
    domain = rules.sender.rpartition("@")[2] or "chainops.local"
    return OutgoingEmail(
        sender=rules.sender,
        sender_name=rules.sender_name,
        to=first.email,
        to_name=first.name,
        subject=body.subject,
        text=body.text,
        html=body.html,
        attachments=tuple(attachments),
        # Stable for the same rows, so a resend after a crash can be recognised as one.
        message_id=make_msgid(idstring=f"chainops-outbox-{'-'.join(map(str, ids))}", domain=domain),
        headers={"X-Chainops-Outbox": ",".join(map(str, ids))},
        date=now,  # the Date: header is the dispatching run's time, not the machine's
    )


def notice_context(item: Claimed, now: datetime, rules: DispatchRules) -> dict[str, Any]:
    expires = now.astimezone(rules.zone).date() + timedelta(days=rules.ack_valid_days)
    token = sign_ack(item.outbox_id, expires, rules.secret)
    return {
        **item.notice.facts,
        "number": item.notice.number,
        "recipient_name": item.name or item.email,
        "recipient_role": item.role,
        "ack_url": ack_url(rules.base_url, token),
        "ack_expires": expires.isoformat(),
        "office_name": rules.office_name,
    }


def _invite(
    item: Claimed,
    rendered: Rendered,
    due: date,
    locale: str,
    now: datetime,
    rules: DispatchRules,
) -> Attachment:
    label = kind_label(item.notice.kind, locale)
    name = item.notice.number or item.notice.facts.get("title") or str(item.notice.notice_pk)
    content = deadline_event(
        uid=f"chainops-notice-{item.notice.notice_pk}-{item.outbox_id}@chainops",
        summary=rendered.subject,
        description=rendered.text,
        due=due,
        organizer_email=rules.sender,
        attendee_email=item.email,
        now=now,
    )
    return Attachment(bare_file_name(f"{label}-{name}", ".ics"), content, "text/calendar")


def _record_success(engine: sa.Engine, batch: list[Claimed], now: datetime) -> None:
    with engine.begin() as connection:
        connection.execute(
            OUTBOX.update()
            .where(OUTBOX.c.id.in_([c.outbox_id for c in batch]))
            .values(state=OutboxState.SENT.value, sent_at=now, lease_until=None, last_error=None)
        )
        connection.execute(
            ATTEMPT.update()
            .where(ATTEMPT.c.id.in_([c.attempt_id for c in batch]))
            .values(finished_at=now, ok=True)
        )


def _record_failure(
    engine: sa.Engine,
    batch: list[Claimed],
    error: TransportError,
    now: datetime,
    rules: DispatchRules,
    report: DispatchReport,
) -> None:
    """Retry later with backoff; a permanent refusal, or the last attempt, is a dead letter."""
    report.errors.append(str(error))
    with engine.begin() as connection:
        for item in batch:
            dead = error.permanent or item.attempts >= rules.max_attempts
            values: dict[str, Any] = {"lease_until": None, "last_error": str(error)[:500]}
            if dead:
                values["state"] = OutboxState.DEAD.value
                report.dead += 1
            else:
                values["next_attempt_at"] = now + rules.backoff(item.attempts)
                report.retrying += 1
            connection.execute(
                OUTBOX.update().where(OUTBOX.c.id == item.outbox_id).values(**values)
            )
            connection.execute(
                ATTEMPT.update()
                .where(ATTEMPT.c.id == item.attempt_id)
                .values(
                    finished_at=now, ok=False, permanent=error.permanent, error=str(error)[:500]
                )
            )
