"""Sending feedback or a complaint: who sent it, about which notice, and the hourly limit.

The form is open to anyone with the link (an enterprise contact or an official following it
from a mail, a robot message or an SMS), so abuse is met by a limit per client address per
hour, counted on the stored rows themselves — like the sign-in throttle
(``services.people.throttle``), in the database, so every web process counts the same, and
without a table of its own: a message that was stored is what the limit counts.
"""

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel import Session, col, select

from mechanism.vocabulary import FeedbackKind
from mechanism.wording import Said
from models import Enterprise, Feedback, Notice, Person
from models.feedback import FEEDBACK_CONTACT_LENGTH, FEEDBACK_NAME_LENGTH, FEEDBACK_TEXT_LENGTH
from services.audit import audit
from services.people import Actor, Viewer

ADDRESS_LENGTH = 64
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_PHONE = re.compile(r"^\+?[0-9][0-9 -]{5,18}[0-9]$")  # 7–20 characters, digits first and last


@dataclass(frozen=True)
class FeedbackLimits:
    """How many messages one client address may send within ``window``. An office sends from
    behind one address, so the limit is well above what one person writes in an hour."""

    per_address: int = 20
    window: timedelta = timedelta(hours=1)


FEEDBACK_LIMITS = FeedbackLimits()


class FeedbackRefused(ValueError):
    """A field the form cannot take; ``field`` names it, the message says why (both languages)."""

    def __init__(self, field: str, message: Said) -> None:
        super().__init__(message)
        self.field = field


class FeedbackThrottled(Exception):
    """Too many messages from this address within the window: ``wait`` until the next may go."""

    def __init__(self, wait: timedelta) -> None:
        super().__init__(f"too many messages from this address; try again in {wait}")
        self.wait = wait


@dataclass(frozen=True)
class Sender:
    """Who a signed-in person is, to prefill the form (and to fill what they leave blank)."""

    name: str
    contact: str


def sender_of(session: Session, viewer: Viewer | None) -> Sender | None:
    """The signed-in viewer's name and email (a firm's contact: the enterprise's contact)."""
    if viewer is None:
        return None
    if viewer.actor.person_id is not None:
        person = session.get(Person, viewer.actor.person_id)
        if person is not None:
            return Sender(person.name, person.email)
    if viewer.enterprise_id is not None:
        firm = session.get(Enterprise, viewer.enterprise_id)
        if firm is not None:
            return Sender(firm.contact_name or firm.name, firm.contact_email or viewer.username)
    return Sender(viewer.username, viewer.username)


def submit_feedback(
    *,
    session: Session,
    kind: str,
    text: str,
    name: str | None,
    contact: str | None,
    notice_id: int | None,
    viewer: Viewer | None,
    address: str,
    now: datetime,
    limits: FeedbackLimits = FEEDBACK_LIMITS,
) -> Feedback:
    """Store one message for the office. A signed-in sender may leave name and contact blank
    (their account's are used); anyone else must give both. Raises ``FeedbackRefused``
    naming the field, or ``FeedbackThrottled``; either way nothing is stored."""
    chosen = FeedbackKind.parse(kind) if kind else None
    if chosen is None:
        raise FeedbackRefused("kind", Said("choose feedback or complaint", "请选择“意见”或“投诉”"))
    body = text.strip()
    if not body:
        raise FeedbackRefused("text", Said("write what you want to tell the office", "请填写内容"))
    if len(body) > FEEDBACK_TEXT_LENGTH:
        raise FeedbackRefused(
            "text",
            Said(
                f"at most {FEEDBACK_TEXT_LENGTH} characters, not {len(body)}",
                f"最多{FEEDBACK_TEXT_LENGTH}个字，现为{len(body)}个字",
            ),
        )
    who, how = _sender(session, viewer, name, contact)
    if notice_id is not None and session.get(Notice, notice_id) is None:
        raise FeedbackRefused(
            "notice", Said(f"there is no notice {notice_id}", f"没有编号为{notice_id}的通知")
        )
    client = address[:ADDRESS_LENGTH]
    wait = _wait(session, client, now, limits)
    if wait is not None:
        raise FeedbackThrottled(wait)
    row = Feedback(
        kind=chosen.value,
        text=body,
        name=who,
        contact=how,
        notice_id=notice_id,
        user_id=viewer.user_id if viewer is not None else None,
        address=client,
        submitted_at=now,
    )
    session.add(row)
    session.flush()
    actor = viewer.actor if viewer is not None else Actor(how)
    audit(session, actor=actor, entity_type="feedback", entity_id=row.id, action="submit",
          now=now, after=chosen.value, detail={"notice": notice_id})  # fmt: skip
    return row


def _sender(
    session: Session, viewer: Viewer | None, name: str | None, contact: str | None
) -> tuple[str, str]:
    known = sender_of(session, viewer)
    who = (name or "").strip() or (known.name if known else "")
    how = (contact or "").strip() or (known.contact if known else "")
    if not who:
        raise FeedbackRefused("name", Said("give your name", "请填写姓名"))
    if len(who) > FEEDBACK_NAME_LENGTH:
        raise FeedbackRefused(
            "name",
            Said(f"at most {FEEDBACK_NAME_LENGTH} characters", f"最多{FEEDBACK_NAME_LENGTH}个字"),
        )
    if not how:
        raise FeedbackRefused(
            "contact", Said("give an email or a phone number", "请填写邮箱或电话，便于回复")
        )
    if len(how) > FEEDBACK_CONTACT_LENGTH or not (_EMAIL.match(how) or _PHONE.match(how)):
        raise FeedbackRefused(
            "contact",
            Said(
                f"{how[:40]!r} is neither an email address nor a phone number",
                f"“{how[:40]}”既不是邮箱也不是电话号码",
            ),
        )
    return who, how


def _wait(
    session: Session, address: str, now: datetime, limits: FeedbackLimits
) -> timedelta | None:
    # The newest ``per_address`` messages in the window: when there are that many, the address
    # waits until the oldest of them ages out.
    newest = session.exec(
        select(Feedback.submitted_at)
        .where(Feedback.address == address, Feedback.submitted_at > now - limits.window)
        .order_by(col(Feedback.submitted_at).desc())
        .limit(limits.per_address)
    ).all()
    if len(newest) < limits.per_address:
        return None
    return max(newest[-1] + limits.window - now, timedelta(seconds=1))
