"""Publishing a closed month: its bulletin files, and its mail to leaders and the office, once."""

from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlmodel import Session, select

from models import Notice, OutboxMessage
from notifications.render import render
from services.rollup import MonthNotClosed, bulletin_view, is_published, publish_month
from tests.services.rollup.test_close import NOVEMBER, RULES, build_november, close

OFFICE = "office@example.gov.cn"


def publish(session: Session, reports: Path, month: date = NOVEMBER):  # type: ignore[no-untyped-def]
    published = publish_month(
        session=session,
        month=month,
        reports_dir=reports,
        rules=replace(RULES, office_mailbox=OFFICE),
        office_name="市链长制办公室",
        base_url="https://chainops.example.gov.cn/",
        locale="zh-CN",
    )
    session.commit()
    return published


def test_a_closed_month_is_written_to_its_folder_and_mailed_once(
    session: Session, tmp_path: Path
) -> None:
    build_november(session, tmp_path)
    close(session)
    reports = tmp_path / "reports"
    assert not is_published(session=session, month=NOVEMBER, reports_dir=reports)

    first = publish(session, reports)
    again = publish(session, reports)

    folder = reports / "2026-11"
    assert {p.relative_to(folder).as_posix() for p in first.files} >= {
        "bulletin.zh-CN.html",
        "bulletin.en.html",
        "rollup-2026-11.zh-CN.xlsx",
        "rollup-2026-11.en.xlsx",
    }
    assert "轴承" in (folder / "bulletin.zh-CN.html").read_text(encoding="utf-8")
    assert (first.notices, first.mails) == (2, 2)
    assert (again.notices, again.mails) == (0, 0)  # nobody hears about a month twice
    assert again.files == first.files
    assert is_published(session=session, month=NOVEMBER, reports_dir=reports)
    rows = session.exec(
        select(Notice.key, OutboxMessage.recipient_email, OutboxMessage.recipient_role)
        .join(OutboxMessage, OutboxMessage.notice_id == Notice.id)
        .where(Notice.kind == "monthly_rollup")
    ).all()
    # The small city has no chief chain leader and no office user: the office mailbox gets
    # the city's bulletin; the chain leader gets the chain's.
    assert sorted(rows) == [
        ("rollup:2026-11:BEARING", "wang.lei@example.gov.cn", "chain_leader"),
        ("rollup:2026-11:city", OFFICE, "office"),
    ]


def test_the_mail_carries_the_headline_figures_the_rank_and_a_link(
    session: Session, tmp_path: Path
) -> None:
    build_november(session, tmp_path)
    close(session)
    publish(session, tmp_path / "reports")
    facts = session.exec(select(Notice.facts).where(Notice.key == "rollup:2026-11:BEARING")).one()

    assert facts["scope_name"] == "轴承"
    assert facts["report_url"] == "https://chainops.example.gov.cn/rollups/2026-11?chain=BEARING"
    assert facts["figures"] == {
        "tasks_total": 2,
        "due_this_month": 0,  # the late task was due in June, extended into November
        "tasks_done": 1,
        "on_time_rate": 0.0,
        "red": 0,
        "yellow": 1,
        "green": 0,
        "investment_rate": 0.6667,
        "timing_rate": 0.9151,
        "reports_missing": 0,
        "requests_closed": 1,
        "requests_in_time_rate": 1.0,
        "score": 58.2,
        "rank": 1,
    }
    assert facts["highlights"] == [
        "在1条产业链中排名第1（综合得分58.2）。",
        "重点项目年度投资完成率落后序时进度24.8个百分点。",
    ]
    mail = render("monthly_rollup", "zh-CN", {**facts, "recipient_name": "王磊",
                                              "office_name": "市链长制办公室",
                                              "feedback_url": "https://x/feedback"})  # fmt: skip
    assert "轴承2026年11月链长制工作情况" in mail.subject
    assert "按期办结率：0.0%" in mail.text and "综合得分：58.2" in mail.text


def test_the_view_ranks_chains_and_departments_and_keeps_the_trend(
    session: Session, tmp_path: Path
) -> None:
    build_november(session, tmp_path)
    close(session, date(2026, 10, 1))
    close(session)

    view = bulletin_view(session=session, month=NOVEMBER, office_name="市链长制办公室")

    assert [(line.code, line.rank) for line in view.departments] == [("ZRJ", 1), ("GXJ", 2)]
    assert [(line.code, line.score) for line in view.chains] == [("BEARING", 58.2)]
    assert [point.month for point in view.trend] == [date(2026, 10, 1), NOVEMBER]
    assert view.weights["tasks_on_time"] == 35


def test_a_month_not_closed_has_no_bulletin(session: Session, tmp_path: Path) -> None:
    with pytest.raises(MonthNotClosed, match="2026-11 is not closed yet"):
        publish(session, tmp_path / "reports")
    assert not (tmp_path / "reports").exists()


def test_the_bulletin_s_own_mail_is_no_rung_of_the_next_month_s_ladder(
    session: Session, tmp_path: Path
) -> None:
    """November's bulletin is mailed in December at level 0; December's ladder figures count
    the rungs of the escalation ladder only, so it is neither a reminder nor timed."""
    build_november(session, tmp_path)
    close(session)
    assert publish(session, tmp_path / "reports").notices == 2
    december = close(session, date(2026, 12, 1), datetime(2027, 1, 4, 2, 0, tzinfo=UTC))
    assert december.city["ladder"]["notices_by_level"] == {}
    levels = december.city["supervision"]["ladder"]["levels"]
    assert all(level["notices"] == 0 for level in levels.values())
