"""How fast is the daily sweep on a city with a million open tasks, against a naive full scan?

    .venv/bin/python bench/sweep.py [--tasks 1000000] [--due 10000] [--db /tmp/bench-sweep.db]

1. Builds a synthetic city in a fresh SQLite file: the real schema (the migrations), a few
   dozen departments, 2,000 people, 10 chains with rosters, then ``--tasks`` open tasks written
   with raw ``executemany`` (secondary indexes dropped during the load and recreated after).
   Every task is consistent with the ladder: exactly ``--due`` of them have
   ``next_action_at <= NOW`` and are due for an escalation or a light change today; the others
   have their light and ladder level up to date and ``next_action_at`` in the future.
2. Measures, each in a fresh subprocess of this script (``--phase``), timing only the call:
   - ``idle``: ``services.tasks.sweep.sweep`` at a working-day instant before every
     ``next_action_at`` (checked first), best of ``--idle-runs``;
   - ``due``: the sweep of the due tasks at ``NOW``, on a copy of the built file;
   - ``naive``: every open task loaded as ``Task`` objects (``yield_per``) and put through
     ``mechanism.ladder.decide``, keeping those with an escalation or a light change; no writes.
     Its ids must be the ids the sweep acted on (``same_decisions``).
3. Prints a table, then one JSON object as the last line. Exits 0 even if targets are missed.

Its parts, in ``bench/``: ``sweep_city`` (the clock, departments, people, chains and rosters),
``sweep_tasks`` (the task generator, shared with ``bench/parallel.py``), ``sweep_build``
(writing the city to SQLite) and ``sweep_phases`` (the measured phases and the naive baseline);
this file drives them and prints the result. ``sqlite_files`` copies a built file.
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

from bench.sqlite_files import copy_db  # noqa: E402
from bench.sweep_build import build  # noqa: E402
from bench.sweep_city import NOW  # noqa: E402
from bench.sweep_phases import phase_due, phase_idle, phase_naive  # noqa: E402

TARGETS = {  # metric: (limit, "<" or ">=")
    "sweep_idle_s": (0.050, "<"),
    "sweep_due_s": (5.0, "<"),
    "speedup": (50.0, ">="),
    "peak_rss_mb": (500.0, "<"),
}


def _child(args: argparse.Namespace, phase: str, db: Path, *extra: str) -> dict[str, Any]:
    out = Path(f"{args.db}.{phase}.json")
    out.unlink(missing_ok=True)
    command = [
        sys.executable,
        str(Path(__file__).resolve()),
        "--phase",
        phase,
        "--db",
        str(db),
        "--out",
        str(out),
        "--tasks",
        str(args.tasks),
        "--due",
        str(args.due),
        "--seed",
        str(args.seed),
        "--idle-runs",
        str(args.idle_runs),
        *extra,
    ]
    started = time.perf_counter()
    subprocess.run(command, check=True)
    result: dict[str, Any] = json.loads(out.read_text())
    result["wall_s"] = time.perf_counter() - started
    print(f"  {phase:<6} done in {result['wall_s']:.1f} s", flush=True)
    return result


def _met(name: str, value: float) -> bool:
    limit, how = TARGETS[name]
    return value < limit if how == "<" else value >= limit


def drive(args: argparse.Namespace) -> None:
    started = time.perf_counter()
    pristine = Path(args.db)
    work = pristine.with_name(pristine.stem + "-work" + pristine.suffix)
    print(f"building {args.tasks:,} tasks ({args.due:,} due) in {pristine} …", flush=True)
    built = _child(args, "build", pristine)
    idle = _child(args, "idle", pristine)
    due_runs = []
    for _ in range(args.due_runs):
        copy_db(pristine, work)
        due_runs.append(_child(args, "due", work))
    due = min(due_runs, key=lambda r: r["sweep_s"])
    if args.profile:  # one more sweep of a fresh copy, under cProfile; not timed
        copy_db(pristine, work)
        _child(args, "due", work, "--profile", args.profile)
        print(f"  profile of the due sweep written to {args.profile}", flush=True)
    naive = _child(args, "naive", pristine)

    report = due["report"]
    same_ids = due["acted"] == naive["acted"]
    same_escalations = due["escalated"] == naive["escalated"]
    same_lights = report["lights_changed"] == naive["lights_changed"]
    result: dict[str, Any] = {
        "tasks": args.tasks,
        "due": args.due,
        "sweep_idle_s": round(idle["best_s"], 5),
        "sweep_due_s": round(due["sweep_s"], 4),
        "naive_s": round(naive["naive_s"], 3),
        "speedup": round(naive["naive_s"] / due["sweep_s"], 1),
        "peak_rss_mb": round(max(r["peak_rss_mb"] for r in due_runs), 1),
        "build_s": round(built["build_s"], 1),
        "same_decisions": same_ids and same_escalations and same_lights,
        "acted": len(due["acted"]),
        "examined": report["examined"],
        "escalated": report["escalated"],
        "notices": report["notices"],
        "outbox_rows": report["outbox_rows"],
        "lights_changed": report["lights_changed"],
        "still_due_after": due["still_due_after"],
        "naive_loaded": naive["loaded"],
        "naive_peak_rss_mb": round(naive["peak_rss_mb"], 1),
        "sweep_due_runs_s": [round(r["sweep_s"], 4) for r in due_runs],
        "sweep_idle_runs_s": [round(t, 5) for t in idle["runs_s"]],
        "db_mb": round(built["db_mb"], 1),
        "due_built": {
            "escalations": built["due_escalations"],
            "light_only": built["due_light_only"],
        },
    }
    met = {name: _met(name, result[name]) for name in TARGETS}
    result["targets"] = met
    result["targets_met"] = all(met.values()) and result["same_decisions"]
    result["total_s"] = round(time.perf_counter() - started, 1)

    def verdict(name: str) -> str:
        limit, how = TARGETS[name]
        return f"{how} {limit:g}  {'ok' if met[name] else 'MISSED'}"

    lines = [
        f"chainops sweep benchmark: {args.tasks:,} open tasks, {args.due:,} due at "
        f"{NOW.isoformat()}",
        f"  {'metric':<16}{'value':>14}  target",
        f"  {'build_s':<16}{result['build_s']:>14.1f}  (not a target; {result['db_mb']} MB file)",
        f"  {'sweep_idle_s':<16}{result['sweep_idle_s']:>14.4f}  {verdict('sweep_idle_s')}",
        f"  {'sweep_due_s':<16}{result['sweep_due_s']:>14.3f}  {verdict('sweep_due_s')}",
        f"  {'naive_s':<16}{result['naive_s']:>14.2f}  (baseline: {naive['loaded']:,} ORM rows)",
        f"  {'speedup':<16}{result['speedup']:>13.1f}×  {verdict('speedup')}",
        f"  {'peak_rss_mb':<16}{result['peak_rss_mb']:>14.1f}  {verdict('peak_rss_mb')}",
        f"  {'same_decisions':<16}{result['same_decisions']!s:>14}  (ids {same_ids}, "
        f"escalations {same_escalations}, light changes {same_lights})",
        f"  sweep: examined {report['examined']:,}, escalated {report['escalated']:,}, "
        f"notices {report['notices']:,}, outbox rows {report['outbox_rows']:,}, "
        f"lights changed {report['lights_changed']:,}, still due after {due['still_due_after']}",
        f"  total benchmark time {result['total_s']:.1f} s",
    ]
    missed = [name for name, ok in met.items() if not ok]
    if not result["same_decisions"]:
        missed.append("same_decisions")
    lines.append("  targets: all met" if not missed else f"  targets MISSED: {', '.join(missed)}")
    print("\n".join(lines))
    print(json.dumps(result, ensure_ascii=False), flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--tasks", type=int, default=1_000_000)
    parser.add_argument("--due", type=int, default=10_000)
    parser.add_argument("--db", default="/tmp/bench-sweep.db")
    parser.add_argument("--seed", type=int, default=20260610)
    parser.add_argument("--idle-runs", type=int, default=7)
    parser.add_argument("--due-runs", type=int, default=1, help="sweeps of fresh copies; best")
    parser.add_argument("--profile", help="also cProfile a due sweep (untimed) into this file")
    phases = ("build", "idle", "due", "naive")
    parser.add_argument("--phase", choices=phases, help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.phase is None:
        drive(args)
        return
    db = Path(args.db)
    if args.phase == "build":
        result = build(db, args.tasks, args.due, args.seed)
    elif args.phase == "idle":
        result = phase_idle(db, args.idle_runs)
    elif args.phase == "due":
        result = phase_due(db, args.profile)
    else:
        result = phase_naive(db)
    Path(args.out).write_text(json.dumps(result))


if __name__ == "__main__":
    main()
