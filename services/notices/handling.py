"""Notices as offices handle them: show one, retry dead letters, acknowledge by link, and set
how a recipient wants to be mailed."""

from datetime import datetime
from typing import Any

from sqlmodel import Session, col, select

from mechanism.vocabulary import FAILED_OUTBOX_STATES, OutboxState
from models import DeliveryAttempt, Notice, OutboxMessage, Person, RecipientPreference
from notifications.links import verify_ack
from services.config import EngineRules
from services.notices.acknowledgement import acknowledge_notice
from services.people import Actor


class NoticeNotFound(LookupError):
    pass


def show_notice(*, session: Session, notice_id: int) -> dict[str, Any]:
    """A notice with its facts and every delivery, each with its attempts."""
    notice = session.get(Notice, notice_id)
    if notice is None:
        raise NoticeNotFound(f"no notice {notice_id}")
    deliveries = []
    for row in session.exec(
        select(OutboxMessage)
        .where(OutboxMessage.notice_id == notice_id)
        .order_by(col(OutboxMessage.id))
    ):
        attempts = session.exec(
            select(DeliveryAttempt)
            .where(DeliveryAttempt.outbox_id == row.id)
            .order_by(col(DeliveryAttempt.id))
        ).all()
        deliveries.append(
            {
                "outbox_id": row.id,
                "email": row.recipient_email,
                "name": row.recipient_name,
                "role": row.recipient_role,
                "state": row.state,
                "attempts": row.attempts,
                "next_attempt_at": row.next_attempt_at,
                "sent_at": row.sent_at,
                "last_error": row.last_error,
                "acknowledged_at": row.acknowledged_at,
                "history": [
                    {
                        "started_at": a.started_at,
                        "finished_at": a.finished_at,
                        "ok": a.ok,
                        "permanent": a.permanent,
                        "error": a.error,
                    }
                    for a in attempts
                ],
            }
        )
    return {
        "id": notice.id,
        "number": notice.number,
        "kind": notice.kind,
        "level": notice.level,
        "subject": f"{notice.subject_type} {notice.subject_id}",
        "issued_at": notice.issued_at,
        "facts": notice.facts,
        "deliveries": deliveries,
    }


def dead_letters(*, session: Session) -> list[dict[str, Any]]:
    """Deliveries that gave up: each one is somebody who was not told."""
    query = (
        select(OutboxMessage, Notice)
        .join(Notice, col(Notice.id) == OutboxMessage.notice_id)
        .where(col(OutboxMessage.state).in_(FAILED_OUTBOX_STATES))
        .order_by(col(OutboxMessage.id))
    )
    return [
        {
            "outbox_id": row.id,
            "notice_id": notice.id,
            "number": notice.number,
            "kind": notice.kind,
            "title": notice.facts.get("title"),
            "email": row.recipient_email,
            "attempts": row.attempts,
            "error": row.last_error,
            "state": row.state,
        }
        for row, notice in session.exec(query)
    ]


def retry(*, session: Session, notice_id: int, now: datetime) -> int:
    """Queue the notice's dead deliveries again (and those of unknown outcome: re-sending
    an SMS that may have arrived is the office's decision, this one), with a fresh set of
    attempts; how many."""
    if session.get(Notice, notice_id) is None:
        raise NoticeNotFound(f"no notice {notice_id}")
    rows = session.exec(
        select(OutboxMessage).where(
            OutboxMessage.notice_id == notice_id,
            col(OutboxMessage.state).in_(FAILED_OUTBOX_STATES),
        )
    ).all()
    for row in rows:
        row.state = OutboxState.PENDING.value
        row.attempts = 0
        row.next_attempt_at = now
        row.lease_until = None
        row.lease_token = None
        # A person queued it again after it ended dead (refused, or never got through): a
        # new message of its own, not the digest it failed in, most of which went out.
        row.message_id = None
        session.add(row)
    session.flush()
    return len(rows)


def acknowledge_link(
    *, session: Session, token: str, secret: str, now: datetime, rules: EngineRules
) -> OutboxMessage:
    """The recipient followed the link in the notice: verify it, record it, hold the ladder.

    A tampered or expired link raises AckTokenError and changes nothing.
    """
    outbox_id = verify_ack(token.rstrip("/").rpartition("/")[2], secret, rules.today(now))
    row = session.get(OutboxMessage, outbox_id)
    if row is None:
        raise NoticeNotFound(f"the link points at delivery {outbox_id}, which does not exist")
    person = session.exec(select(Person).where(Person.email == row.recipient_email)).first()
    actor = Actor(row.recipient_email, person.id if person else None)
    return acknowledge_notice(
        session=session, outbox_id=outbox_id, actor=actor, now=now, rules=rules
    )


def set_preference(
    *,
    session: Session,
    email: str,
    locale: str | None,
    digest: bool | None,
    now: datetime,
    robot_mentions: bool | None = None,
    sms: bool | None = None,
) -> RecipientPreference:
    """How ``email`` wants its mail, and which channels besides email it allows (group-robot
    mentions, SMS); unspecified parts stay as they are."""
    if locale is not None and locale not in ("zh-CN", "en"):
        raise ValueError(f"locale must be zh-CN or en, not {locale!r}")
    preference = preference_for(session=session, email=email)
    if locale is not None:
        preference.locale = locale
    if digest is not None:
        preference.digest = digest
    if robot_mentions is not None:
        preference.robot_mentions = robot_mentions
    if sms is not None:
        preference.sms = sms
    preference.updated_at = now
    session.add(preference)
    session.flush()
    return preference


def preference_for(
    *, session: Session, email: str, default_locale: str | None = None
) -> RecipientPreference:
    """The stored preference of ``email``, or (not added to the session) the one it has by
    default: a digest, every channel allowed, in ``default_locale`` — the language the
    dispatcher writes to an address without a preference."""
    address = email.strip().lower()
    stored = session.exec(
        select(RecipientPreference).where(RecipientPreference.email == address)
    ).first()
    if stored is not None:
        return stored
    fresh = RecipientPreference(email=address)
    if default_locale in ("zh-CN", "en"):
        fresh.locale = str(default_locale)
    return fresh
