"""Progress reported by replying to a reminder, collected from a real IMAP server (dovecot):
applied once, only from the notice's recipient, auto-replies ignored, every refusal answered."""

from email import message_from_bytes, policy
from email.message import EmailMessage
from email.utils import parseaddr
from pathlib import Path

import sqlalchemy as sa
from sqlmodel import Session, select

from models import ProgressReport, ReplyMessage, Task
from notifications.transports import FileTransport
from services.replies import CollectReport, collect_replies
from tests.replies.city import (
    ENGINE_RULES,
    MAIL_RULES,
    MONDAY_1000,
    OWNER,
    TITLE,
    delivered,
    reminded_city,
    reply_to,
)
from tests.replies.conftest import ImapServer
from tests.services.workbooks import snapshot


def collect(engine: sa.Engine, imap: ImapServer, answers: Path) -> CollectReport:
    return collect_replies(
        engine=engine, mailbox=imap.config(), transport=FileTransport(answers),
        now=MONDAY_1000, rules=ENGINE_RULES, mail=MAIL_RULES,
    )  # fmt: skip


def answers_in(folder: Path) -> list[EmailMessage]:
    found = []
    for path in sorted(folder.glob("*.eml")):
        message = message_from_bytes(path.read_bytes(), policy=policy.default)
        assert isinstance(message, EmailMessage)
        found.append(message)
    return found


def text_of(message: EmailMessage) -> str:
    body = message.get_body(preferencelist=("plain",))
    assert body is not None
    return str(body.get_content())


def the_task(session: Session) -> Task:
    session.expire_all()
    return session.exec(select(Task).where(Task.title == TITLE)).one()


def test_a_reply_to_a_reminder_is_reported_once_and_confirmed(
    session: Session, engine: sa.Engine, imap: ImapServer, tmp_path: Path
) -> None:
    notice = delivered(reminded_city(session, engine, tmp_path))
    assert parseaddr(str(notice["Reply-To"]))[1].startswith("chainops+r.")
    assert "也可直接回复本邮件报送进度" in text_of(notice)  # the owner is told they may
    reply = reply_to(notice, "进度 60% 已完成用地预审")
    imap.append(reply)

    first = collect(engine, imap, tmp_path / "answers")
    imap.append(reply)  # the same mail again: filing failed, or the server delivered it twice
    second = collect(engine, imap, tmp_path / "answers")
    third = collect(engine, imap, tmp_path / "answers")

    assert (first.applied, first.answered, first.filed) == (1, 1, 1), first
    assert (second.applied, second.already_handled, second.answered) == (0, 1, 0)
    assert third.read == 0
    task = the_task(session)
    assert task.progress == 60
    reports = session.exec(select(ProgressReport).where(ProgressReport.task_id == task.id)).all()
    assert [(r.progress, r.note) for r in reports] == [(60, "已完成用地预审")]
    assert imap.count("INBOX") == 0
    assert imap.count("chainops-done") == 2
    [answer] = answers_in(tmp_path / "answers")
    assert parseaddr(str(answer["To"]))[1] == OWNER
    assert str(answer["In-Reply-To"]) == "<reply-1@mail.example.gov.cn>"
    assert answer["Auto-Submitted"] == "auto-generated"  # so it starts no reply loop
    assert "进度已登记" in str(answer["Subject"])
    assert TITLE in text_of(answer)
    assert "60%（原为 0%）" in text_of(answer)
    assert "已完成用地预审" in text_of(answer)


def test_a_reply_is_matched_by_in_reply_to_without_the_token(
    session: Session, engine: sa.Engine, imap: ImapServer, tmp_path: Path
) -> None:
    notice = delivered(reminded_city(session, engine, tmp_path))
    imap.append(reply_to(notice, "progress 35 survey finished", to="chainops@example.gov.cn"))

    report = collect(engine, imap, tmp_path / "answers")

    assert report.applied == 1
    task = the_task(session)
    assert task.progress == 35
    assert session.exec(select(ProgressReport.note)).all() == ["survey finished"]


def test_a_reply_from_a_stranger_is_refused_and_tells_them_nothing(
    session: Session, engine: sa.Engine, imap: ImapServer, tmp_path: Path
) -> None:
    notice = delivered(reminded_city(session, engine, tmp_path))
    imap.append(reply_to(notice, "进度 100%", sender="li.na@example.gov.cn"))
    before = snapshot(session)

    report = collect(engine, imap, tmp_path / "answers")

    assert report.refused == {"not_yours": 1}
    after = snapshot(session)
    assert after["task"] == before["task"]
    assert after["progress_report"] == []
    [answer] = answers_in(tmp_path / "answers")
    assert parseaddr(str(answer["To"]))[1] == "li.na@example.gov.cn"
    assert "进度未登记" in str(answer["Subject"])
    assert TITLE not in text_of(answer) and TITLE not in str(answer["Subject"])
    assert "只有通知的收件人" in text_of(answer)
    assert imap.count("chainops-done") == 1


def test_an_auto_reply_is_ignored_unanswered_and_filed(
    session: Session, engine: sa.Engine, imap: ImapServer, tmp_path: Path
) -> None:
    notice = delivered(reminded_city(session, engine, tmp_path))
    imap.append(
        reply_to(notice, "我正在休假，12月7日返回。", headers={"Auto-Submitted": "auto-replied"},
                 message_id="<ooo-1@mail.example.gov.cn>"),
        reply_to(notice, "本人外出 100%", subject="自动回复：提醒函",
                 message_id="<ooo-2@mail.example.gov.cn>"),
        reply_to(notice, "Out of office 100%", headers={"X-Autoreply": "yes"},
                 message_id="<ooo-3@mail.example.gov.cn>"),
    )  # fmt: skip

    report = collect(engine, imap, tmp_path / "answers")

    assert (report.ignored, report.applied, report.answered, report.filed) == (3, 0, 0, 3)
    assert the_task(session).progress == 0
    assert not (tmp_path / "answers").exists()


def test_a_reply_without_a_figure_is_refused(
    session: Session, engine: sa.Engine, imap: ImapServer, tmp_path: Path
) -> None:
    notice = delivered(reminded_city(session, engine, tmp_path))
    imap.append(
        reply_to(notice, "收到，正在办理。", message_id="<r-1@mail.example.gov.cn>"),
        reply_to(notice, "进度 120%", message_id="<r-2@mail.example.gov.cn>"),
    )

    report = collect(engine, imap, tmp_path / "answers")

    assert report.refused == {"no_figure": 1, "over_100": 1}
    assert the_task(session).progress == 0
    texts = [text_of(answer) for answer in answers_in(tmp_path / "answers")]
    assert any("未能在您的回复中找到进度数字" in text for text in texts)
    assert any("您的回复为 120" in text for text in texts)
    assert all(TITLE in text for text in texts)  # the owner is told which task


def test_a_tampered_token_is_refused(
    session: Session, engine: sa.Engine, imap: ImapServer, tmp_path: Path
) -> None:
    notice = delivered(reminded_city(session, engine, tmp_path))
    address = parseaddr(str(notice["Reply-To"]))[1]
    local, _, domain = address.partition("@")
    _, outbox_id, mac = local.split("+", 1)[1].split(".")
    forged = f"chainops+r.{int(outbox_id) + 1}.{mac}@{domain}"  # another row, the same MAC
    imap.append(reply_to(notice, "进度 90%", to=forged, threaded=False))

    report = collect(engine, imap, tmp_path / "answers")

    assert report.refused == {"bad_token": 1}
    assert the_task(session).progress == 0


def test_a_token_still_verifies_when_the_address_comes_back_in_upper_case(
    session: Session, engine: sa.Engine, imap: ImapServer, tmp_path: Path
) -> None:
    notice = delivered(reminded_city(session, engine, tmp_path))
    shouted = parseaddr(str(notice["Reply-To"]))[1].upper()
    imap.append(reply_to(notice, "进度：45", to=shouted, threaded=False))

    assert collect(engine, imap, tmp_path / "answers").applied == 1
    assert the_task(session).progress == 45


def test_a_reply_to_a_closed_task_is_refused(
    session: Session, engine: sa.Engine, imap: ImapServer, tmp_path: Path
) -> None:
    notice = delivered(reminded_city(session, engine, tmp_path))
    task = the_task(session)
    task.state = "cancelled"
    session.add(task)
    session.commit()
    imap.append(reply_to(notice, "进度 80%"))

    report = collect(engine, imap, tmp_path / "answers")

    assert report.refused == {"task_closed": 1}
    assert the_task(session).progress == 0
    ledger = session.exec(select(ReplyMessage)).one()
    assert (ledger.outcome, ledger.reason, ledger.task_id) == ("refused", "task_closed", task.id)


def test_a_digest_of_several_reminders_carries_no_reply_token(
    session: Session, engine: sa.Engine, imap: ImapServer, tmp_path: Path
) -> None:
    notice = delivered(reminded_city(session, engine, tmp_path, tasks=2))
    assert notice["Reply-To"] is None
    assert "直接回复本邮件" not in text_of(notice)
    imap.append(reply_to(notice, "进度 50%"))

    report = collect(engine, imap, tmp_path / "answers")

    assert report.refused == {"ambiguous": 1}


def test_an_answer_that_cannot_be_sent_waits_in_the_inbox_and_goes_out_next_run(
    session: Session, engine: sa.Engine, imap: ImapServer, tmp_path: Path
) -> None:
    notice = delivered(reminded_city(session, engine, tmp_path))
    imap.append(reply_to(notice, "进度 60%"))
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the answers' folder should be")

    failed = collect(engine, imap, blocked)
    again = collect(engine, imap, tmp_path / "answers")

    assert (failed.applied, failed.answers_failed, failed.filed) == (1, 1, 0)
    assert (again.already_handled, again.answered, again.filed) == (1, 1, 1)
    task = the_task(session)
    assert task.progress == 60
    assert len(session.exec(select(ProgressReport)).all()) == 1
    assert len(answers_in(tmp_path / "answers")) == 1
    assert imap.count("INBOX") == 0
