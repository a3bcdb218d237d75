"""Building ``bench/rollup.py``'s city in a fresh SQLite file: the schema by the migrations,
the reference rows through SQLAlchemy, then the big tables with raw ``executemany``, their
indexes dropped during the load and recreated after.
"""

import argparse
import random
import sqlite3
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from bench.rollup_city import (
    CHAIN_IDS,
    CHAINS,
    DEPARTMENTS,
    ENTERPRISES,
    GIVEN,
    PEOPLE,
    SURNAMES,
    WorkingDays,
    make_rules,
)
from bench.rollup_investment import load_investment
from bench.rollup_notices import NoticeRows
from bench.rollup_projects import ProjectRows
from bench.rollup_requests import RequestRows
from bench.rollup_tasks import TaskRows
from bench.sqlite_files import restore, set_aside, sqlite_url
from mechanism.vocabulary import RosterRole


class City(ProjectRows, RequestRows, TaskRows, NoticeRows):
    """The rows of one year, drawn in an order that lets later tables point at earlier ones."""


def build(db: Path, args: argparse.Namespace) -> dict[str, Any]:
    from models import Task
    from models.db import make_engine
    from models.migrations import upgrade

    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    started = time.perf_counter()
    rng = random.Random(args.seed)
    rules = make_rules()
    engine = make_engine(sqlite_url(db))
    upgrade(engine)
    with engine.begin() as connection:
        _reference_rows(connection, rng)
    engine.dispose()
    stamp_type = Task.__table__.c.next_action_at.type  # type: ignore[attr-defined]
    stamp = stamp_type.dialect_impl(engine.dialect).bind_processor(engine.dialect)
    days = WorkingDays(rules, stamp)

    raw = sqlite3.connect(db, isolation_level=None)
    raw.execute("PRAGMA synchronous=OFF")
    raw.execute("PRAGMA cache_size=-400000")
    tables = (
        "key_project",
        "project_monthly_report",
        "project_milestone",
        "factor_request",
        "task",
        "notice",
        "outbox_message",
    )
    indexes = set_aside(raw, tables)
    city = City(rng, rules, days, args)
    counts = {
        "projects": city.load_projects(raw),
        "requests": city.load_requests(raw),
        "tasks": city.load_tasks(raw),
        "notices": city.load_notices(raw),
        "investment": load_investment(raw, rng, getattr(args, "investment", 0)),  # issue 17
    }
    loaded = time.perf_counter()
    restore(raw, indexes)
    indexed = time.perf_counter()
    raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    raw.close()
    return {
        "params": build_params(args),
        "build_s": time.perf_counter() - started,
        "index_s": indexed - loaded,
        "db_mb": db.stat().st_size / 2**20,
        **{k: v for part in counts.values() for k, v in part.items()},
    }


def build_params(args: argparse.Namespace) -> dict[str, int]:
    names = ("tasks", "projects", "requests", "notices", "investment", "seed")
    return {name: getattr(args, name) for name in names}


def _reference_rows(connection: sa.Connection, rng: random.Random) -> None:
    """Departments, people, enterprises, chains and their rosters, through SQLAlchemy."""
    from models import Chain, Department, Enterprise, Person, RosterEntry

    created = datetime(2026, 1, 4, 1, 0, tzinfo=UTC)

    def insert(model: Any, rows: list[dict[str, Any]]) -> None:
        connection.execute(sa.insert(model.__table__), rows)

    insert(
        Department,
        [
            {"id": i, "code": code, "name_zh": f"示范市{name}", "email": f"{code.lower()}@x.cn"}
            for i, (code, name) in enumerate(DEPARTMENTS, 1)
        ],
    )
    people = []
    for i in range(1, PEOPLE + 1):
        name = rng.choice(SURNAMES) + "".join(rng.choices(GIVEN, k=rng.choice((1, 2))))
        department = 1 + (i - 1) % len(DEPARTMENTS)
        people.append(
            {
                "id": i,
                "email": f"p{i:04d}@example.gov.cn",
                "name": name,
                "department_id": department,
            }
        )
    insert(Person, people)
    insert(
        Enterprise,
        [
            {"id": i, "credit_code": f"91371500{i:09d}X", "name": f"示范企业{i:04d}有限公司"}
            for i in range(1, ENTERPRISES + 1)
        ],
    )
    insert(
        Chain,
        [
            {
                "id": i,
                "code": code,
                "name_zh": f"{short}产业链",
                "name_en": code.title(),
                "position": i,
                "created_at": created,
            }
            for i, (code, short, _) in enumerate(CHAINS, 1)
        ],
    )
    roster = []
    for chain_id in CHAIN_IDS:
        roster.append(
            {"chain_id": chain_id, "role": RosterRole.CHAIN_LEADER.value, "person_id": 1 + chain_id}
        )
        roster.append(
            {
                "chain_id": chain_id,
                "role": RosterRole.LEAD_DEPARTMENT.value,
                "department_id": chain_id,
            }
        )
    insert(RosterEntry, [{"person_id": None, "department_id": None, **r} for r in roster])
