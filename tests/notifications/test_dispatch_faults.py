"""Dispatch under faults (issue 14): a notice that cannot be sent fails alone, a resend after a
kill repeats its Message-ID, and overlapping dispatchers over a slow relay send each row once."""

import contextlib
import threading
import time
from collections import defaultdict
from dataclasses import replace
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from sqlmodel import Session, col, select

from models import Notice, OutboxMessage, RecipientPreference
from notifications.message import OutgoingEmail
from notifications.transports import SmtpTransport
from services import notices as notice_service
from services.outbox import dispatch
from services.tasks import sweep
from tests.notifications.test_dispatch import (
    ENGINE_RULES,
    MONDAY_0900,
    RULES,
    outbox_states,
    queue_urging_slips,
    smtp,
)


@pytest.fixture
def queued(session: Session, engine: sa.Engine, tmp_path: Path) -> int:
    return queue_urging_slips(session, engine, tmp_path)


OWNER = "wang.lei@example.gov.cn"
MAILBOX = "gxj@example.gov.cn"


def _rows(session: Session, email: str) -> list[OutboxMessage]:
    session.commit()
    return list(
        session.exec(select(OutboxMessage).where(OutboxMessage.recipient_email == email))
    )


def _dead_letters(session: Session) -> list[dict[str, Any]]:
    session.expire_all()  # the rows this test changed, as the dispatcher left them
    return notice_service.dead_letters(session=session)


def _deliveries(server: Any) -> dict[int, list[str]]:
    """The Message-IDs each outbox row arrived under, as the server saw them."""
    seen: dict[int, list[str]] = defaultdict(list)
    for message in server.messages:
        for outbox_id in str(message["X-Chainops-Outbox"]).split(","):
            seen[int(outbox_id)].append(str(message["Message-ID"]))
    return seen


def test_a_notice_that_cannot_be_rendered_is_a_dead_letter_and_the_others_go_out(
    queued: int, engine: sa.Engine, session: Session, smtp_server: Any
) -> None:
    """One notice whose email could not be built stopped every dispatch, its rows pending with
    attempts climbing and no dead letter to see. Now it alone is a dead letter."""
    broken = session.exec(select(Notice).order_by(col(Notice.id))).first()
    assert broken is not None
    broken.facts = {"title": "缺少完成时限的通知"}  # no due date, no progress: cannot render
    session.add(broken)
    session.commit()
    with smtp(smtp_server) as transport:
        report = dispatch(engine=engine, now=MONDAY_0900, transport=transport, rules=RULES)

    assert report.dead == 2 and report.sent == queued - 2  # its owner's and department's copy
    dead = _dead_letters(session)
    assert {d["notice_id"] for d in dead} == {broken.id}
    assert all("cannot render" in str(d) for d in dead)
    assert len(smtp_server.messages) == 2  # the other three urging slips, to both recipients


def test_a_recipient_name_that_would_inject_a_header_is_a_dead_letter_alone(
    queued: int, engine: sa.Engine, session: Session, smtp_server: Any
) -> None:
    """A name with a line break cannot go into a To: header (it would add headers of its own):
    that recipient's notices are dead letters saying so; the department's digest goes."""
    for row in _rows(session, OWNER):
        row.recipient_name = "王磊\r\nBcc: someone@example.com"
        session.add(row)
    session.commit()
    with smtp(smtp_server) as transport:
        report = dispatch(engine=engine, now=MONDAY_0900, transport=transport, rules=RULES)

    assert (report.dead, report.sent, report.emails) == (4, 4, 1)
    assert [m["To"].addresses[0].addr_spec for m in smtp_server.messages] == [MAILBOX]
    dead = _dead_letters(session)
    assert len(dead) == 4 and all("cannot compose" in str(d) for d in dead)


def test_an_address_the_transport_cannot_take_is_a_dead_letter_and_the_rest_go_out(
    queued: int, engine: sa.Engine, session: Session, smtp_server: Any
) -> None:
    """An internationalised address passes the roster but not an ASCII SMTP session: the
    transport raises while encoding, not with a TransportError. It stopped the run; now that
    recipient's notices fail alone (the digest is tried notice by notice first)."""
    for row in _rows(session, OWNER):
        row.recipient_email = "王磊@例子.中国"
        session.add(row)
    session.commit()
    with smtp(smtp_server) as transport:
        report = dispatch(engine=engine, now=MONDAY_0900, transport=transport, rules=RULES)

    assert (report.dead, report.sent) == (4, 4)
    assert [m["To"].addresses[0].addr_spec for m in smtp_server.messages] == [MAILBOX]
    dead = _dead_letters(session)
    assert len(dead) == 4
    assert all("cannot hand to the transport: UnicodeEncodeError" in str(d) for d in dead)
    assert outbox_states(session) == ["dead"] * 4 + ["sent"] * 4


class KilledAfterAccepted:
    """The dispatching process killed (SIGKILL) just after the relay accepted its ``n``-th
    message: the message is out, nothing after it ran."""

    def __init__(self, transport: SmtpTransport, n: int) -> None:
        self.transport, self.left = transport, n

    def send(self, email: OutgoingEmail) -> None:
        self.transport.send(email)
        self.left -= 1
        if self.left == 0:
            raise SystemExit("killed")  # not an Exception: nothing in dispatch catches it

    def close(self) -> None:
        self.transport.close()


def test_a_resend_after_a_kill_is_the_same_message_under_the_same_message_id(
    queued: int, engine: sa.Engine, session: Session, smtp_server: Any
) -> None:
    """Killed after its first digest was accepted, a dispatch re-sent it under a new
    Message-ID, and merged with newer notices. Now the resend is the same rows under the same
    Message-ID, and the newer notices go in a message of their own."""
    with smtp(smtp_server) as transport, contextlib.suppress(SystemExit):
        dispatch(
            engine=engine,
            now=MONDAY_0900,
            transport=KilledAfterAccepted(transport, 1),
            rules=RULES,
        )
    [first] = smtp_server.messages
    in_flight = {int(i) for i in str(first["X-Chainops-Outbox"]).split(",")}
    # The next working day the sweep queues more for the same people; the killed run's lease
    # has long run out.
    tuesday = MONDAY_0900 + timedelta(days=1)
    assert sweep(engine=engine, now=tuesday, rules=ENGINE_RULES).outbox_rows > 0
    with smtp(smtp_server) as transport:
        report = dispatch(engine=engine, now=tuesday, transport=transport, rules=RULES)

    seen = _deliveries(smtp_server)
    twice = {outbox_id for outbox_id, ids in seen.items() if len(ids) > 1}
    assert twice == in_flight  # at least once on the wire: only the message in flight again
    assert all(len(set(seen[i])) == 1 for i in twice)  # … and always under the same identity
    again = [m for m in smtp_server.messages[1:] if m["Message-ID"] == first["Message-ID"]]
    assert len(again) == 1 and again[0]["X-Chainops-Outbox"] == first["X-Chainops-Outbox"]
    assert report.dead == 0 and set(outbox_states(session)) == {"sent"}


def test_two_overlapping_dispatchers_over_a_slow_relay_send_each_row_once(
    queued: int, engine: sa.Engine, session: Session, smtp_server: Any
) -> None:
    """With the relay taking 0.5 s a message and a 1 s lease, a second dispatch started while
    the first is still sending (past its lease) re-sent most rows. Now the first renews its
    lease before each message and sends only what it still holds."""
    for email in (OWNER, MAILBOX):
        session.add(RecipientPreference(email=email, locale="zh-CN", digest=False))
    session.commit()
    smtp_server.mode("accept", delay=0.5)
    rules = replace(RULES, lease_seconds=1)
    started = time.monotonic()
    reports: list[Any] = []

    def run(after: float) -> None:
        time.sleep(after)
        now = MONDAY_0900 + timedelta(seconds=time.monotonic() - started)
        with smtp(smtp_server) as transport:
            reports.append(dispatch(engine=engine, now=now, transport=transport, rules=rules))

    threads = [threading.Thread(target=run, args=(after,)) for after in (0, 1.3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    seen = _deliveries(smtp_server)
    assert sorted(len(ids) for ids in seen.values()) == [1] * queued  # 8 messages, each once
    assert sum(r.sent for r in reports) == queued
    assert outbox_states(session) == ["sent"] * queued

