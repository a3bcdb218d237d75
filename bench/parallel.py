"""Do 1, 2 and 4 sweeps at once on PostgreSQL split the work and act on each task exactly once?

    .venv/bin/python -m bench.parallel --url postgresql+psycopg://postgres@127.0.0.1:5432/bench_parallel
                                       [--tasks 1000000] [--due 10000] [--workers 1,2,4] [--keep]

1. Builds the city of ``bench/sweep.py`` (its generator, so every task agrees with the ladder and
   exactly ``--due`` are due at ``NOW``) into the database ``<name>_template`` beside the one in
   ``--url``: the schema by the migrations, the reference rows (departments, people, chains,
   rosters) copied from a task-less SQLite build of ``bench/sweep.py``, then the tasks with
   COPY, the task table's secondary indexes and foreign keys dropped during the load and
   restored after, then ANALYZE. ``--keep`` skips this when the template was built with the
   same sizes and seed and its schema is current.
2. For each worker count N: ``<name>`` is recreated from the template (a file copy), N processes
   connect, wait at a barrier, and each runs ``services.tasks.sweep.sweep`` at ``NOW``. The time is
   from the barrier to the last sweep's end (wall time).
3. Checks the run's database, untimed: every task due before is no longer due (``acted``); the
   sweeps' claims add up to exactly that (no task claimed twice); ``duplicates`` counts notices
   sharing (subject, level, day) and outbox rows sharing (notice, recipient) beyond the first;
   the notice and outbox keys are the same set as with one worker.
4. Prints a table, then one JSON object as the last line. Exits 0 even if a target is missed.
"""

import argparse
import hashlib
import json
import multiprocessing
import os
import random
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run as a script: the project's packages, as in the venv

import psycopg  # noqa: E402
import sqlalchemy as sa  # noqa: E402
from sqlalchemy.engine import URL, make_url  # noqa: E402

from bench.sweep_build import build  # noqa: E402
from bench.sweep_city import NOW, make_rules  # noqa: E402
from bench.sweep_tasks import TASK_COLUMNS, TaskGenerator  # noqa: E402
from models.db import make_engine  # noqa: E402
from models.migrations import head_revision  # noqa: E402
from services.database import upgrade_schema  # noqa: E402

URL_ENV = "CHAINOPS_BENCH_PG_URL"
REFERENCE_TABLES = ("department", "person", "chain", "roster_entry", "app_user")


def _conninfo(url: URL, database: str) -> str:
    """A libpq URI for ``database`` on the server of ``url`` (psycopg takes no driver name)."""
    return url.set(drivername="postgresql", database=database).render_as_string(hide_password=False)


def _admin(url: URL) -> psycopg.Connection[Any]:
    return psycopg.connect(_conninfo(url, "postgres"), autocommit=True)


# --- the template ------------------------------------------------------------------------------


def _signature(args: argparse.Namespace) -> str:
    return json.dumps(
        {"tasks": args.tasks, "due": args.due, "seed": args.seed, "revision": head_revision()},
        sort_keys=True,
    )


def _template_is_current(url: URL, template: str, signature: str) -> bool:
    with _admin(url) as admin:
        row = admin.execute(
            "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s",
            (template,),
        ).fetchone()
    return row is not None and row[0] == signature


def build_template(url: URL, template: str, args: argparse.Namespace) -> dict[str, Any]:
    started = time.perf_counter()
    with _admin(url) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{template}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{template}"')
    engine = make_engine(url.set(database=template).render_as_string(hide_password=False))
    upgrade_schema(engine=engine)
    _copy_reference_rows(engine)
    engine.dispose()
    referenced = time.perf_counter()

    rules = make_rules()
    # Timestamps go to COPY as aware datetimes; psycopg writes them with their offset.
    generator = TaskGenerator(rules, random.Random(args.seed), args.tasks, args.due, lambda t: t)
    with psycopg.connect(_conninfo(url, template)) as raw:
        restore = _drop_task_indexes(raw)
        columns = ", ".join(TASK_COLUMNS)
        with raw.cursor() as cursor, cursor.copy(f"COPY task ({columns}) FROM STDIN") as copy:
            for row in generator.rows():
                copy.write_row(row)
        raw.commit()
        loaded = time.perf_counter()
        for statement in restore:
            raw.execute(statement)
        raw.execute("SELECT setval(pg_get_serial_sequence('task', 'id'), max(id)) FROM task")
        raw.commit()
        indexed = time.perf_counter()
        raw.autocommit = True
        raw.execute("ANALYZE")
        size = raw.execute("SELECT pg_database_size(current_database())").fetchone()
    with _admin(url) as admin:
        admin.execute(f"COMMENT ON DATABASE \"{template}\" IS '{_signature(args)}'")
    return {
        "build_s": time.perf_counter() - started,
        "reference_s": referenced - started,
        "load_s": loaded - referenced,
        "index_s": indexed - loaded,
        "db_mb": (size[0] if size else 0) / 2**20,
        "due_escalations": generator.due_escalations,
        "due_light_only": generator.due_light_only,
    }


def _copy_reference_rows(engine: sa.Engine) -> None:
    """The departments, people, chains and rosters exactly as ``bench/sweep.py`` makes them."""
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "reference.db"
        build(db, 0, 0, 0)
        source = make_engine(f"sqlite:///{db}")
        metadata = sa.MetaData()
        metadata.reflect(engine, only=REFERENCE_TABLES)
        with source.connect() as reading, engine.begin() as writing:
            for name in REFERENCE_TABLES:
                table = metadata.tables[name]
                rows = [dict(r) for r in reading.execute(sa.select(table)).mappings()]
                writing.execute(sa.insert(table), rows)
                writing.exec_driver_sql(
                    f"SELECT setval(pg_get_serial_sequence('\"{name}\"', 'id'), max(id))"
                    f' FROM "{name}"'
                )
        source.dispose()


def _drop_task_indexes(raw: psycopg.Connection[Any]) -> list[str]:
    """Drop the task table's foreign keys and secondary indexes; the statements to restore them.

    COPY then only appends heap rows: building each index once afterwards, and checking each
    foreign key with one join, is several times faster than doing both row by row.
    """
    foreign = raw.execute(
        "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint"
        " WHERE conrelid = 'task'::regclass AND contype = 'f'"
    ).fetchall()
    indexes = raw.execute(
        "SELECT i.relname, pg_get_indexdef(i.oid) FROM pg_index x"
        " JOIN pg_class i ON i.oid = x.indexrelid"
        " WHERE x.indrelid = 'task'::regclass AND NOT x.indisprimary"
        " AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid)"
    ).fetchall()
    for name, _ in foreign:
        raw.execute(f'ALTER TABLE task DROP CONSTRAINT "{name}"')
    for name, _ in indexes:
        raw.execute(f'DROP INDEX "{name}"')
    raw.commit()
    return [sql for _, sql in indexes] + [
        f'ALTER TABLE task ADD CONSTRAINT "{name}" {sql}' for name, sql in foreign
    ]


# --- the runs --------------------------------------------------------------------------------


def _worker(url: str, chunk_size: int, barrier: Any, results: Any) -> None:
    """One sweep in its own process and engine, started when every worker is connected."""
    from services.tasks import sweep

    rules = make_rules()
    engine = make_engine(url)
    with engine.connect():  # the pool's connection, opened before the clock starts
        pass
    barrier.wait(timeout=600)
    started = time.perf_counter()  # CLOCK_MONOTONIC: comparable across processes
    report = sweep(engine=engine, now=NOW, rules=rules, chunk_size=chunk_size)
    ended = time.perf_counter()
    engine.dispose()
    results.put({"pid": os.getpid(), "start": started, "end": ended, **report.as_dict()})


def _recreate(url: URL, run: str, template: str) -> None:
    with _admin(url) as admin:
        version = admin.info.server_version
        admin.execute(f'DROP DATABASE IF EXISTS "{run}" WITH (FORCE)')
        # FILE_COPY (PostgreSQL 15+) copies the files after a checkpoint instead of writing
        # the whole template through the WAL: seconds instead of a minute at this size.
        strategy = " STRATEGY FILE_COPY" if version >= 150000 else ""
        admin.execute(f'CREATE DATABASE "{run}" TEMPLATE "{template}"{strategy}')


def _still_due(engine: sa.Engine) -> set[int]:
    from services.tasks import due_tasks_query

    with engine.connect() as connection:
        query = due_tasks_query(connection.dialect.name, NOW, 2**62)
        return {row.id for row in connection.execute(query)}


def _digest(connection: sa.Connection, sql: str) -> str:
    keys = connection.exec_driver_sql(sql).scalars().all()
    return hashlib.sha256("\n".join(keys).encode()).hexdigest()[:16]


def _check(engine: sa.Engine, due_before: set[int]) -> dict[str, Any]:
    """What the sweeps left in the database, counted by plain SQL."""
    left = _still_due(engine)
    with engine.connect() as connection:

        def one(sql: str) -> int:
            return int(connection.exec_driver_sql(sql).scalar_one())

        return {
            "acted": len(due_before - left),
            "still_due_after": len(left),
            "notices": one("SELECT count(*) FROM notice"),
            "outbox_rows": one("SELECT count(*) FROM outbox_message"),
            "duplicate_notices": one(
                "SELECT coalesce(sum(n - 1), 0) FROM (SELECT count(*) AS n FROM notice"
                " GROUP BY subject_type, subject_id, level,"
                " (issued_at AT TIME ZONE 'Asia/Shanghai')::date HAVING count(*) > 1) AS d"
            ),
            "duplicate_outbox": one(
                "SELECT coalesce(sum(n - 1), 0) FROM (SELECT count(*) AS n FROM outbox_message"
                " GROUP BY notice_id, recipient_email HAVING count(*) > 1) AS d"
            ),
            "notice_keys": _digest(connection, "SELECT key FROM notice ORDER BY key"),
            "outbox_keys": _digest(
                connection, "SELECT dedupe_key FROM outbox_message ORDER BY dedupe_key"
            ),
        }


def run_sweeps(url: URL, run: str, template: str, workers: int, chunk: int) -> dict[str, Any]:
    _recreate(url, run, template)
    run_url = url.set(database=run).render_as_string(hide_password=False)
    engine = make_engine(run_url)
    due_before = _still_due(engine)
    context = multiprocessing.get_context("spawn")  # fresh interpreters: no inherited pools
    barrier = context.Barrier(workers + 1)
    results = context.Queue()
    processes = [
        context.Process(target=_worker, args=(run_url, chunk, barrier, results))
        for _ in range(workers)
    ]
    for process in processes:
        process.start()
    barrier.wait(timeout=600)
    reports = [results.get(timeout=3600) for _ in processes]
    for process in processes:
        process.join()
        if process.exitcode != 0:
            raise SystemExit(f"a sweep process failed with exit code {process.exitcode}")
    checked = _check(engine, due_before)
    engine.dispose()
    claims = [r["examined"] - r["lost_claims"] for r in reports]
    return {
        "workers": workers,
        "wall_s": max(r["end"] for r in reports) - min(r["start"] for r in reports),
        "sweep_s": [round(r["end"] - r["start"], 3) for r in reports],
        "due_before": len(due_before),
        "claims": claims,
        "lost_claims": [r["lost_claims"] for r in reports],
        "double_claims": sum(claims) - checked["acted"],
        "reported_notices": sum(r["notices"] for r in reports),
        "reported_outbox_rows": sum(r["outbox_rows"] for r in reports),
        **checked,
        "duplicates": checked["duplicate_notices"] + checked["duplicate_outbox"],
    }


# --- the driver ---------------------------------------------------------------------------


def drive(args: argparse.Namespace) -> None:
    started = time.perf_counter()
    url = make_url(args.url)
    if url.get_backend_name() != "postgresql" or not url.database:
        raise SystemExit("--url must be postgresql+psycopg://user@host:port/dbname")
    run, template = url.database, f"{url.database}_template"
    built: dict[str, Any] | None = None
    if args.keep and _template_is_current(url, template, _signature(args)):
        print(f"reusing {template} ({args.tasks:,} tasks, {args.due:,} due)", flush=True)
    else:
        print(f"building {args.tasks:,} tasks ({args.due:,} due) in {template} …", flush=True)
        built = build_template(url, template, args)
        print(f"  built in {built['build_s']:.1f} s", flush=True)
    runs = []
    for workers in args.workers:
        runs.append(run_sweeps(url, run, template, workers, args.chunk_size))
        print(f"  {workers} worker(s): {runs[-1]['wall_s']:.2f} s", flush=True)

    reference = runs[0]
    for r in runs:
        r["same_as_first"] = (r["notice_keys"], r["outbox_keys"]) == (
            reference["notice_keys"],
            reference["outbox_keys"],
        )
        r["ok"] = (
            r["acted"] == r["due_before"] == args.due
            and r["still_due_after"] == 0
            and r["double_claims"] == 0
            and r["duplicates"] == 0
            and r["same_as_first"]
        )
    result: dict[str, Any] = {"tasks": args.tasks, "due": args.due}
    for r in runs:
        result[f"w{r['workers']}_s"] = round(r["wall_s"], 3)
    result["duplicates"] = sum(r["duplicates"] for r in runs)
    result["all_ok"] = all(r["ok"] for r in runs)
    result["build_s"] = round(built["build_s"], 1) if built else None
    result["built"] = {k: round(v, 1) for k, v in built.items()} if built else None
    result["chunk_size"] = args.chunk_size
    result["runs"] = [{k: v for k, v in r.items() if k != "wall_s"} for r in runs]
    result["total_s"] = round(time.perf_counter() - started, 1)

    print(
        f"chainops parallel sweep on PostgreSQL: {args.tasks:,} open tasks, {args.due:,} due at "
        f"{NOW.isoformat()}, chunks of {args.chunk_size}"
    )
    print(
        f"  {'workers':>7} {'seconds':>8} {'decisions':>9} {'notices':>8} {'outbox':>7}"
        f" {'dups':>5}  per-worker claims (lost)"
    )
    for r in runs:
        share = ", ".join(
            f"{c:,} ({lost})" for c, lost in zip(r["claims"], r["lost_claims"], strict=True)
        )
        print(
            f"  {r['workers']:>7} {r['wall_s']:>8.2f} {r['acted']:>9,} {r['notices']:>8,}"
            f" {r['outbox_rows']:>7,} {r['duplicates']:>5}  {share}"
            f"{'' if r['ok'] else '  CHECK FAILED'}"
        )
    verdict = "all met" if result["all_ok"] else "MISSED (see the runs in the JSON)"
    print(f"  targets (each due task acted on once, no duplicates): {verdict}")
    print(json.dumps(result, ensure_ascii=False), flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument(
        "--url",
        default=os.environ.get(URL_ENV),
        help=f"postgresql+psycopg://…/dbname (or ${URL_ENV}); dbname and dbname_template "
        "are dropped and recreated",
    )
    parser.add_argument("--tasks", type=int, default=1_000_000)
    parser.add_argument("--due", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=20260610)
    parser.add_argument(
        "--workers",
        type=lambda text: [int(n) for n in text.split(",")],
        default=[1, 2, 4],
        help="comma-separated worker counts (default 1,2,4)",
    )
    parser.add_argument("--chunk-size", type=int, default=500, help="the sweep's chunk size")
    parser.add_argument("--keep", action="store_true", help="reuse a matching template")
    args = parser.parse_args()
    if not args.url:
        parser.error(f"--url (or ${URL_ENV}) is required")
    drive(args)


if __name__ == "__main__":
    main()
