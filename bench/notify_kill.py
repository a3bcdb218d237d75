"""Kill ``chainops notices send`` at random and count, at the server, what arrived twice.

    .venv/bin/python bench/notify_kill.py [--notices 10000] [--kills 20] [--seed 14]

(``bench/notify.py`` runs it too and reports its figures beside the throughput.)

1. A fresh SQLite database (the real migrations) holding ``--notices`` notices, one outbox row
   each, five consecutive rows to each recipient — so most mail is a digest of several rows.
2. An aiosmtpd server in this process records, for every message it accepts, the outbox ids it
   delivers (its ``X-Chainops-Outbox`` header) and its ``Message-ID``.
3. ``chainops notices send`` runs as a child process, as an operator or the flow would run it;
   as soon as the server sees the run's first message, the child is killed (SIGKILL) after a
   random 0–0.6 s, so it dies mid-send. The next run is "as of" 11 minutes later, past the
   10-minute lease. After ``--kills`` kills, runs go on undisturbed until nothing is pending.
4. Counted per outbox id: ``lost`` (never arrived), ``duplicates`` (arrived more than once) and
   ``kill_duplicates_new_id`` (arrived more than once under different Message-IDs — what no
   mail client can collapse). Expected: ``lost`` 0 and ``kill_duplicates_new_id`` 0; each
   kill may leave one duplicate, the message in flight, under the same Message-ID.
"""

import argparse
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from datetime import UTC, datetime, timedelta
from email import policy
from email.parser import BytesHeaderParser
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from aiosmtpd.controller import Controller

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.notify import HOST, KINDS, _free_port, contexts
from models import Notice, OutboxMessage
from models.db import make_engine
from services.database import upgrade_schema

PER_RECIPIENT = 5  # rows claimed together by id: a digest of five
START = datetime(2026, 12, 7, 8, 40)  # a Monday morning in the city's zone, inside the window


class RecordingHandler:
    """Accepts everything; remembers which outbox ids came under which Message-ID."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.accepted = 0
        self.seen: dict[int, list[str]] = defaultdict(list)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        # Parsed, not matched line by line: a long Message-ID is folded onto the next line.
        headers = BytesHeaderParser(policy=policy.default).parsebytes(envelope.original_content)
        message_id = str(headers["Message-ID"] or "").strip()
        with self.lock:
            self.accepted += 1
            for outbox_id in str(headers["X-Chainops-Outbox"] or "").split(","):
                if outbox_id.strip():
                    self.seen[int(outbox_id)].append(message_id)
        return "250 2.0.0 OK"


def build(url: str, count: int) -> None:
    engine = make_engine(url)
    upgrade_schema(engine=engine)
    issued = datetime(2026, 12, 4, 1, 0, tzinfo=UTC)
    notices, rows = [], []
    for i, (kind, _locale, context) in enumerate(contexts(count)):
        notices.append(
            {
                "id": i + 1,
                "key": f"bench-{i + 1}",
                "kind": kind,
                "level": KINDS.index(kind),
                "subject_type": "task",
                "subject_id": i + 1,
                "year": 2026,
                "facts": context,
                "issued_at": issued,
            }
        )
        rows.append(
            {
                "notice_id": i + 1,
                "recipient_email": f"person{i // PER_RECIPIENT}@example.gov.cn",
                "recipient_name": str(context["recipient_name"]),
                "recipient_role": "owner",
                "dedupe_key": f"bench-{i + 1}",
                "state": "pending",
                "attempts": 0,
                "next_attempt_at": issued,
            }
        )
    with engine.begin() as connection:
        connection.execute(sa.insert(Notice.__table__), notices)  # type: ignore[attr-defined]
        connection.execute(sa.insert(OutboxMessage.__table__), rows)  # type: ignore[attr-defined]
    engine.dispose()


def _pending(url: str) -> int:
    engine = make_engine(url)
    with engine.connect() as connection:
        table = OutboxMessage.__table__  # type: ignore[attr-defined]
        states: dict[str, int] = dict(
            connection.execute(
                sa.select(table.c.state, sa.func.count()).group_by(table.c.state)
            ).all()
        )
    engine.dispose()
    return int(states.get("pending", 0))


def _send(env: dict[str, str], as_of: datetime) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "chainops", "notices", "send", "--as-of", as_of.isoformat()],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def kill_run(notices: int = 10_000, kills: int = 20, seed: int = 14) -> dict[str, Any]:
    started = time.perf_counter()
    randomness = random.Random(seed)
    handler = RecordingHandler()
    controller = Controller(handler, hostname=HOST, port=_free_port())
    controller.start()
    with tempfile.TemporaryDirectory(prefix="chainops-kill-") as folder:
        url = f"sqlite:///{folder}/kill.db"
        build(url, notices)
        env = {
            **os.environ,
            "CHAINOPS_DATABASE_URL": url,
            "CHAINOPS_EMAIL_TRANSPORT": "smtp",
            "CHAINOPS_SMTP_HOST": HOST,
            "CHAINOPS_SMTP_PORT": str(controller.port),
            "CHAINOPS_SMTP_SECURITY": "none",
        }
        as_of, killed, runs = START, 0, 0
        try:
            while killed < kills and _pending(url):
                before = handler.accepted
                child = _send(env, as_of)
                runs += 1
                while child.poll() is None and handler.accepted == before:
                    time.sleep(0.005)  # until the run's first message arrives
                time.sleep(randomness.uniform(0, 0.6))
                if child.poll() is None:
                    child.send_signal(signal.SIGKILL)
                    killed += 1
                    as_of += timedelta(minutes=11)  # the killed run's lease has run out
                child.wait()
            while _pending(url) and runs < kills + notices // 50:
                subprocess.run(_send(env, as_of).args, env=env, check=False, capture_output=True)
                runs += 1
            pending = _pending(url)
        finally:
            controller.stop()
    seen = handler.seen
    return {
        "kill_notices": notices,
        "kills": killed,
        "kill_runs": runs,
        "kill_messages": handler.accepted,
        "kill_lost": sum(1 for i in range(1, notices + 1) if i not in seen),
        "kill_still_pending": pending,
        "kill_duplicates": sum(1 for ids in seen.values() if len(ids) > 1),
        "kill_duplicates_new_id": sum(1 for ids in seen.values() if len(set(ids)) > 1),
        "kill_s": round(time.perf_counter() - started, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--notices", type=int, default=10_000)
    parser.add_argument("--kills", type=int, default=20)
    parser.add_argument("--seed", type=int, default=14)
    args = parser.parse_args()
    print(json.dumps(kill_run(args.notices, args.kills, args.seed)), flush=True)


if __name__ == "__main__":
    main()
