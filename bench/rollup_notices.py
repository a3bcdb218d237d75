"""The notices of ``bench/rollup.py``'s city, January–October, as the 08:30 sweeps issue
them (the formal ones numbered), with one outbox row per recipient, some acknowledged.
"""

import json
import math
import sqlite3
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from typing import Any

from bench.rollup_city import CHAINS, NOW, PEOPLE, CityDraw, insert_rows

TASK_NOTICES = (  # level, kind, share, recipients
    (0, "reminder", 45, ("owner",)),
    (1, "urging_slip", 30, ("owner", "lead_department")),
    (2, "coordination", 15, ("working_group",) * 3),
    (3, "supervision", 10, ("chain_leader",)),
)
KIND_CHARS = {"urging_slip": "催", "coordination": "协", "supervision": "督"}


class NoticeRows(CityDraw):
    """Notices about the tasks, requests and projects drawn before them."""

    def load_notices(self, raw: sqlite3.Connection) -> dict[str, int]:
        outbox: list[tuple[Any, ...]] = []
        counters: dict[tuple[int, str], int] = {}
        columns = (
            "id, key, kind, level, chain_id, subject_type, subject_id, year, seq, number,"
            " facts, issued_at"
        )
        notices = insert_rows(raw, "notice", columns, self._notices(outbox, counters))
        outbox_columns = (
            "notice_id, recipient_email, recipient_name, recipient_role, dedupe_key, state,"
            " attempts, next_attempt_at, sent_at, acknowledged_at"
        )
        rows = insert_rows(raw, "outbox_message", outbox_columns, outbox)
        insert_rows(
            raw,
            "notice_counter",
            "chain_id, kind, year, last_seq",
            ((chain, kind, 2026, seq) for (chain, kind), seq in counters.items()),
        )
        return {"notices_in_db": notices, "outbox_rows": rows}

    def _notices(
        self, outbox: list[Any], counters: dict[tuple[int, str], int]
    ) -> Iterator[tuple[Any, ...]]:
        rng, days = self.rng, self.days
        seen: set[str] = set()
        nid = 0
        for month in range(1, 11):
            first = days.index(date(2026, month, 1))
            workdays = list(range(first, days.index(date(2026, month + 1, 1))))
            for _ in range(self.args.notices):
                nid += 1
                day = rng.choice(workdays)
                key = ""
                while not key or key in seen:  # a subject gets one notice a level a day
                    key, kind, level, subject_type, subject, chain_id, roles = self._subject(day)
                seen.add(key)
                seq = number = None
                if kind in KIND_CHARS:
                    seq = counters[chain_id, kind] = counters.get((chain_id, kind), 0) + 1
                    number = f"聊链{CHAINS[chain_id - 1][1]}{KIND_CHARS[kind]}〔2026〕{seq}号"
                issued = days.instant(day, 8, 30)
                facts = {
                    "subject_id": subject,
                    "chain_code": CHAINS[chain_id - 1][0],
                    "chain_name": f"{CHAINS[chain_id - 1][1]}产业链",
                    "level": level,
                    "kind": kind,
                    "reason": "已超期，请于三个工作日内报送进展",
                    "issued_on": days.iso(day),
                }
                self._outbox(nid, key, roles, issued, outbox)
                yield (
                    nid,
                    key,
                    kind,
                    level,
                    chain_id,
                    subject_type,
                    subject,
                    2026,
                    seq,
                    number,
                    json.dumps(facts),
                    days.stamp(issued),
                )

    def _subject(self, day: int) -> tuple[str, str, int, str, int, int, tuple[str, ...]]:
        """What a notice of ``day`` is about: mostly tasks, as the sweeps issue them."""
        rng, on = self.rng, self.days.iso(day)
        draw = rng.random()
        if draw < 0.80:
            level, kind, _, roles = rng.choices(TASK_NOTICES, [n[2] for n in TASK_NOTICES])[0]
            task = rng.randint(1, self.args.tasks)
            chain_id = self.task_chain[task - 1]
            return f"task:{task}:L{level}:{on}", kind, level, "task", task, chain_id, roles
        if draw < 0.92:
            level = rng.choices((0, 1, 2), (60, 28, 12))[0]
            roles = (("lead_department",), ("working_group",) * 3, ("chain_leader",))[level]
            request = rng.randint(1, self.args.requests)
            key = f"factor_request:{request}:close:L{level}:{on}"
            chain_id = self.request_chain[request - 1]
            return key, "factor_request", level, "factor_request", request, chain_id, roles
        project = rng.randint(1, self.args.projects)
        key = f"key_project:{project}:stale:{on}"
        roles = ("enterprise", "working_group")
        chain_id = self.project_chain[project - 1]
        return key, "project_stale", 0, "key_project", project, chain_id, roles

    def _outbox(
        self, nid: int, key: str, roles: tuple[str, ...], issued: datetime, out: list[Any]
    ) -> None:
        """One row per recipient, most sent within minutes; some acknowledged (签收) later."""
        rng, days = self.rng, self.days
        acknowledging = rng.random() < 0.65
        issued_text = days.stamp(issued)
        for k, role in enumerate(roles):
            person = rng.randint(1, PEOPLE)
            email = f"p{person:04d}@example.gov.cn"
            state = "sent" if rng.random() < 0.97 else rng.choice(("pending", "dead"))
            sent = acknowledged = None
            if state == "sent":
                sent = days.stamp(issued + timedelta(minutes=rng.randint(1, 20), seconds=k))
                if acknowledging and rng.random() < 0.7:
                    at = issued + timedelta(hours=math.exp(rng.gauss(math.log(6), 1.2)))
                    acknowledged = days.stamp(at) if at < NOW else None
            out.append(
                (
                    nid,
                    email,
                    None,
                    role,
                    f"{key}:{email}:{k}",
                    state,
                    1 if state != "pending" else 0,
                    issued_text,
                    sent,
                    acknowledged,
                )
            )
