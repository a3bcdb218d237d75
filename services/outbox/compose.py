"""A claimed batch of outbox rows as the email that delivers it: the notice (or a digest of
several), its .ics deadlines, and a Message-ID that every attempt of the same rows repeats.
"""

import hashlib
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from mechanism.vocabulary import HANDOVER, NoticeKind
from mechanism.workdays import Workdays
from notifications.calendar_file import deadline_event
from notifications.links import ack_url, feedback_url, sign_ack
from notifications.message import Attachment, OutgoingEmail, bare_file_name
from notifications.render import Rendered, kind_label, render, render_digest
from notifications.reply_address import reply_address
from services.outbox.claim import Claimed

# The notices an owner may answer by replying with a figure (services.replies reads them):
# they ask the owner for progress on one task.
ANSWERABLE_KINDS = frozenset({NoticeKind.REMINDER.value, NoticeKind.URGING_SLIP.value})


class CannotRender(Exception):
    """A notice's template cannot be rendered with its facts (a bug, not the relay's fault)."""


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
    # The mailbox replies go to (read over IMAP by services.replies); empty: the sender's.
    reply_mailbox: str = ""

    def open_at(self, now: datetime) -> bool:
        """Whether mail may go out at ``now``: a working day, inside the window."""
        local = now.astimezone(self.zone)
        start, end = self.window
        return self.calendar.is_workday(local.date()) and start <= local.time() < end

    def backoff(self, attempts: int) -> timedelta:
        """1, 4, 16, 64 … times the base after the 1st, 2nd, 3rd … failed attempt."""
        return timedelta(seconds=self.retry_base_seconds * 4 ** max(0, attempts - 1))



def compose(
    batch: list[Claimed], locale: str, now: datetime, rules: DispatchRules
) -> OutgoingEmail:
    """One email for ``batch``: the notice itself, or a digest of several, with .ics files."""
    rendered: list[tuple[str, Rendered]] = []
    attachments: list[Attachment] = []
    answerable = _answerable(batch)
    for item in batch:
        # The notice says it may be answered by replying only when the mail's Reply-To names it.
        context = {**notice_context(item, now, rules), "reply_by_mail": item is answerable}
        kind = item.notice.kind
        try:
            one = render(kind, locale, context)
        except Exception as error:  # a template or the notice's facts: named as such
            raise CannotRender(f"{kind}/{locale}: {error}") from error
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
        try:
            body = render_digest(
                rendered,
                locale=locale,
                recipient_name=first.name or first.email,
                office_name=rules.office_name,
                feedback_url=feedback_url(rules.base_url),
            )
        except Exception as error:
            raise CannotRender(f"digest/{locale}: {error}") from error
    return OutgoingEmail(
        sender=rules.sender,
        sender_name=rules.sender_name,
        to=first.email,
        to_name=first.name,
        subject=body.subject,
        text=body.text,
        html=body.html,
        attachments=tuple(attachments),
        message_id=_message_id(batch, rules.sender),
        headers=_headers(batch, rules),
        date=now,  # the Date: header is the dispatching run's time, not the machine's
    )


def _headers(batch: list[Claimed], rules: DispatchRules) -> dict[str, str]:
    """The outbox ids, and a signed Reply-To when the mail asks for progress on one task: a
    reply to it then names its outbox row (a digest about several tasks would not say which)."""
    headers = {"X-Chainops-Outbox": ",".join(str(item.outbox_id) for item in batch)}
    answerable = _answerable(batch)
    if answerable is not None:
        mailbox = rules.reply_mailbox or rules.sender
        headers["Reply-To"] = reply_address(mailbox, answerable.outbox_id, rules.secret)
    return headers


def _answerable(batch: list[Claimed]) -> Claimed | None:
    """The one row of ``batch`` that asks for progress, if there is exactly one."""
    found = [item for item in batch if item.notice.kind in ANSWERABLE_KINDS]
    return found[0] if len(found) == 1 else None


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
        "feedback_url": feedback_url(rules.base_url, _notice_id(item.notice)),
    }


def _notice_id(notice: Any) -> int:
    """The notice's id: a claimed row names it ``notice_pk`` (beside the outbox row's own
    ``id``); a ``Notice`` loaded to show it on its page (services.notices) calls it ``id``."""
    found = getattr(notice, "notice_pk", None)
    return int(found if found is not None else notice.id)


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


def _message_id(batch: list[Claimed], sender: str) -> str:
    """The rows' Message-ID: the one an earlier attempt of the same rows fixed, else one made
    from their outbox ids — never random, so a resend after a crash repeats it and a mail
    client shows the two as one message."""
    stored = {item.message_id for item in batch}
    if len(stored) == 1 and None not in stored:
        return str(stored.pop())
    return message_id_for([item.outbox_id for item in batch], sender)


def message_id_for(outbox_ids: list[int], sender: str) -> str:
    """``<chainops.outbox.12.13@domain>``; past a handful of rows (a big digest) the first id,
    the count and a digest of them all, so the header stays short."""
    ids = sorted(outbox_ids)
    if len(ids) <= 8:
        local = ".".join(map(str, ids))
    else:
        digest = hashlib.sha256(",".join(map(str, ids)).encode()).hexdigest()[:16]
        local = f"{ids[0]}.n{len(ids)}.{digest}"
    domain = sender.rpartition("@")[2] or "chainops.invalid"
    return f"<chainops.outbox.{local}@{domain}>"
