"""Delivering the outbox rows that do not go by email: group robots and SMS.

A robot gets one markdown digest per run with every notice queued for it (its chain's or its
department's), and @-mentions the people the notices are addressed to, by mobile. SMS goes
one message per row, from the approved template. Both keep the rules against burdening the
grass roots: nothing leaves outside the sending window of a working day (``dispatch`` checks
it for every channel), and nobody is mentioned or texted more than ``daily_cap`` times a day —
past the cap a robot digest goes without the mention, and a text waits for the next working
morning.

An SMS whose answer was lost may have been sent: it is marked ``unknown`` and never re-sent on
its own (a text message cannot be recalled; the office looks and decides).
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import sqlalchemy as sa

from mechanism.token_bucket import ROBOT_WINDOW_SECONDS, BucketRule, BucketState, take
from mechanism.vocabulary import OutboxState
from models import ChannelBucket, ChannelMention, OutboxMessage
from models.db import IMMEDIATE
from notifications.channel_message import RobotMessage, RobotTransport, SmsMessage, SmsTransport
from notifications.links import feedback_url
from notifications.render import kind_label
from notifications.transports import TransportError
from services.outbox.claim import Claimed
from services.outbox.records import Run, record_failure, record_success

OUTBOX = OutboxMessage.__table__  # type: ignore[attr-defined]
MENTION = ChannelMention.__table__  # type: ignore[attr-defined]
BUCKET = ChannelBucket.__table__  # type: ignore[attr-defined]
# A token is spent just before the post, which reaches the vendor a moment later: a second's
# margin keeps any 60 seconds of the vendor's clock at 18 posts (measured: 19 without it).
ROBOT_RULE = BucketRule(per_seconds=ROBOT_WINDOW_SECONDS + 1)


@dataclass(frozen=True)
class Channels:
    """The transports of the channels the office configured and left on, by channel name."""

    robots: Mapping[str, RobotTransport] = field(default_factory=dict)
    sms: SmsTransport | None = None
    sms_template: str = ""
    # The approved template's text, when configured: which values it takes (``${feedback}``
    # among them, where to give feedback or complain) and what the 70-character check fills.
    sms_template_text: str = ""
    # Mobile numbers by (lower-case) email address, of those who allow texts / mentions.
    mobiles: Callable[[set[str]], dict[str, str]] = lambda emails: {}
    mention_mobiles: Callable[[set[str]], dict[str, str]] = lambda emails: {}
    daily_cap: int = 3

    def close(self) -> None:
        for robot in self.robots.values():
            robot.close()


def deliver_robots(run: Run, items: list[Claimed], channels: Channels) -> None:
    """One digest per robot for everything queued for it in this run."""
    by_robot: dict[str, list[Claimed]] = {}
    for item in items:
        by_robot.setdefault(item.email.removeprefix("robot:"), []).append(item)
    counted: set[str] = set()  # mobiles whose mention this run has recorded
    for name, batch in by_robot.items():
        robot = channels.robots.get(name)
        if robot is None:
            _fail(
                run,
                batch,
                TransportError(f"robot {name}: not configured or switched off", permanent=True),
            )
            continue
        # One run's digests in several groups are one occasion for the people they mention:
        # the daily cap counts it once.
        mentioned = _mentionable(run, batch, channels, already=counted)
        message = _digest(batch, mentioned, run.rules.base_url)
        wait = _take_tokens(run, name, robot.posts_for(message))
        if wait is not None:  # over the robot's rate: the digest goes when tokens are back
            _postpone(run, batch, f"robot {name}: at its rate limit", wait=wait)
            continue
        if not run.lease.renew(batch, f"<robot.{batch[0].outbox_id}@chainops>"):
            run.lease.release(batch)
            run.report.lost_lease += len(batch)
            continue
        try:
            robot.send(message)
        except TransportError as error:
            _fail(run, batch, error)
            continue
        except Exception as error:  # any: a poison message fails alone, never the run
            _fail(run, batch, _cannot_hand(error))
            continue
        new = [mobile for mobile in mentioned if mobile not in counted]
        counted.update(new)
        _sent(run, batch, mentions=[(mobile, batch[0].outbox_id) for mobile in new])


def deliver_sms(run: Run, items: list[Claimed], channels: Channels) -> None:
    """One text per row, to the recipient's mobile, within the daily cap."""
    if channels.sms is None:
        _fail(run, items, TransportError("SMS: not configured or switched off", permanent=True))
        return
    mobiles = channels.mobiles({item.email.lower() for item in items})
    for item in items:
        mobile = mobiles.get(item.email.lower())
        if mobile is None:
            _fail(
                run,
                [item],
                TransportError(
                    f"SMS: {item.email} has no mobile number or turned texts off", permanent=True
                ),
            )
            continue
        if _texts_today(run, item.email) >= channels.daily_cap:
            _postpone(run, [item], "the daily cap of text messages for this person is reached")
            continue
        notice = item.notice
        message = SmsMessage(
            phone=mobile,
            template_code=channels.sms_template,
            params=_sms_params(notice, channels.sms_template_text, run.rules.base_url),
            out_id=str(item.outbox_id),
        )
        if not run.lease.renew([item], f"<sms.{item.outbox_id}@chainops>"):
            run.lease.release([item])
            run.report.lost_lease += 1
            continue
        try:
            channels.sms.send(message)
        except (ValueError, TypeError) as error:  # refused before sending: nothing went out
            _fail(run, [item], _cannot_hand(error))
            continue
        except TransportError as error:
            if error.unknown:
                _unknown(run, item, error)
            else:
                _fail(run, [item], error)
            continue
        _sent(run, [item], mentions=[])


def _digest(batch: list[Claimed], mentioned: list[str], base_url: str) -> RobotMessage:
    """The robot's markdown: most serious first, each notice a line with its deadline and
    link, then the mentions and the feedback link that every notice carries."""
    base = base_url.rstrip("/")
    chain = str(batch[0].notice.facts.get("chain_name") or "")
    lines = [f"### {chain}：{len(batch)} 项督办事项" if chain else f"### {len(batch)} 项督办事项"]
    for item in batch:
        notice = item.notice
        facts = notice.facts
        due = facts.get("feedback_due") or facts.get("due_date") or ""
        lines.append(
            f"- **{kind_label(notice.kind, 'zh-CN')}** {notice.number or ''} "
            f"{facts.get('title', '')}"
            + (f"，时限 {due}" if due else "")
            + f" [查看]({base}/notices/{notice.notice_pk})"
        )
    if mentioned:
        lines.append(" ".join(f"@{mobile}" for mobile in mentioned))
    lines.append(f"[意见与投诉]({base}/feedback)")
    return RobotMessage(
        title=f"{chain}督办事项" if chain else "督办事项",
        markdown="\n".join(lines),
        mentions=tuple(mentioned),
        link=f"{base}/notices",
        outbox_ids=tuple(item.outbox_id for item in batch),
    )


def _mentionable(
    run: Run, batch: list[Claimed], channels: Channels, *, already: set[str]
) -> list[str]:
    """The mobiles of the notices' email recipients, each person at most ``daily_cap`` times
    a day (past that, the digest still goes, without the mention)."""
    notice_ids = {item.notice.notice_pk for item in batch}
    with run.engine.connect() as connection:
        emails = {
            row.recipient_email.lower()
            for row in connection.execute(
                sa.select(OUTBOX.c.recipient_email).where(
                    OUTBOX.c.notice_id.in_(notice_ids), OUTBOX.c.channel == "email"
                )
            )
        }
        mobiles = sorted(set(channels.mention_mobiles(emails).values()))
        day = run.report.as_of.astimezone(run.rules.zone).date()
        counts: dict[str, int] = dict(
            connection.execute(
                sa.select(MENTION.c.mobile, sa.func.count())
                .where(MENTION.c.mobile.in_(mobiles), MENTION.c.day == day)
                .group_by(MENTION.c.mobile)
            ).all()
        )
    return [m for m in mobiles if m in already or counts.get(m, 0) < channels.daily_cap]


def _texts_today(run: Run, email: str) -> int:
    start = _start_of_day(run)
    with run.engine.connect() as connection:
        return int(
            connection.execute(
                sa.select(sa.func.count()).where(
                    OUTBOX.c.channel == "sms",
                    sa.func.lower(OUTBOX.c.recipient_email) == email.lower(),
                    OUTBOX.c.state.in_([OutboxState.SENT.value, OutboxState.UNKNOWN.value]),
                    OUTBOX.c.sent_at >= start,
                )
            ).scalar_one()
        )


def _start_of_day(run: Run) -> datetime:
    local = run.report.as_of.astimezone(run.rules.zone)
    return local.replace(hour=0, minute=0, second=0, microsecond=0).astimezone(UTC)


def _sent(run: Run, batch: list[Claimed], *, mentions: list[tuple[str, int]]) -> None:
    record_success(run.engine, batch, run.lease.clock())
    run.report.sent += len(batch)
    if mentions:
        day = run.report.as_of.astimezone(run.rules.zone).date()
        with run.engine.begin() as connection:
            connection.execute(
                MENTION.insert(),
                [{"mobile": m, "day": day, "outbox_id": o} for m, o in mentions],
            )


def _fail(run: Run, batch: list[Claimed], error: TransportError) -> None:
    record_failure(run, batch, error)


def _unknown(run: Run, item: Claimed, error: TransportError) -> None:
    run.report.errors.append(str(error))
    run.report.unknown += 1
    _set(
        run,
        [item],
        state=OutboxState.UNKNOWN.value,
        sent_at=run.report.as_of,
        last_error=f"outcome unknown, not re-sent: {error}"[:500],
    )


def _take_tokens(run: Run, name: str, posts: int) -> float | None:
    """Spend ``posts`` of robot ``name``'s tokens, or say how many seconds until they are back.
    Read and written in one locking transaction, so two dispatchers never share a token."""
    now = run.lease.clock()
    with run.engine.connect().execution_options(**IMMEDIATE) as connection, connection.begin():
        query = sa.select(BUCKET.c.spent).where(BUCKET.c.name == name)
        if connection.dialect.name == "postgresql":
            query = query.with_for_update()
        stored = connection.execute(query).scalar()
        state = BucketState(tuple(datetime.fromisoformat(t) for t in stored or []))
        taken = take(state, now, count=posts, rule=ROBOT_RULE)
        spent = [moment.isoformat() for moment in taken.state.spent]
        if stored is None:
            connection.execute(BUCKET.insert().values(name=name, spent=spent))
        else:
            connection.execute(BUCKET.update().where(BUCKET.c.name == name).values(spent=spent))
    return None if taken.allowed else taken.wait_seconds


def _postpone(run: Run, batch: list[Claimed], why: str, *, wait: float | None = None) -> None:
    """Wait ``wait`` seconds, or for the next working morning; this try does not count."""
    if wait is not None:
        later = run.report.as_of + timedelta(seconds=wait)
    else:
        calendar, zone = run.rules.calendar, run.rules.zone
        tomorrow = calendar.add(run.report.as_of.astimezone(zone).date(), 1)
        later = datetime.combine(tomorrow, run.rules.window[0], zone)
    _set(run, batch, next_attempt_at=later, last_error=why, attempts=OUTBOX.c.attempts - 1)
    run.report.waiting += len(batch)


def _set(run: Run, batch: list[Claimed], **values: Any) -> None:
    with run.engine.begin() as connection:
        connection.execute(
            OUTBOX.update()
            .where(
                OUTBOX.c.id.in_([item.outbox_id for item in batch]),
                OUTBOX.c.lease_token == run.lease.token,
            )
            .values(lease_until=None, lease_token=None, **values)
        )


def _cannot_hand(error: Exception) -> TransportError:
    return TransportError(
        f"cannot hand to the transport: {type(error).__name__}: {error}", permanent=True
    )


def _sms_params(notice: Any, template_text: str, base_url: str) -> dict[str, str]:
    """The values a text's template takes: the notice's number and (short) title; its kind,
    deadline and the feedback address where the template names them (``${feedback}``: the
    link every notice carries, without the scheme, to fit 70 characters)."""
    facts = notice.facts
    values = {
        "number": str(notice.number or ""),
        "title": str(facts.get("title") or "")[:20],
        "kind": kind_label(notice.kind, "zh-CN"),
        "due": str(facts.get("feedback_due") or facts.get("due_date") or ""),
        "feedback": feedback_url(base_url).split("://", 1)[-1],
    }
    if not template_text:
        return {key: values[key] for key in ("number", "title")}
    return {key: value for key, value in values.items() if "${" + key + "}" in template_text}

