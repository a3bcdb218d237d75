"""A city whose sweep sends one reminder to its owner, delivered to .eml files, and replies to
it as a mail client would write them."""

from datetime import UTC, datetime, time
from email import message_from_bytes, policy
from email.message import EmailMessage
from email.utils import format_datetime, parseaddr
from pathlib import Path
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlmodel import Session

from mechanism.calendar import WorkingCalendar
from notifications.transports import FileTransport
from services.config import EngineRules
from services.outbox import DispatchRules, dispatch
from services.tasks import sweep
from services.workbook import import_workbook, read_workbook
from tests.services.workbooks import small_city, write_workbook

CALENDAR = WorkingCalendar()
ENGINE_RULES = EngineRules(calendar=CALENDAR, office_mailbox="office@example.gov.cn")
MAIL_RULES = DispatchRules(
    zone=ZoneInfo("Asia/Shanghai"),
    calendar=CALENDAR,
    window=(time(8, 30), time(18, 0)),
    sender="chainops@example.gov.cn",
    sender_name="市链长制办公室",
    office_name="市链长制办公室",
    secret="test-secret-key-for-links",
    base_url="https://chainops.example.gov.cn",
)
MONDAY_0830 = datetime(2026, 11, 30, 0, 30, tzinfo=UTC)
MONDAY_0900 = datetime(2026, 11, 30, 1, 0, tzinfo=UTC)
MONDAY_1000 = datetime(2026, 11, 30, 2, 0, tzinfo=UTC)
OWNER = "wang.lei@example.gov.cn"
TITLE = "完成风电轴承项目用地预审"


def reminded_city(session: Session, engine: sa.Engine, tmp_path: Path, tasks: int = 1) -> Path:
    """``tasks`` tasks of wang.lei due on Thursday 3 December: Monday's sweep reminds him of
    each (his other task is moved to next year). Returns the folder of the delivered mail."""
    sheets = small_city()
    sheets["Plan tasks"][1][8] = "2027-06-30"
    for n in range(tasks):
        title = TITLE if n == 0 else f"{TITLE}{n}"
        sheets["Plan tasks"].append(
            ["BEARING", 2026, 10 + n, title, "GXJ", OWNER, None, "2026-09-01", "2026-12-03"]
        )
    workbook = read_workbook(write_workbook(tmp_path / "city.xlsx", sheets))
    import_workbook(session=session, workbook=workbook, actor="t", now=MONDAY_0830)
    session.commit()
    sweep(engine=engine, now=MONDAY_0830, rules=ENGINE_RULES)
    sent = tmp_path / "sent"
    dispatch(engine=engine, now=MONDAY_0900, transport=FileTransport(sent), rules=MAIL_RULES)
    return sent


def delivered(sent: Path, to: str = OWNER) -> EmailMessage:
    """The one mail delivered to ``to``."""
    found = delivered_all(sent, to)
    assert len(found) == 1, [str(m["Subject"]) for m in found]
    return found[0]


def delivered_all(sent: Path, to: str = OWNER) -> list[EmailMessage]:
    """Every mail delivered to ``to``, in the order they were written."""
    found = []
    for path in sorted(sent.glob("*.eml")):
        message = message_from_bytes(path.read_bytes(), policy=policy.default)
        assert isinstance(message, EmailMessage)
        if parseaddr(str(message["To"]))[1] == to:
            found.append(message)
    return found


def reply_to(
    notice: EmailMessage,
    text: str,
    *,
    sender: str = OWNER,
    to: str | None = None,
    threaded: bool = True,
    message_id: str = "<reply-1@mail.example.gov.cn>",
    headers: dict[str, str] | None = None,
    subject: str | None = None,
) -> bytes:
    """A reply to ``notice`` from ``sender``: to its Reply-To (or ``to``), quoting it below
    the new text as Foxmail does, with In-Reply-To and References when ``threaded``."""
    reply = EmailMessage()
    reply["From"] = f"王磊 <{sender}>"
    reply["To"] = to or str(notice["Reply-To"] or notice["From"])
    reply["Subject"] = subject or f"回复：{notice['Subject']}"
    reply["Date"] = format_datetime(MONDAY_1000)
    reply["Message-ID"] = message_id
    if threaded:
        reply["In-Reply-To"] = str(notice["Message-ID"])
        reply["References"] = str(notice["Message-ID"])
    for name, value in (headers or {}).items():
        reply[name] = value
    body = notice.get_body(preferencelist=("plain",))
    assert body is not None
    quoted = "\n".join(f"> {line}" for line in str(body.get_content()).splitlines())
    reply.set_content(f"{text}\n\n在 2026年11月30日 09:00，市链长制办公室 写道：\n{quoted}\n")
    return bytes(reply)
