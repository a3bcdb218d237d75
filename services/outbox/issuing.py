"""Issue notices: numbered where formal, one outbox row per recipient, each exactly once.

Every rule that must tell people something (the task ladder, factor-request service levels,
stale project reports) hands its decisions here, inside the transaction that claimed the
items, so a decision and its notices commit or vanish together.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from mechanism.numbering import KIND_CHARS, notice_number
from mechanism.routing import Route
from mechanism.vocabulary import OutboxState
from models import Notice, NoticeCounter, OutboxMessage
from services.config import EngineRules
from services.people import Directory, Recipient

NOTICE = Notice.__table__  # type: ignore[attr-defined]
OUTBOX = OutboxMessage.__table__  # type: ignore[attr-defined]
COUNTER = NoticeCounter.__table__  # type: ignore[attr-defined]
_NUMBERED = {str(kind) for kind in KIND_CHARS}
EMAIL, ROBOT, SMS = "email", "robot", "sms"  # outbox_message.channel


@dataclass(frozen=True)
class NewNotice:
    """A decision to tell ``recipients``; ``key`` (subject, level, day) makes it happen once."""

    key: str
    kind: str
    level: int
    chain_id: int | None
    subject_type: str
    subject_id: int
    year: int
    facts: dict[str, Any]
    recipients: list[Recipient]


@dataclass(frozen=True)
class Issued:
    notices: int
    outbox_rows: int


def issue_notices(
    connection: sa.Connection,
    notices: list[NewNotice],
    *,
    now: datetime,
    directory: Directory,
    rules: EngineRules,
) -> Issued:
    """Write ``notices`` and their outbox rows; any whose key exists already is skipped."""
    if not notices:
        return Issued(0, 0)
    rows = [
        {
            "key": n.key,
            "seq": None,
            "number": None,
            "kind": n.kind,
            "level": n.level,
            "chain_id": n.chain_id,
            "subject_type": n.subject_type,
            "subject_id": n.subject_id,
            "year": n.year,
            "issued_at": now,
            "facts": n.facts,
        }
        for n in notices
    ]
    _number(connection, rows, directory, rules)
    notice_ids = _insert_new(connection, NOTICE, rows, "key", returning=True)
    outbox = [
        row
        for n in notices
        if n.key in notice_ids
        for row in _outbox_rows(n, notice_ids[n.key], now, directory, rules)
    ]
    _insert_new(connection, OUTBOX, outbox, "dedupe_key", returning=False)
    return Issued(len(notice_ids), len(outbox))


def _outbox_rows(
    notice: NewNotice, notice_id: int, now: datetime, directory: Directory, rules: EngineRules
) -> list[dict[str, Any]]:
    """One email per recipient; and, as ``rules.routes`` say for its kind, one row per group
    robot of its chain and one SMS per recipient of the roles that get them."""

    def row(channel: str, address: str, name: str | None, role: str) -> dict[str, Any]:
        return {
            "notice_id": notice_id,
            "channel": channel,
            "recipient_email": address,
            "recipient_name": name,
            "recipient_role": role,
            # An email row keeps its old key, so a sweep re-run after this change adds nothing.
            "dedupe_key": f"{notice.key}:{address}" + ("" if channel == EMAIL else f":{channel}"),
            "state": OutboxState.PENDING.value,
            "attempts": 0,
            "next_attempt_at": now,
        }

    rows = [row(EMAIL, r.email, r.name, r.role.value) for r in notice.recipients]
    routes = rules.routes.of(notice.kind)
    chain = directory.chain_codes.get(notice.chain_id) if notice.chain_id is not None else None
    if Route.ROBOTS in routes:
        robots = list(rules.robots.get(chain, ())) if chain is not None else []
        for r in notice.recipients:
            code = directory.department_codes.get(r.email.lower())
            robots += [
                name for name in rules.department_robots.get(code or "", ()) if name not in robots
            ]
        for robot in robots:
            rows.append(row(ROBOT, f"robot:{robot}", robot, "group"))
    if Route.SMS in routes and rules.sms:
        for r in notice.recipients:
            # Only who can be texted: a mobile on file, texts not turned off.
            if r.role in rules.routes.sms_roles and r.email.lower() in directory.textable:
                rows.append(row(SMS, r.email, r.name, r.role.value))
    return rows


def _number(
    connection: sa.Connection,
    notices: list[dict[str, Any]],
    directory: Directory,
    rules: EngineRules,
) -> None:
    """Give each formal notice its number (…〔2026〕12号), reserving them per chain and kind."""
    groups: dict[tuple[int, str, int], list[dict[str, Any]]] = defaultdict(list)
    for notice in notices:
        if notice["kind"] in _NUMBERED and notice["chain_id"] is not None:
            groups[(notice["chain_id"], notice["kind"], notice["year"])].append(notice)
    for (chain_id, kind, year), group in sorted(groups.items()):
        for notice, seq in zip(
            group, reserve_numbers(connection, chain_id, kind, year, len(group)), strict=True
        ):
            notice["seq"] = seq
            notice["number"] = notice_number(
                template=rules.number_template,
                prefix=rules.notice_prefix,
                chain_short=directory.chain_names[chain_id],
                kind=kind,
                year=year,
                seq=seq,
            )


def reserve_numbers(
    connection: sa.Connection, chain_id: int, kind: str, year: int, count: int
) -> range:
    """``count`` consecutive sequence numbers, taken with one atomic upsert on the counter."""
    dialect_insert = pg_insert if connection.dialect.name == "postgresql" else sqlite_insert
    statement = (
        dialect_insert(COUNTER)
        .values(chain_id=chain_id, kind=kind, year=year, last_seq=count)
        .on_conflict_do_update(
            index_elements=["chain_id", "kind", "year"],
            set_={"last_seq": COUNTER.c.last_seq + count},
        )
        .returning(COUNTER.c.last_seq)
    )
    last = int(connection.execute(statement).scalar_one())
    return range(last - count + 1, last + 1)


def _insert_new(
    connection: sa.Connection,
    table: sa.Table,
    rows: list[dict[str, Any]],
    key: str,
    *,
    returning: bool,
) -> dict[str, int]:
    """Insert ``rows``, skipping any whose unique ``key`` exists; key → id of the new ones."""
    if not rows:
        return {}
    dialect_insert = pg_insert if connection.dialect.name == "postgresql" else sqlite_insert
    statement = dialect_insert(table).on_conflict_do_nothing(index_elements=[key])
    if not returning:
        connection.execute(statement, rows)
        return {}
    result = connection.execute(statement.returning(table.c[key], table.c.id), rows)
    return {row[0]: row[1] for row in result}
