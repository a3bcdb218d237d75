"""How fast does the working-day calendar count, with data years and fallback years alike?

    .venv/bin/python bench/calendar_counting.py [--calls 100000]

Each phase runs in a fresh subprocess (the calendar caches per process and per instance):

- ``first_use_ms``: ``WorkingCalendar()`` and its first ``add`` (the rank index is built then,
  with every statutory fallback year's holidays), the imports not counted;
- ``mixed_us``: ``--calls`` pairs of ``between(day, add(day, n))`` for days spread over
  2025-01-01 … 2030-12-31 (package and fallback years) and n in -20 … 40, per pair;
- ``fallback_us``: the same over 2027-01-01 … 2035-12-31, fallback years only;
- ``span_ms``: ``between(2020-01-01, 9999-12-31)`` and ``add`` of that many, cold.

Prints one JSON object as the last line.
"""

import argparse
import json
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run as a script: the project's packages, as in the venv


def _pairs(first: date, last: date, calls: int) -> float:
    from mechanism.calendar import WorkingCalendar

    calendar = WorkingCalendar()
    span = (last - first).days + 1
    days = [first + timedelta(days=(k * 7919) % span) for k in range(calls)]
    counts = [(k * 31) % 61 - 20 for k in range(calls)]
    began = time.perf_counter()
    for day, n in zip(days, counts, strict=True):
        calendar.between(day, calendar.add(day, n))
    return (time.perf_counter() - began) / calls * 1e6


def phase(name: str, calls: int) -> float:
    from mechanism.calendar import WorkingCalendar

    if name == "first_use_ms":
        began = time.perf_counter()
        WorkingCalendar().add(date(2026, 12, 28), 5)
        return (time.perf_counter() - began) * 1e3
    if name == "mixed_us":
        return _pairs(date(2025, 1, 1), date(2030, 12, 31), calls)
    if name == "fallback_us":
        return _pairs(date(2027, 1, 1), date(2035, 12, 31), calls)
    if name == "span_ms":
        calendar = WorkingCalendar()
        began = time.perf_counter()
        n = calendar.between(date(2020, 1, 1), date(9999, 12, 31))
        calendar.add(date(2020, 1, 1), n)
        return (time.perf_counter() - began) * 1e3
    raise SystemExit(f"unknown phase {name}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=100_000)
    parser.add_argument("--phase", help=argparse.SUPPRESS)
    parser.add_argument("--runs", type=int, default=5, help="best of this many subprocesses")
    args = parser.parse_args()
    if args.phase:
        print(phase(args.phase, args.calls))
        return
    result: dict[str, float] = {}
    for name in ("first_use_ms", "mixed_us", "fallback_us", "span_ms"):
        runs = [
            float(
                subprocess.run(
                    [sys.executable, __file__, "--phase", name, "--calls", str(args.calls)],
                    check=True,
                    capture_output=True,
                    text=True,
                ).stdout
            )
            for _ in range(args.runs)
        ]
        result[name] = round(min(runs), 3)
        print(f"{name:14} {result[name]:>10}")
    print(json.dumps(result))


if __name__ == "__main__":
    main()
