"""Which task a reply is about: the outbox row its signed Reply-To names, else the rows whose
Message-ID its In-Reply-To or References name — then the notice, then the task.

Only reminders and urging slips ask the owner for progress, so only they can be answered; and
only their recipient may answer them (the From address, in any case).
"""

import re
from dataclasses import dataclass

from sqlmodel import Session, col, select

from models import Notice, OutboxMessage
from notifications.reply_address import ReplyTokenError, token_in, verify_reply
from services.outbox import ANSWERABLE_KINDS
from services.replies.reading import Reply

# <chainops.outbox.12.13@domain>, or past eight rows <chainops.outbox.12.n9.<digest>@domain>
_OUTBOX_ID = re.compile(r"<chainops\.outbox\.([0-9]+)((?:\.[0-9]+)*)(\.n[0-9]+\.[0-9a-f]+)?@[^>]+>")


class Unmatched(LookupError):
    """The reply cannot be applied to a task; ``reason`` says why (the answer's wording)."""

    def __init__(self, reason: str, outbox: OutboxMessage | None = None) -> None:
        super().__init__(reason)
        self.reason = reason  # unknown_task, bad_token, ambiguous, not_yours
        self.outbox = outbox


@dataclass(frozen=True)
class Matched:
    outbox: OutboxMessage
    notice: Notice
    task_id: int


def match_reply(session: Session, reply: Reply, secret: str) -> Matched:
    """The outbox row, notice and task ``reply`` answers, or ``Unmatched`` saying why not."""
    rows = _by_token(session, reply, secret)
    if rows is None:
        rows = _by_thread(session, reply)
    answerable = [(row, notice) for row, notice in rows if notice.kind in ANSWERABLE_KINDS]
    tasks = {notice.subject_id for _, notice in answerable if notice.subject_type == "task"}
    if not tasks:
        raise Unmatched("unknown_task")
    if len(tasks) > 1:
        raise Unmatched("ambiguous")
    row, notice = answerable[0]
    if row.recipient_email.strip().lower() != reply.from_email:
        raise Unmatched("not_yours", row)
    return Matched(row, notice, notice.subject_id)


Rows = list[tuple[OutboxMessage, Notice]]


def _by_token(session: Session, reply: Reply, secret: str) -> Rows | None:
    """The row the first signed address names; None when the reply carries no token."""
    for address in reply.addressed_to:
        token = token_in(address)
        if token is None:
            continue
        try:
            outbox_id = verify_reply(token, secret)
        except ReplyTokenError:
            raise Unmatched("bad_token") from None
        return _rows(session, [outbox_id])
    return None


def _by_thread(session: Session, reply: Reply) -> Rows:
    """The rows sent under the newest of our Message-IDs the reply names."""
    for message_id in reply.answers:
        match = _OUTBOX_ID.fullmatch(message_id)
        if match is None:
            continue
        ids = [int(match[1]), *(int(part) for part in match[2].split(".") if part)]
        if match[3]:  # a big digest: its first row says under which Message-ID it went
            first = _rows(session, ids[:1])
            if not first or first[0][0].message_id != message_id:
                continue
            found = _rows_sent_as(session, message_id)
        else:
            found = [pair for pair in _rows(session, ids) if pair[0].message_id == message_id]
        if found:
            return found
    return []


def _rows(session: Session, ids: list[int]) -> Rows:
    query = (
        select(OutboxMessage, Notice)
        .join(Notice, col(Notice.id) == OutboxMessage.notice_id)
        .where(col(OutboxMessage.id).in_(ids))
        .order_by(col(OutboxMessage.id))
    )
    return [(row, notice) for row, notice in session.exec(query).all()]


def _rows_sent_as(session: Session, message_id: str) -> Rows:
    query = (
        select(OutboxMessage, Notice)
        .join(Notice, col(Notice.id) == OutboxMessage.notice_id)
        .where(OutboxMessage.message_id == message_id)
        .order_by(col(OutboxMessage.id))
    )
    return [(row, notice) for row, notice in session.exec(query).all()]
