"""The measured phases of ``bench/rollup.py``: closing a month with ``close_month`` as
``chainops rollup`` does (``previous`` at build, ``close`` on a fresh copy), and the untimed
check of the stored snapshots against plain SQL counts on the same rows.
"""

import json
import resource
import sqlite3
import time
from datetime import date, datetime
from pathlib import Path
from typing import Any

from bench.rollup_city import (
    CONFIG,
    FACTORS_FILE,
    MONTH,
    MONTH_END,
    NOW,
    PREVIOUS,
    PREVIOUS_NOW,
    make_rules,
)
from bench.sqlite_files import sqlite_url


def _maxrss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def _close(db: Path, month: date, now: datetime, profile: str | None) -> dict[str, Any]:
    """``close_month`` the way ``chainops rollup`` calls it, committed; timing only that."""
    from models.db import make_engine, session_scope
    from services.rollup import close_month

    configured = _configuration()
    engine = make_engine(sqlite_url(db))
    profiler = None
    if profile:
        import cProfile

        profiler = cProfile.Profile()
        profiler.enable()
    started = time.perf_counter()
    with session_scope(engine) as session:
        result = close_month(session=session, month=month, now=now, **configured)
    elapsed = time.perf_counter() - started
    top: list[list[Any]] = []
    if profiler is not None and profile:
        profiler.disable()
        profiler.dump_stats(profile)
        top = _profile_top(profiler, 25)
    engine.dispose()
    return {
        "close_s": elapsed,
        "peak_rss_mb": _maxrss_mb(),
        "newly_closed": result.newly_closed,
        "profile_top": top,
    }


def _configuration() -> dict[str, Any]:
    """The rules ``close_month`` takes besides the session, month and clock, built as
    ``chainops/wiring.py`` builds them from the default configuration files."""
    from functools import partial

    from services.config import (
        load_factor_rules,
        load_pipeline_rules,
        load_points,
        load_practice_rules,
        load_project_rules,
        load_weights,
    )
    from services.practices import bulletin_practices

    return {
        "rules": make_rules(),
        "factors": load_factor_rules(FACTORS_FILE),
        "weights": load_weights(CONFIG / "rollup.yaml"),
        "points": load_points(CONFIG / "rollup.yaml"),
        "pipeline": load_pipeline_rules(CONFIG / "investment.yaml"),
        "projects": load_project_rules(CONFIG / "projects.yaml"),
        "practices": partial(
            bulletin_practices, practices=load_practice_rules(CONFIG / "mechanism.yaml")
        ),
    }


def _profile_top(profiler: Any, count: int) -> list[list[Any]]:
    """[cumulative s, own s, calls, where] of the costliest functions, by cumulative time."""
    import pstats

    stats = pstats.Stats(profiler).stats  # type: ignore[attr-defined]
    rows = []
    for (path, line, name), (_, calls, own, cumulative, _) in stats.items():
        where = f"{Path(path).name}:{line}({name})" if line else name
        rows.append([round(cumulative, 3), round(own, 3), calls, where])
    rows.sort(key=lambda r: -r[0])
    return rows[:count]


def phase_previous(db: Path) -> dict[str, Any]:
    return _close(db, PREVIOUS, PREVIOUS_NOW, None)


def phase_close(db: Path, profile: str | None) -> dict[str, Any]:
    result = _close(db, MONTH, NOW, profile)
    result.update(_check(db))
    return result


def _check(db: Path) -> dict[str, Any]:
    """The stored snapshots against plain SQL on the same rows (untimed)."""
    from models import Task
    from models.db import make_engine

    rules = make_rules()
    engine = make_engine(sqlite_url(db))
    stamp_type = Task.__table__.c.next_action_at.type  # type: ignore[attr-defined]
    stamp = stamp_type.dialect_impl(engine.dialect).bind_processor(engine.dialect)
    engine.dispose()
    start, stop = stamp(rules.start_of(MONTH)), stamp(rules.start_of(date(2026, 11, 1)))
    first, last = MONTH.isoformat(), MONTH_END.isoformat()
    live = f"FROM task WHERE state != 'cancelled' AND start_date <= '{last}'"
    signed = f"{live} AND signed_off_on BETWEEN '{first}' AND '{last}'"
    queries = {
        "tasks.total": (f"SELECT count(*) {live}", ()),
        "tasks.done_on_time": (
            f"SELECT count(*) {signed} AND signed_off_on <= original_due_date",
            (),
        ),
        "tasks.done_late": (f"SELECT count(*) {signed} AND signed_off_on > original_due_date", ()),
        "projects.investment_planned": (
            "SELECT round(sum(year_planned_investment), 2) FROM key_project"
            " WHERE year = 2026 AND state != 'dropped'",
            (),
        ),
        "requests.opened": (
            "SELECT count(*) FROM factor_request WHERE submitted_at >= ? AND submitted_at < ?",
            (start, stop),
        ),
        "ladder.notices": (
            "SELECT count(*) FROM notice WHERE issued_at >= ? AND issued_at < ?",
            (start, stop),
        ),
    }
    with sqlite3.connect(db) as raw:
        expected = {name: raw.execute(sql, p).fetchone()[0] for name, (sql, p) in queries.items()}
        snapshots = raw.execute(
            "SELECT scope, chain_id, data FROM rollup_snapshot WHERE month = ?", (first,)
        ).fetchall()
        chain_codes = {code for (code,) in raw.execute("SELECT code FROM chain")}
    raw.close()
    scopes = {"city": 0, "chains": 0, "other": 0}
    city: dict[str, Any] = {}
    chain_totals = department_totals = 0
    for scope, _, data in snapshots:
        figures = json.loads(data)
        if scope == "city":
            scopes["city"] += 1
            city = figures
        elif scope in chain_codes:
            scopes["chains"] += 1
            chain_totals += _figure(figures, "tasks.total") or 0
        else:  # a department's (dept:CODE), since departments are rolled up
            scopes["other"] += 1
            department_totals += _figure(figures, "tasks.total") or 0
    found = {name: _figure(city, name) for name in expected}
    found["ladder.notices"] = sum((_figure(city, "ladder.notices_by_level") or {}).values())
    checks = {name: found[name] == expected[name] for name in expected}
    checks["snapshots"] = scopes["city"] == 1 and scopes["chains"] == len(chain_codes)
    checks["chains_add_up"] = chain_totals == found["tasks.total"]
    if scopes["other"]:  # every task has a lead department
        checks["departments_add_up"] = department_totals == found["tasks.total"]
    return {
        "checks": checks,
        "checks_ok": all(checks.values()),
        "expected": expected,
        "found": found,
        "snapshots": scopes,
        "city": city,
    }


def _figure(figures: dict[str, Any], dotted: str) -> Any:
    value: Any = figures
    for part in dotted.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    return value
