"""How long does closing a month (月通报) take on a city with a million tasks, and how much memory?

    .venv/bin/python bench/rollup.py [--tasks 1000000] [--projects 20000] [--requests 50000]
                                     [--notices 20000] [--db /tmp/bench-rollup.db] [--keep]
                                     [--runs 1] [--profile FILE]

1. Builds a synthetic city of 2026 in a fresh SQLite file (``build``): the real schema (the
   migrations), 30 departments, 2,000 people, 3,000 enterprises, 10 chains, then with raw
   ``executemany`` (secondary indexes dropped during the load and recreated after):
   - ``--tasks`` tasks started over the year, in every state: the ones whose (possibly extended)
     due date has passed are mostly signed off, on time or late, others submitted, blocked or
     open with their month-end light (``mechanism.lights.task_light``); 2.5% cancelled;
   - ``--projects`` key projects of 2026 with cumulative monthly reports January–October (most
     of them; some start late, skip a month, or have not reported October yet) and 2–4 milestones;
   - ``--requests`` factor requests submitted over the year, answered within their close service
     level or late, or still open;
   - ``--notices`` notices a month, January–October, issued at the 08:30 sweep, with their
     outbox rows (one per recipient), some acknowledged.
   Then September is closed (``previous``, as of 2026-10-09), so October has a month to compare.
2. Closes October as of ``NOW`` (Monday 2026-11-02 08:30 in Shanghai) on a copy of the built
   file, in a fresh subprocess (``close``), timing only ``close_month`` and the commit of its
   session. Peak RSS is ``ru_maxrss`` of that process. Then it checks, untimed, that the
   snapshot rows exist (the city, every chain, and departments when the service rolls them up)
   and that the city's figures agree with plain SQL counts (tasks, sign-offs on time and late,
   requests opened, notices, planned investment). ``--keep`` skips 1 when ``--db`` was built
   with the same sizes and seed on the current schema; ``--runs N`` keeps the best of N closes.
3. ``--profile FILE``: one more close of a fresh copy under cProfile (untimed); the top entries
   by cumulative time are printed. Prints a table, then one JSON object as the last line.
   Exits 0 even if targets are missed.

Its parts, in ``bench/``: ``rollup_city`` (the city's fixed facts and the draw its tables
share), ``rollup_projects``, ``rollup_requests``, ``rollup_tasks`` and ``rollup_notices`` (each
table's rows), ``rollup_build`` (writing them), ``rollup_close`` (the measured close and its
checks) and ``rollup_report`` (the table and the JSON line). The copy of a database file comes
from ``sqlite_files``, shared with ``bench/sweep.py``; the departments, chains and names are this
city's own.
"""

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run as a script: the project's packages, as in the venv

from bench.rollup_build import build, build_params  # noqa: E402
from bench.rollup_city import MONTH  # noqa: E402
from bench.rollup_close import phase_close, phase_previous  # noqa: E402
from bench.rollup_report import summarise, table_lines  # noqa: E402
from bench.sqlite_files import copy_db, sqlite_url  # noqa: E402


def _child(args: argparse.Namespace, phase: str, db: Path, *extra: str) -> dict[str, Any]:
    out = Path(f"{db}.{phase}.json")
    out.unlink(missing_ok=True)
    command = [sys.executable, str(Path(__file__).resolve()), "--phase", phase]
    for name, value in build_params(args).items():
        command += [f"--{name}", str(value)]
    command += ["--db", str(db), "--out", str(out), *extra]
    started = time.perf_counter()
    subprocess.run(command, check=True)
    result: dict[str, Any] = json.loads(out.read_text())
    result["wall_s"] = time.perf_counter() - started
    print(f"  {phase:<8} done in {result['wall_s']:.1f} s", flush=True)
    return result


def _kept(args: argparse.Namespace, pristine: Path) -> dict[str, Any] | None:
    """The build record of a file ``--keep`` may reuse: same sizes and seed, current schema."""
    from models.db import make_engine
    from services.database import schema_problem

    record = Path(f"{pristine}.build.json")
    if not (args.keep and pristine.exists() and record.exists()):
        return None
    built: dict[str, Any] = json.loads(record.read_text())
    engine = make_engine(sqlite_url(pristine))
    problem = schema_problem(engine)
    with engine.connect() as connection:
        closed = connection.exec_driver_sql(
            "SELECT count(*) FROM rollup_snapshot WHERE month = ?", (MONTH.isoformat(),)
        ).scalar_one()
    engine.dispose()
    if built.get("params") != build_params(args) or problem or closed:
        print(f"  not reusing {pristine}: {problem or 'built with other options'}", flush=True)
        return None
    return built


def drive(args: argparse.Namespace) -> None:
    started = time.perf_counter()
    pristine = Path(args.db)
    work = pristine.with_name(pristine.stem + "-work" + pristine.suffix)
    built = _kept(args, pristine)
    if built is None:
        print(
            f"building {args.tasks:,} tasks, {args.projects:,} projects, "
            f"{args.requests:,} requests, {args.notices:,} notices a month in {pristine} …",
            flush=True,
        )
        built = _child(args, "build", pristine)
        built["previous_close_s"] = _child(args, "previous", pristine)["close_s"]
        Path(f"{pristine}.build.json").write_text(json.dumps(built))
    else:
        print(f"reusing {pristine} (built in {built['build_s']:.0f} s)", flush=True)
    runs = []
    for _ in range(args.runs):
        copy_db(pristine, work)
        runs.append(_child(args, "close", work))
    close = min(runs, key=lambda r: r["close_s"])
    top: list[list[Any]] = []
    if args.profile:  # one more close of a fresh copy, under cProfile; not timed
        copy_db(pristine, work)
        top = _child(args, "close", work, "--profile", args.profile)["profile_top"]
    result = summarise(args, built, runs, close, time.perf_counter() - started)
    print("\n".join(table_lines(result, close, top)))
    print(json.dumps(result, ensure_ascii=False), flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--tasks", type=int, default=1_000_000)
    parser.add_argument("--projects", type=int, default=20_000)
    parser.add_argument("--requests", type=int, default=50_000)
    parser.add_argument("--notices", type=int, default=20_000, help="a month, January–October")
    parser.add_argument("--investment", type=int, default=0, help="investment projects (issue 17)")
    parser.add_argument("--db", default="/tmp/bench-rollup.db")
    parser.add_argument("--seed", type=int, default=20261102)
    parser.add_argument("--runs", type=int, default=1, help="closes of fresh copies; best")
    parser.add_argument("--keep", action="store_true", help="reuse --db if built with these sizes")
    parser.add_argument("--profile", help="also cProfile one close (untimed) into this file")
    parser.add_argument("--phase", choices=("build", "previous", "close"), help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.phase is None:
        drive(args)
        return
    db = Path(args.db)
    if args.phase == "build":
        result = build(db, args)
    elif args.phase == "previous":
        result = phase_previous(db)
    else:
        result = phase_close(db, args.profile)
    Path(args.out).write_text(json.dumps(result, default=str))


if __name__ == "__main__":
    main()
