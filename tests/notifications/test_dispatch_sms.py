"""SMS through the dispatcher: a supervision notice texts the chain leader once, an SMS whose
answer was lost is marked unknown and never re-sent, and nobody gets more than the daily cap
of texts — the rest wait for the next working morning."""

from datetime import timedelta
from functools import partial
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlmodel import Session, select

from models import OutboxMessage
from notifications.sms import AliyunSms
from services import notices as notice_service
from services.config import EngineRules
from services.outbox import Channels, dispatch
from services.people import mobiles_of
from tests.notifications.channel_city import LEADER, leader_city
from tests.notifications.channel_city import supervise as issue_supervision
from tests.notifications.sms_server import KEY_ID, SECRET, SmsServer, sms_server
from tests.notifications.test_dispatch import CALENDAR, MONDAY_0830, MONDAY_0900, RULES

__all__ = ["sms_server"]

ISSUING = EngineRules(calendar=CALENDAR, sms=True)


@pytest.fixture
def city(session: Session, tmp_path: Path) -> int:
    return leader_city(session, tmp_path)


def supervise(engine: sa.Engine, chain_id: int, *subjects: int) -> None:
    issue_supervision(engine, chain_id, *subjects, rules=ISSUING)


def channels(engine: sa.Engine, server: SmsServer) -> Channels:
    sms = AliyunSms(KEY_ID, SECRET, "聊城市链长办", endpoint=server.url)
    mobiles = partial(mobiles_of, engine, allowing="sms")
    return Channels(sms=sms, sms_template="SMS_480100001", mobiles=mobiles)


def sms_rows(session: Session) -> list[OutboxMessage]:
    session.commit()
    return list(session.exec(select(OutboxMessage).where(OutboxMessage.channel == "sms")))


def test_a_supervision_notice_texts_the_chain_leader_once(
    city: int, engine: sa.Engine, session: Session, sms_server: SmsServer, tmp_path: Path
) -> None:
    from notifications.transports import FileTransport

    supervise(engine, city, 1)
    mail = FileTransport(tmp_path / "outbox")
    first = dispatch(engine=engine, now=MONDAY_0900, transport=mail, rules=RULES,
                     channels=channels(engine, sms_server))  # fmt: skip
    again = dispatch(engine=engine, now=MONDAY_0900 + timedelta(minutes=5), transport=mail,
                     rules=RULES, channels=channels(engine, sms_server))  # fmt: skip

    [row] = sms_rows(session)
    assert (first.sent, again.claimed) == (2, 0)  # the email and the text; nothing the 2nd time
    assert row.state == "sent"
    [request] = sms_server.requests
    assert request["PhoneNumbers"] == "13800000001" and request["OutId"] == str(row.id)
    assert "督办事项1" in request["TemplateParam"]


def test_an_sms_whose_answer_was_lost_is_unknown_listed_and_never_resent(
    city: int, engine: sa.Engine, session: Session, sms_server: SmsServer, tmp_path: Path
) -> None:
    from notifications.transports import FileTransport

    supervise(engine, city, 1)
    sms_server.answer("drop")
    mail = FileTransport(tmp_path / "outbox")
    report = dispatch(engine=engine, now=MONDAY_0900, transport=mail, rules=RULES,
                      channels=channels(engine, sms_server))  # fmt: skip
    later = dispatch(engine=engine, now=MONDAY_0900 + timedelta(hours=2), transport=mail,
                     rules=RULES, channels=channels(engine, sms_server))  # fmt: skip

    [row] = sms_rows(session)
    assert (report.unknown, row.state, later.claimed) == (1, "unknown", 0)
    assert len(sms_server.requests) == 1  # submitted once, never again on its own
    session.expire_all()
    failed = notice_service.dead_letters(session=session)
    assert [(d["state"], d["outbox_id"]) for d in failed] == [("unknown", row.id)]


def test_past_the_daily_cap_texts_wait_for_the_next_working_morning(
    city: int, engine: sa.Engine, session: Session, sms_server: SmsServer, tmp_path: Path
) -> None:
    from notifications.transports import FileTransport

    supervise(engine, city, 1, 2, 3, 4)
    mail = FileTransport(tmp_path / "outbox")
    today = dispatch(engine=engine, now=MONDAY_0900, transport=mail, rules=RULES,
                     channels=channels(engine, sms_server))  # fmt: skip
    rows = sms_rows(session)
    waiting = [r for r in rows if r.state == "pending"]

    assert (len(sms_server.requests), today.waiting) == (3, 1)  # the cap is 3 a day
    assert [r.next_attempt_at for r in waiting] == [MONDAY_0830 + timedelta(days=1)]
    tuesday = dispatch(engine=engine, now=MONDAY_0900 + timedelta(days=1), transport=mail,
                       rules=RULES, channels=channels(engine, sms_server))  # fmt: skip
    assert tuesday.sent == 1 and len(sms_server.requests) == 4


def test_a_leader_who_turned_texts_off_gets_none(
    city: int, engine: sa.Engine, session: Session, sms_server: SmsServer, tmp_path: Path
) -> None:
    from notifications.transports import FileTransport
    from services.notices import set_preference

    set_preference(session=session, email=LEADER.email, locale=None, digest=None, sms=False,
                   now=MONDAY_0830)  # fmt: skip
    session.commit()
    supervise(engine, city, 1)
    dispatch(engine=engine, now=MONDAY_0900, transport=FileTransport(tmp_path / "outbox"),
             rules=RULES, channels=channels(engine, sms_server))  # fmt: skip

    assert sms_rows(session) == [] and sms_server.requests == []  # never even queued


def test_a_template_that_names_feedback_carries_the_feedback_address(
    city: int, engine: sa.Engine, session: Session, sms_server: SmsServer, tmp_path: Path
) -> None:
    import json
    from dataclasses import replace

    from notifications.transports import FileTransport

    supervise(engine, city, 1)
    text = "${title}已督办。意见与投诉：${feedback}"
    sms = AliyunSms(KEY_ID, SECRET, "聊城市链长办", endpoint=sms_server.url,
                    templates={"SMS_480100001": text})  # fmt: skip
    chosen = replace(channels(engine, sms_server), sms=sms, sms_template_text=text)
    dispatch(engine=engine, now=MONDAY_0900, transport=FileTransport(tmp_path / "outbox"),
             rules=RULES, channels=chosen)  # fmt: skip

    [request] = sms_server.requests
    assert json.loads(request["TemplateParam"]) == {
        "title": "督办事项1",
        "feedback": "chainops.example.gov.cn/feedback",
    }
