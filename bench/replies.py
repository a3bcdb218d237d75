"""1,000 progress replies collected over IMAP: ``chainops replies collect`` timed end to end.

    .venv/bin/python bench/replies.py [--replies 1000]

Builds a city in a fresh SQLite file (the real schema, by the migrations) with ``--replies``
tasks owned by one official who takes each notice on its own (``notices prefer --each``), so
Monday's sweep sends one reminder per task, each with its own signed Reply-To. The reminders
are delivered to .eml files; one reply per reminder (``进度 N% …``, quoting it, as a mail
client writes it) is APPENDed to a dovecot mailbox started for the run (tests/replies/dovecot.py,
needs dovecot-imapd). Then ``chainops replies collect`` runs once as a subprocess, and the wall
time of that command — start-up, IMAP fetch, matching, progress reports, answers written as
.eml files, filing — gives ``replies_per_s``. It checks that every task took its figure once.
The last line printed is one JSON object.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from datetime import time as clock
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlmodel import Session, select  # noqa: E402

from mechanism.calendar import WorkingCalendar  # noqa: E402
from models import ProgressReport, RecipientPreference  # noqa: E402
from models.db import make_engine  # noqa: E402
from models.migrations import upgrade  # noqa: E402
from notifications.transports import FileTransport  # noqa: E402
from services.config import EngineRules  # noqa: E402
from services.outbox import DispatchRules, dispatch  # noqa: E402
from services.tasks import sweep  # noqa: E402
from services.workbook import import_workbook, read_workbook  # noqa: E402
from tests.replies.city import MONDAY_0830, MONDAY_0900, OWNER, delivered_all, reply_to  # noqa: E402
from tests.replies.dovecot import dovecot_binary, running_dovecot  # noqa: E402
from tests.services.workbooks import small_city, write_workbook  # noqa: E402

SECRET = "bench-secret-key-for-reply-tokens"
SENDER = "chainops@example.gov.cn"


def build(db: Path, work: Path, count: int) -> Path:
    engine = make_engine(f"sqlite:///{db}")
    upgrade(engine)
    sheets = small_city()
    sheets["Plan tasks"][1][8] = "2027-06-30"
    for n in range(count):
        sheets["Plan tasks"].append(
            ["BEARING", 2026, 10 + n, f"基准任务{n:04d}", "GXJ", OWNER, None, "2026-09-01",
             "2026-12-03"]
        )  # fmt: skip
    workbook = read_workbook(write_workbook(work / "city.xlsx", sheets))
    calendar = WorkingCalendar()
    with Session(engine) as session:
        import_workbook(session=session, workbook=workbook, actor="bench", now=MONDAY_0830)
        session.add(RecipientPreference(email=OWNER, digest=False))
        session.commit()
    sweep(engine=engine, now=MONDAY_0830, rules=EngineRules(calendar=calendar))
    rules = DispatchRules(
        zone=ZoneInfo("Asia/Shanghai"), calendar=calendar, window=(clock(8, 30), clock(18)),
        sender=SENDER, sender_name="市链长制办公室", office_name="市链长制办公室",
        secret=SECRET, base_url="https://chainops.example.gov.cn",
    )  # fmt: skip
    sent = work / "sent"
    dispatch(engine=engine, now=MONDAY_0900, transport=FileTransport(sent), rules=rules,
             limit=count + 10)  # fmt: skip
    engine.dispose()
    return sent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--replies", type=int, default=1000)
    args = parser.parse_args()
    binary = dovecot_binary()
    if binary is None:
        sys.exit("dovecot is not installed: apt-get install dovecot-imapd")
    work = Path(tempfile.mkdtemp(prefix="chainops-bench-replies-"))
    db = work / "city.db"
    started = time.perf_counter()
    sent = build(db, work, args.replies)
    notices = delivered_all(sent)
    replies = [
        reply_to(notice, f"进度 {10 + n % 90}% 第{n}项已推进", message_id=f"<bench-{n}@example.cn>")
        for n, notice in enumerate(notices)
    ]
    built_s = time.perf_counter() - started
    with running_dovecot(binary) as imap:
        client = imap.client()
        for start in range(0, len(replies), 200):
            client.multiappend("INBOX", replies[start : start + 200])
        client.logout()
        env = {
            **os.environ, "PYTHONPATH": str(ROOT), "CHAINOPS_DATABASE_URL": f"sqlite:///{db}",
            "CHAINOPS_IMAP_HOST": imap.host, "CHAINOPS_IMAP_PORT": str(imap.port),
            "CHAINOPS_IMAP_SECURITY": "none", "CHAINOPS_IMAP_USER": imap.user,
            "CHAINOPS_IMAP_PASSWORD": imap.password, "CHAINOPS_EMAIL_TRANSPORT": "file",
            "CHAINOPS_OUTBOX_DIR": str(work / "answers"), "CHAINOPS_EMAIL_FROM": SENDER,
            "CHAINOPS_SECRET_KEY": SECRET,
        }  # fmt: skip
        command = [sys.executable, "-m", "chainops", "replies", "collect", "--json",
                   "--as-of", "2026-11-30T10:00"]  # fmt: skip
        began = time.perf_counter()
        result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
        collect_s = time.perf_counter() - began
        left = imap.count("INBOX")
    if result.returncode != 0:
        sys.exit(f"chainops replies collect failed: {result.stderr[-2000:]}")
    report = json.loads(result.stdout)
    engine = make_engine(f"sqlite:///{db}")
    with Session(engine) as session:
        reports = len(session.exec(select(ProgressReport.id)).all())
    engine.dispose()
    figures = {
        "replies": len(replies),
        "applied": report["applied"],
        "progress_reports": reports,
        "answered": report["answered"],
        "left_in_inbox": left,
        "build_s": round(built_s, 1),
        "collect_s": round(collect_s, 2),
        "replies_per_s": round(len(replies) / collect_s, 1),
    }
    print(f"{len(replies)} replies collected in {collect_s:.2f} s "
          f"({figures['replies_per_s']} replies/s); {reports} progress reports")  # fmt: skip
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
