"""The supervision notice (督办通知单) asks for written feedback by a deadline — the ladder's
feedback_days working days after it is issued, counted from the day after — and its .ics sits
on that deadline, not on the task's long-past due date. Through a real sweep and delivery."""

from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlmodel import Session, select

from mechanism.calendar import WorkingCalendar
from mechanism.ladder import DEFAULT_LADDER, Ladder, LadderConfig
from models import Notice
from notifications.transports import SmtpTransport
from services.config import EngineRules
from services.outbox import DispatchRules, dispatch
from services.tasks import sweep
from services.workbook import import_workbook, read_workbook
from tests.services.workbooks import small_city, write_workbook

CALENDAR = WorkingCalendar()
DISPATCH = DispatchRules(
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
# Mon 30 Nov, Tue 1 Dec, Wed 2 Dec 2026 at 08:30 in Shanghai: urged, coordinated, supervised.
SWEEPS = [datetime(2026, 11, 30, 0, 30, tzinfo=UTC), *(
    datetime(2026, 12, day, 0, 30, tzinfo=UTC) for day in (1, 2)
)]  # fmt: skip
LEADER = "wang.lei@example.gov.cn"  # BEARING's chain leader in the small city


def _supervised(
    session: Session, engine: sa.Engine, tmp_path: Path, rules: EngineRules
) -> list[Any]:
    """A task of li.na's, due 2 November and untouched since: the sweeps climb to supervision."""
    sheets = small_city()
    sheets["Plan tasks"][1:] = [  # the only task: the small city's own are due elsewhen
        ["BEARING", 2026, 20, "二期厂房竣工验收", "ZRJ", "li.na@example.gov.cn", None,
         "2026-09-01", "2026-11-02"]
    ]  # fmt: skip
    workbook = read_workbook(write_workbook(tmp_path / "city.xlsx", sheets))
    import_workbook(session=session, workbook=workbook, actor="t", now=SWEEPS[0])
    session.commit()
    for moment in SWEEPS:
        sweep(engine=engine, now=moment, rules=rules)
    return list(session.exec(select(Notice).where(Notice.kind == "supervision")))


def _smtp(server: Any) -> SmtpTransport:
    return SmtpTransport(
        host=server.host,
        port=server.port,
        security="none",
        user=None,
        password=None,
        sender="chainops@example.gov.cn",
        timeout=5,
    )


def test_the_supervision_notice_asks_feedback_by_a_date_and_its_ics_sits_on_it(
    session: Session, engine: sa.Engine, tmp_path: Path, smtp_server: Any
) -> None:
    rules = EngineRules(calendar=CALENDAR, office_mailbox="office@example.gov.cn")
    (notice,) = _supervised(session, engine, tmp_path, rules)
    # Issued Wednesday 2 December: Thursday, Friday, Monday — written feedback by 7 December.
    assert (notice.facts["issued_on"], notice.facts["feedback_due"]) == (
        "2026-12-02",
        "2026-12-07",
    )
    with _smtp(smtp_server) as transport:
        dispatch(engine=engine, now=datetime(2026, 12, 2, 1, 0, tzinfo=UTC), transport=transport,
                 rules=DISPATCH)  # fmt: skip

    (mail,) = [m for m in smtp_server.messages if m["To"].addresses[0].addr_spec == LEADER]
    assert "督办通知单" in mail["Subject"]
    text = mail.get_body(("plain",)).get_content()
    assert "并于2026年12月7日前将办理情况书面反馈市链长制办公室" in text
    assert "反馈时限：2026年12月7日前书面反馈" in text
    (ics,) = [p for p in mail.iter_attachments() if p.get_content_type() == "text/calendar"]
    event = ics.get_payload(decode=True).decode("utf-8")
    assert "DTSTART;VALUE=DATE:20261207" in event
    assert "20261102" not in event  # not the due date, a month gone


def test_the_ladder_file_says_how_many_working_days_the_feedback_gets(
    session: Session, engine: sa.Engine, tmp_path: Path
) -> None:
    five = LadderConfig(Ladder(DEFAULT_LADDER.rungs, feedback_days=5))  # Thu … Wed 9 Dec
    rules = EngineRules(calendar=CALENDAR, office_mailbox="office@example.gov.cn", ladders=five)
    (notice,) = _supervised(session, engine, tmp_path, rules)
    assert notice.facts["feedback_due"] == date(2026, 12, 9).isoformat()


def test_other_rungs_set_no_feedback_deadline(
    session: Session, engine: sa.Engine, tmp_path: Path
) -> None:
    rules = EngineRules(calendar=CALENDAR, office_mailbox="office@example.gov.cn")
    _supervised(session, engine, tmp_path, rules)
    others = session.exec(select(Notice).where(Notice.kind != "supervision")).all()
    assert {n.kind for n in others} == {"urging_slip", "coordination"}
    assert not any("feedback_due" in n.facts for n in others)
