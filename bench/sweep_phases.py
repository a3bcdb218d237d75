"""The three phases ``bench/sweep.py`` measures, each run in its own subprocess on a built file:
``idle`` (nothing due), ``due`` (the sweep at ``NOW``) and ``naive``, the baseline that loads
every open task as an ORM object and decides each one in Python.
"""

import resource
import statistics
import time
from datetime import datetime
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from bench.sqlite_files import sqlite_url
from bench.sweep_city import NOW, idle_now, make_rules
from mechanism.ladder import LadderState, decide
from mechanism.lights import TaskTiming
from mechanism.vocabulary import TaskState


def _maxrss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def _due_ids(connection: sa.Connection, now: datetime) -> set[int]:
    """Every task the sweep will find due at ``now``, by the sweep's own query (untimed)."""
    from services.tasks import due_tasks_query

    query = due_tasks_query(connection.dialect.name, now, 2**62)
    return {row.id for row in connection.execute(query)}


def phase_idle(db: Path, runs: int) -> dict[str, Any]:
    from models.db import make_engine
    from services.tasks import sweep

    rules = make_rules()
    at = idle_now(rules)
    engine = make_engine(sqlite_url(db))
    with engine.connect() as connection:
        due_then = len(_due_ids(connection, at))
    if due_then:
        raise SystemExit(f"idle phase: {due_then} tasks are due at {at}; expected none")
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        report = sweep(engine=engine, now=at, rules=rules)
        times.append(time.perf_counter() - started)
        if not report.working_day or report.examined:
            raise SystemExit(f"idle phase: unexpected report {report.as_dict()}")
    engine.dispose()
    return {
        "now": at.isoformat(),
        "runs_s": times,
        "best_s": min(times),
        "median_s": statistics.median(times),
        "peak_rss_mb": _maxrss_mb(),
    }


def phase_due(db: Path, profile: str | None) -> dict[str, Any]:
    from models.db import make_engine
    from services.tasks import NOTICE, OUTBOX, sweep

    rules = make_rules()
    engine = make_engine(sqlite_url(db))
    with engine.connect() as connection:
        before = _due_ids(connection, NOW)
    profiler = None
    if profile:
        import cProfile

        profiler = cProfile.Profile()
        profiler.enable()
    started = time.perf_counter()
    report = sweep(engine=engine, now=NOW, rules=rules)
    elapsed = time.perf_counter() - started
    if profiler is not None and profile:
        profiler.disable()
        profiler.dump_stats(profile)
    with engine.connect() as connection:
        left = _due_ids(connection, NOW)
        escalated = (
            connection.execute(
                sa.select(NOTICE.c.subject_id).where(NOTICE.c.subject_type == "task")
            )
            .scalars()
            .all()
        )
        outbox = connection.execute(sa.select(sa.func.count()).select_from(OUTBOX)).scalar_one()
    engine.dispose()
    return {
        "sweep_s": elapsed,
        "peak_rss_mb": _maxrss_mb(),
        "report": report.as_dict(),
        "due_before": len(before),
        "still_due_after": len(left),
        "acted": sorted(before - left),
        "escalated": sorted(escalated),
        "outbox_rows_in_db": outbox,
    }


def phase_naive(db: Path) -> dict[str, Any]:
    from sqlmodel import Session, col, select

    from mechanism.vocabulary import OPEN_TASK_STATES
    from models import Chain, Task
    from models.db import make_engine

    rules = make_rules()
    today = rules.today(NOW)
    engine = make_engine(sqlite_url(db))
    acted: list[int] = []
    escalated: list[int] = []
    lights_changed = 0
    loaded = 0
    started = time.perf_counter()
    with Session(engine) as session:
        codes = {chain.id: chain.code for chain in session.exec(select(Chain))}
        query = (
            select(Task)
            .where(col(Task.state).in_(sorted(OPEN_TASK_STATES)))
            .execution_options(yield_per=2000)
        )
        for task in session.exec(query):
            loaded += 1
            decision = decide(
                LadderState(
                    TaskTiming(
                        TaskState(task.state), task.start_date, task.due_date, task.progress
                    ),
                    task.ladder_level,
                    task.hold_until,
                ),
                today=today,
                ladder=rules.ladders.for_chain(codes[task.chain_id]),
                calendar=rules.calendar,
                rules=rules.lights,
            )
            changed = decision.light.value != task.light
            if decision.escalation is not None or changed:
                assert task.id is not None
                acted.append(task.id)
                lights_changed += changed
                if decision.escalation is not None:
                    escalated.append(task.id)
    elapsed = time.perf_counter() - started
    engine.dispose()
    return {
        "naive_s": elapsed,
        "loaded": loaded,
        "peak_rss_mb": _maxrss_mb(),
        "acted": sorted(acted),
        "escalated": sorted(escalated),
        "lights_changed": lights_changed,
    }
