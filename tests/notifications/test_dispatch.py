"""Delivering the outbox through a real SMTP server: once each, in hours, retried, never lost."""

import threading
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa
from sqlmodel import Session, select

from mechanism.calendar import WorkingCalendar
from models import DeliveryAttempt, OutboxMessage, Task
from models.db import make_engine
from notifications.links import AckTokenError
from notifications.transports import FileTransport, SmtpTransport
from services import notices as notice_service
from services.config import EngineRules
from services.outbox import DispatchRules, dispatch
from services.tasks import sweep
from services.workbook import import_workbook, read_workbook
from tests.services.workbooks import small_city, write_workbook

CALENDAR = WorkingCalendar()
ENGINE_RULES = EngineRules(calendar=CALENDAR, office_mailbox="office@example.gov.cn")
RULES = DispatchRules(
    zone=ZoneInfo("Asia/Shanghai"),
    calendar=CALENDAR,
    window=(datetime.strptime("08:30", "%H:%M").time(), datetime.strptime("18:00", "%H:%M").time()),
    sender="chainops@example.gov.cn",
    sender_name="市链长制办公室",
    office_name="市链长制办公室",
    secret="test-secret-key-for-links",
    base_url="https://chainops.example.gov.cn",
    max_attempts=3,
    retry_base_seconds=60,
)
MONDAY_0830 = datetime(2026, 11, 30, 0, 30, tzinfo=UTC)
MONDAY_0900 = datetime(2026, 11, 30, 1, 0, tzinfo=UTC)


@pytest.fixture
def queued(session: Session, engine: sa.Engine, tmp_path: Path) -> int:
    return queue_urging_slips(session, engine, tmp_path)


def queue_urging_slips(session: Session, engine: sa.Engine, tmp_path: Path) -> int:
    """A city whose sweep queued urging slips: 4 tasks overdue, all owned by wang.lei (GXJ)."""
    sheets = small_city()
    for n in range(3):
        sheets["Plan tasks"].append(
            [
                "BEARING",
                2026,
                10 + n,
                f"逾期任务{n}",
                "GXJ",
                "wang.lei@example.gov.cn",
                None,
                "2026-09-01",
                "2026-11-02",
            ]
        )
    workbook = read_workbook(write_workbook(tmp_path / "city.xlsx", sheets))
    import_workbook(session=session, workbook=workbook, actor="t", now=MONDAY_0830)
    session.commit()
    report = sweep(engine=engine, now=MONDAY_0830, rules=ENGINE_RULES)
    return report.outbox_rows


def smtp(server: Any) -> SmtpTransport:
    return SmtpTransport(
        host=server.host,
        port=server.port,
        security="none",
        user=None,
        password=None,
        sender="chainops@example.gov.cn",
        timeout=5,
    )


def outbox_states(session: Session) -> list[str]:
    session.commit()
    return sorted(row.state for row in session.exec(select(OutboxMessage)))


def test_each_recipient_gets_one_digest_with_every_notice_once(
    queued: int, engine: sa.Engine, smtp_server: Any, session: Session
) -> None:
    with smtp(smtp_server) as transport:
        report = dispatch(engine=engine, now=MONDAY_0900, transport=transport, rules=RULES)
        again = dispatch(engine=engine, now=MONDAY_0900, transport=transport, rules=RULES)

    assert queued == 8  # 4 urging slips, each to the owner and the department mailbox
    assert (report.emails, report.sent, again.claimed) == (2, 8, 0)
    recipients = sorted(m["To"].addresses[0].addr_spec for m in smtp_server.messages)
    assert recipients == ["gxj@example.gov.cn", "wang.lei@example.gov.cn"]
    digest = smtp_server.messages[0]
    assert "4" in digest["Subject"]
    calendars = [p for p in digest.iter_attachments() if p.get_content_type() == "text/calendar"]
    assert len(calendars) == 4
    assert outbox_states(session) == ["sent"] * 8


def test_nothing_leaves_outside_working_hours_and_it_goes_out_next_morning(
    queued: int, engine: sa.Engine, smtp_server: Any
) -> None:
    evening = datetime(2026, 11, 30, 12, 0, tzinfo=UTC)  # 20:00 in Shanghai
    saturday = datetime(2026, 12, 5, 2, 0, tzinfo=UTC)
    with smtp(smtp_server) as transport:
        closed = [
            dispatch(engine=engine, now=t, transport=transport, rules=RULES)
            for t in (evening, saturday)
        ]
        assert smtp_server.messages == []
        morning = dispatch(
            engine=engine,
            now=datetime(2026, 12, 7, 0, 30, tzinfo=UTC),
            transport=transport,
            rules=RULES,
        )
    assert [r.open for r in closed] == [False, False]
    assert morning.sent == 8


def test_a_refusing_server_gets_retries_then_dead_letters_and_nothing_is_sent_twice(
    queued: int, engine: sa.Engine, smtp_server: Any, session: Session
) -> None:
    smtp_server.mode("refuse", code=451, at="data")
    times = [
        MONDAY_0900,
        datetime(2026, 11, 30, 1, 2, tzinfo=UTC),
        datetime(2026, 11, 30, 1, 10, tzinfo=UTC),
    ]
    with smtp(smtp_server) as transport:
        reports = [dispatch(engine=engine, now=t, transport=transport, rules=RULES) for t in times]

    assert [r.retrying for r in reports] == [8, 8, 0]
    assert reports[-1].dead == 8  # the third attempt was the last
    assert outbox_states(session) == ["dead"] * 8
    assert len(session.exec(select(DeliveryAttempt)).all()) == 24
    dead = notice_service.dead_letters(session=session)
    assert {d["email"] for d in dead} == {"gxj@example.gov.cn", "wang.lei@example.gov.cn"}

    smtp_server.mode("accept")
    for notice_id in {d["notice_id"] for d in dead}:
        notice_service.retry(session=session, notice_id=notice_id, now=times[-1])
    session.commit()
    with smtp(smtp_server) as transport:
        final = dispatch(engine=engine, now=times[-1], transport=transport, rules=RULES)
    assert final.sent == 8
    assert len(smtp_server.messages) == 2


def test_a_permanent_refusal_is_a_dead_letter_at_once(
    queued: int, engine: sa.Engine, smtp_server: Any, session: Session
) -> None:
    smtp_server.mode("refuse", code=550, at="rcpt")
    with smtp(smtp_server) as transport:
        report = dispatch(engine=engine, now=MONDAY_0900, transport=transport, rules=RULES)
    assert (report.dead, report.retrying) == (8, 0)


def test_with_the_server_down_notices_wait_and_go_out_once_it_is_back(
    queued: int, engine: sa.Engine, smtp_server: Any, session: Session
) -> None:
    smtp_server.stop()
    with smtp(smtp_server) as transport:
        down = dispatch(engine=engine, now=MONDAY_0900, transport=transport, rules=RULES)
    smtp_server.start()
    later = datetime(2026, 11, 30, 1, 5, tzinfo=UTC)  # after the first backoff (1 minute)
    with smtp(smtp_server) as transport:
        back = dispatch(engine=engine, now=later, transport=transport, rules=RULES)
    assert (down.sent, down.retrying) == (0, 8)
    assert back.sent == 8
    assert len(smtp_server.messages) == 2


def test_two_dispatchers_racing_send_each_notice_once(
    queued: int, engine: sa.Engine, database_url: str, smtp_server: Any
) -> None:
    engines = [make_engine(database_url), make_engine(database_url)]
    start = threading.Barrier(2)

    def run(own: sa.Engine) -> None:
        start.wait()
        with smtp(smtp_server) as transport:
            dispatch(engine=own, now=MONDAY_0900, transport=transport, rules=RULES)

    threads = [threading.Thread(target=run, args=(own,)) for own in engines]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for own in engines:
        own.dispose()
    delivered = [int(i) for m in smtp_server.messages for i in m["X-Chainops-Outbox"].split(",")]
    assert sorted(delivered) == sorted(set(delivered))
    assert len(delivered) == 8


def test_an_eml_is_dated_and_named_by_the_clock_of_the_run_that_sent_it(
    queued: int, engine: sa.Engine, tmp_path: Path
) -> None:
    import email
    import email.policy

    # A replayed morning (the demo's November) runs on its own clock, not the machine's.
    dispatch(engine=engine, now=MONDAY_0900, transport=FileTransport(tmp_path), rules=RULES)

    files = sorted(tmp_path.glob("*.eml"))
    assert files and all(p.name.startswith("20261130T010000.000000Z-") for p in files)
    for path in files:
        message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
        assert message["Date"] == "Mon, 30 Nov 2026 09:00:00 +0800"
        assert message["Date"].datetime == MONDAY_0900


def test_the_link_in_a_notice_acknowledges_it_and_a_tampered_one_changes_nothing(
    queued: int, engine: sa.Engine, session: Session, tmp_path: Path
) -> None:
    dispatch(engine=engine, now=MONDAY_0900, transport=FileTransport(tmp_path), rules=RULES)
    import email
    import email.policy

    owner_mail = next(
        m
        for m in (
            email.message_from_bytes(p.read_bytes(), policy=email.policy.default)
            for p in tmp_path.glob("*.eml")
        )
        if m["To"].addresses[0].addr_spec == "wang.lei@example.gov.cn"
    )
    text = owner_mail.get_body(("plain",)).get_content()
    link = next(word for word in text.split() if "/ack/" in word)
    link = link[link.index("https://") :]

    with pytest.raises(AckTokenError):
        notice_service.acknowledge_link(
            session=session,
            token=link[:-2] + ("A" if link[-2] != "A" else "B") + link[-1],
            secret=RULES.secret,
            now=MONDAY_0900,
            rules=ENGINE_RULES,
        )
    row = notice_service.acknowledge_link(
        session=session, token=link, secret=RULES.secret, now=MONDAY_0900, rules=ENGINE_RULES
    )
    session.commit()
    assert row.acknowledged_at is not None
    task = session.exec(select(Task).where(Task.title == "推动轴承钢本地化配套")).one()
    session.refresh(task)
    assert task.hold_until is not None


def test_an_assignment_notice_arrives_with_its_number_requirements_and_deadline(
    session: Session, engine: sa.Engine, smtp_server: Any, tmp_path: Path
) -> None:
    from datetime import date

    from services.people import actor_by_email, add_user
    from services.tasks import assign_task

    workbook = read_workbook(write_workbook(tmp_path / "city.xlsx", small_city()))
    import_workbook(session=session, workbook=workbook, actor="t", now=MONDAY_0830)
    add_user(session=session, email="li.na@example.gov.cn", office=True, now=MONDAY_0830)
    assign_task(
        session=session, actor=actor_by_email(session, "li.na@example.gov.cn"),
        chain_code="BEARING", title="组织轴承产业对接会", lead_department="GXJ",
        owner_email="wang.lei@example.gov.cn", start=date(2026, 11, 30), working_days=5,
        requirements="会后5个工作日内报送对接成果清单", now=MONDAY_0830, rules=ENGINE_RULES,
    )  # fmt: skip
    session.commit()

    with smtp(smtp_server) as transport:
        report = dispatch(engine=engine, now=MONDAY_0900, transport=transport, rules=RULES)

    assert report.sent == 2  # the owner and the lead department's mailbox
    mail = next(
        m for m in smtp_server.messages if m["To"].addresses[0].addr_spec.startswith("wang.lei")
    )
    assert mail["Subject"] == "【交办】组织轴承产业对接会，请于2026年12月7日前办结"
    text = mail.get_body(preferencelist=("plain",)).get_content()
    assert "聊链轴承交〔2026〕1号" in text
    assert "工作要求：会后5个工作日内报送对接成果清单" in text
    assert "时限要求：2026年12月7日（5个工作日）" in text
    [calendar] = [p for p in mail.iter_attachments() if p.get_content_type() == "text/calendar"]
    assert "DTSTART;VALUE=DATE:20261207" in calendar.get_content()


def test_a_title_with_a_slash_or_markup_names_its_ics_and_stops_no_mail(
    session: Session, engine: sa.Engine, tmp_path: Path
) -> None:
    """Issue 14: a reminder's .ics was named from the task's title, and 落实2026/2027年度计划
    made every dispatch fail. Now the name is made bare and every message goes out."""
    import email
    import email.policy

    sheets = small_city()
    for n, title in enumerate(("落实2026/2027年度计划", "核查</script>台账", "普通任务")):
        sheets["Plan tasks"].append(
            ["BEARING", 2026, 20 + n, title, "GXJ", "wang.lei@example.gov.cn", None,
             "2026-11-02", "2026-12-03"]
        )  # fmt: skip
    workbook = read_workbook(write_workbook(tmp_path / "city.xlsx", sheets))
    import_workbook(session=session, workbook=workbook, actor="t", now=MONDAY_0830)
    session.commit()
    queued = sweep(engine=engine, now=MONDAY_0830, rules=ENGINE_RULES).outbox_rows
    outbox = tmp_path / "outbox"
    report = dispatch(engine=engine, now=MONDAY_0900, transport=FileTransport(outbox), rules=RULES)

    assert queued >= 3 and report.sent == queued  # three reminders (due in 3 working days)
    assert outbox_states(session) == ["sent"] * queued
    names = [
        part.get_filename()
        for path in outbox.glob("*.eml")
        for part in email.message_from_bytes(
            path.read_bytes(), policy=email.policy.default
        ).iter_attachments()
    ]
    assert "提醒函-落实2026-2027年度计划.ics" in names
    assert all("/" not in n and "<" not in n and ">" not in n for n in names), names
