"""Building ``bench/sweep.py``'s city in a fresh SQLite file: the schema by the migrations, the
reference rows, then the tasks with raw ``executemany`` in batches, the task table's indexes
dropped during the load and recreated after.
"""

import random
import sqlite3
import time
from pathlib import Path
from typing import Any

from bench.sqlite_files import restore, set_aside, sqlite_url
from bench.sweep_city import insert_reference_rows, make_rules
from bench.sweep_tasks import TASK_COLUMNS, TaskGenerator

BATCH = 50_000


def build(db: Path, tasks: int, due: int, seed: int) -> dict[str, Any]:
    from models import Task
    from models.db import make_engine
    from models.migrations import upgrade

    if due > tasks:
        raise SystemExit("--due cannot exceed --tasks")
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    started = time.perf_counter()
    rng = random.Random(seed)
    rules = make_rules()
    engine = make_engine(sqlite_url(db))
    upgrade(engine)
    with engine.begin() as connection:
        insert_reference_rows(connection, rng)
    engine.dispose()

    # Timestamps exactly as the model's column type writes them, so comparisons in SQL agree.
    stamp_type = Task.__table__.c.next_action_at.type  # type: ignore[attr-defined]
    stamp = stamp_type.dialect_impl(engine.dialect).bind_processor(engine.dialect)
    raw = sqlite3.connect(db, isolation_level=None)
    raw.execute("PRAGMA synchronous=OFF")
    raw.execute("PRAGMA cache_size=-400000")
    indexes = set_aside(raw, ("task",))
    insert = (
        f"INSERT INTO task ({', '.join(TASK_COLUMNS)}) "
        f"VALUES ({', '.join('?' * len(TASK_COLUMNS))})"
    )
    generator = TaskGenerator(rules, rng, tasks, due, stamp)
    batch: list[tuple[Any, ...]] = []
    for row in generator.rows():
        batch.append(row)
        if len(batch) == BATCH:
            _write(raw, insert, batch)
            batch = []
    _write(raw, insert, batch)
    loaded = time.perf_counter()
    restore(raw, indexes)
    indexed = time.perf_counter()
    raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    raw.close()
    return {
        "build_s": time.perf_counter() - started,
        "index_s": indexed - loaded,
        "decide_calls": generator.decide_calls,
        "db_mb": db.stat().st_size / 2**20,
        "due_escalations": generator.due_escalations,
        "due_light_only": generator.due_light_only,
    }


def _write(raw: sqlite3.Connection, insert: str, batch: list[tuple[Any, ...]]) -> None:
    if batch:
        raw.execute("BEGIN")
        raw.executemany(insert, batch)
        raw.execute("COMMIT")
