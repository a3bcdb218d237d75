"""A burst of notices for one chain's group robots, and replies collected over IMAP.

    .venv/bin/python bench/channels.py [--notices 1000] [--seconds 150] [--replies 1000]

1. A fresh SQLite database (the real migrations). Over ``--seconds`` seconds, ``--notices``
   supervision notices for one chain arrive (evenly, in small groups), each with an outbox row
   for the chain's WeCom robot and one for its DingTalk robot; meanwhile the dispatcher runs
   back to back, as several workers would, against loopback servers that speak the vendors'
   robot protocols (``tests/notifications/robot_servers.py``: they answer the vendors' own
   over-the-limit codes past 20 posts a minute).
2. Counted at the servers: posts per robot, the most in any 60-second window
   (``robot_max_per_minute``, target ≤ 18), answers over the vendor's limit (target 0), and
   every row delivered by the end.
3. Then ``bench/replies.py --replies N`` (1,000 replies APPENDed to a real dovecot and
   collected by ``chainops replies collect``), whose ``replies_per_s`` is reported beside.

The last line is one JSON object.
"""

import argparse
import json
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import sqlalchemy as sa

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run as a script: the project's packages, and tests' servers

from mechanism.calendar import WorkingCalendar  # noqa: E402
from models import DeliveryAttempt, Notice, OutboxMessage  # noqa: E402
from models.db import make_engine  # noqa: E402
from notifications.examples import EXAMPLE_CONTEXTS  # noqa: E402
from notifications.robots import DingTalkRobot, WeComRobot  # noqa: E402
from notifications.transports import FileTransport  # noqa: E402
from services.database import upgrade_schema  # noqa: E402
from services.outbox import Channels, DispatchRules, dispatch  # noqa: E402
from tests.notifications.robot_servers import DingTalkServer, WeComServer  # noqa: E402

START = datetime(2026, 11, 30, 1, 0, tzinfo=UTC)  # Monday 09:00 in the city
NOTICE = Notice.__table__  # type: ignore[attr-defined]
OUTBOX = OutboxMessage.__table__  # type: ignore[attr-defined]
ATTEMPT = DeliveryAttempt.__table__  # type: ignore[attr-defined]
ROBOTS = ("bench-wecom", "bench-ding")


def _rules() -> DispatchRules:
    from zoneinfo import ZoneInfo

    return DispatchRules(
        zone=ZoneInfo("Asia/Shanghai"),
        calendar=WorkingCalendar(),
        window=(
            datetime.strptime("08:30", "%H:%M").time(),
            datetime.strptime("18:00", "%H:%M").time(),
        ),
        sender="chainops@example.gov.cn",
        sender_name=None,
        office_name="市链长制办公室",
        secret="bench-secret-for-links",
        base_url="https://chainops.example.gov.cn",
    )


def _queue(engine: sa.Engine, first: int, count: int, now: datetime) -> None:
    facts = dict(EXAMPLE_CONTEXTS["supervision"])
    notices = [
        {"id": n, "key": f"bench-{n}", "kind": "supervision", "level": 3, "subject_type": "task",
         "subject_id": n, "year": 2026, "facts": {**facts, "title": f"督办事项{n}"},
         "issued_at": now}
        for n in range(first, first + count)
    ]  # fmt: skip
    rows = [
        {"notice_id": n, "channel": "robot", "recipient_email": f"robot:{robot}",
         "recipient_name": robot, "recipient_role": "group", "dedupe_key": f"bench-{n}-{robot}",
         "state": "pending", "attempts": 0, "next_attempt_at": now}
        for n in range(first, first + count)
        for robot in ROBOTS
    ]  # fmt: skip
    with engine.begin() as connection:
        connection.execute(NOTICE.insert(), notices)
        connection.execute(OUTBOX.insert(), rows)


def _max_per_minute(times: list[float]) -> int:
    times = sorted(times)
    best, start = 0, 0
    for end, moment in enumerate(times):
        while moment - times[start] >= 60:
            start += 1
        best = max(best, end - start + 1)
    return best


def robot_burst(notices: int, seconds: float, folder: Path) -> dict[str, Any]:
    engine = make_engine(f"sqlite:///{folder}/channels.db")
    upgrade_schema(engine=engine)
    wecom, ding = WeComServer(), DingTalkServer()
    wecom.start()
    ding.start()
    channels = Channels(
        robots={
            "bench-wecom": WeComRobot("wecom-key-0001", base_url=wecom.url),
            "bench-ding": DingTalkRobot(
                "ding-token-0001", "SECdingtalk-test-secret-0001", (), base_url=ding.url
            ),
        }
    )
    rules, mail = _rules(), FileTransport(folder / "mail")
    began, queued, runs = time.monotonic(), 0, 0
    group = max(1, notices // max(1, int(seconds)))  # about one group a second
    try:
        while True:
            elapsed = time.monotonic() - began
            now = START + timedelta(seconds=elapsed)
            due = min(notices, int(notices * elapsed / seconds) + group)
            if queued < due:
                _queue(engine, queued + 1, due - queued, now)
                queued = due
            dispatch(engine=engine, now=now, transport=mail, rules=rules, channels=channels)
            runs += 1
            with engine.connect() as connection:
                pending = connection.execute(
                    sa.select(sa.func.count()).where(OUTBOX.c.state == "pending")
                ).scalar_one()
            if queued == notices and pending == 0:
                break
            if elapsed > seconds + 600:
                break  # give up: reported as pending
            time.sleep(0.2)
    finally:
        channels.close()
        wecom.stop()
        ding.stop()
    with engine.connect() as connection:
        states: dict[str, int] = dict(
            connection.execute(
                sa.select(OUTBOX.c.state, sa.func.count()).group_by(OUTBOX.c.state)
            ).all()
        )
        # Attempts the vendor refused as over its limit (45009 WeCom, 90030 DingTalk).
        over = connection.execute(
            sa.select(sa.func.count()).where(
                sa.or_(ATTEMPT.c.error.contains("45009"), ATTEMPT.c.error.contains("90030"))
            )
        ).scalar_one()
    engine.dispose()
    return {
        "notices": notices,
        "dispatch_runs": runs,
        "burst_s": round(time.monotonic() - began, 1),
        "wecom_posts": len(wecom.received),
        "dingtalk_posts": len(ding.received),
        "robot_max_per_minute": max(
            _max_per_minute([r.at for r in wecom.received]),
            _max_per_minute([r.at for r in ding.received]),
        ),
        "rows_sent": int(states.get("sent", 0)),
        "rows_pending": int(states.get("pending", 0)),
        "rows_dead": int(states.get("dead", 0)),
        "over_limit_answers": int(over),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--notices", type=int, default=1000)
    parser.add_argument("--seconds", type=float, default=150.0)
    parser.add_argument("--replies", type=int, default=1000, help="0: skip the IMAP part")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="chainops-bench-channels-") as folder:
        result = robot_burst(args.notices, args.seconds, Path(folder))
    if args.replies:
        replies = subprocess.run(
            [sys.executable, str(ROOT / "bench" / "replies.py"), "--replies", str(args.replies)],
            capture_output=True, text=True, check=False,
        )  # fmt: skip
        lines = replies.stdout.strip().splitlines()
        result |= (
            json.loads(lines[-1])
            if replies.returncode == 0 and lines
            else {"replies_error": replies.stderr[-500:]}
        )
    print(json.dumps(result, ensure_ascii=False), flush=True)


if __name__ == "__main__":
    main()
