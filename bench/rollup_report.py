"""What ``bench/rollup.py`` prints: the JSON record of a run (its last line), and the table
before it, with the targets.
"""

import argparse
from typing import Any

from bench.rollup_city import MONTH, NOW

TARGETS = {"close_s": 10.0, "peak_rss_mb": 500.0}  # metric: limit (below)


def summarise(
    args: argparse.Namespace,
    built: dict[str, Any],
    runs: list[dict[str, Any]],
    close: dict[str, Any],
    total_s: float,
) -> dict[str, Any]:
    result: dict[str, Any] = {
        "tasks": built["tasks"],
        "projects": built["projects"],
        "requests": built["requests"],
        "notices": close["expected"]["ladder.notices"],
        "month": f"{MONTH:%Y-%m}",
        "now": NOW.isoformat(),
        "close_s": round(close["close_s"], 3),
        "peak_rss_mb": round(max(r["peak_rss_mb"] for r in runs), 1),
        "close_runs_s": [round(r["close_s"], 3) for r in runs],
        "previous_close_s": round(built["previous_close_s"], 3),
        "build_s": round(built["build_s"], 1),
        "db_mb": round(built["db_mb"], 1),
        "reports": built["reports"],
        "milestones": built["milestones"],
        "notices_in_db": built["notices_in_db"],
        "outbox_rows": built["outbox_rows"],
        "snapshots": close["snapshots"],
        "newly_closed": close["newly_closed"],
        "checks": close["checks"],
        "checks_ok": close["checks_ok"] and close["newly_closed"],
    }
    met = {name: result[name] < limit for name, limit in TARGETS.items()}
    result["targets"] = met
    result["targets_met"] = all(met.values()) and result["checks_ok"]
    result["city_tasks"] = close["city"].get("tasks")
    if args.profile:
        result["profile"] = args.profile
    result["total_s"] = round(total_s, 1)
    return result


def table_lines(result: dict[str, Any], close: dict[str, Any], top: list[list[Any]]) -> list[str]:
    met = result["targets"]

    def verdict(name: str) -> str:
        return f"< {TARGETS[name]:g}  {'ok' if met[name] else 'MISSED'}"

    scopes = result["snapshots"]
    failed = [name for name, ok in result["checks"].items() if not ok]
    lines = [
        f"chainops rollup benchmark: close {result['month']} as of {result['now']}",
        f"  {result['tasks']:,} tasks, {result['projects']:,} projects ({result['reports']:,} "
        f"reports, {result['milestones']:,} milestones), {result['requests']:,} requests, "
        f"{result['notices']:,} notices in the month ({result['notices_in_db']:,} in all, "
        f"{result['outbox_rows']:,} outbox rows)",
        f"  {'metric':<18}{'value':>12}  target",
        f"  {'build_s':<18}{result['build_s']:>12.1f}  (not a target; {result['db_mb']} MB file)",
        f"  {'previous_close_s':<18}{result['previous_close_s']:>12.2f}  (September, at build)",
        f"  {'close_s':<18}{result['close_s']:>12.2f}  {verdict('close_s')}",
        f"  {'peak_rss_mb':<18}{result['peak_rss_mb']:>12.1f}  {verdict('peak_rss_mb')}",
        f"  snapshots: city {scopes['city']}, chains {scopes['chains']}, other {scopes['other']}",
        "  checks against SQL: "
        + ("all agree" if not failed else f"DISAGREE on {', '.join(failed)}")
        + f" ({close['found']})",
    ]
    if top:
        lines.append(f"  profile ({result.get('profile')}), by cumulative time:")
        lines.append(f"    {'cum s':>8} {'own s':>8} {'calls':>10}  function")
        lines += [f"    {c:>8.2f} {o:>8.2f} {n:>10}  {where}" for c, o, n, where in top]
    missed = [name for name, ok in met.items() if not ok]
    lines.append(f"  total benchmark time {result['total_s']:.1f} s")
    lines.append("  targets: all met" if not missed else f"  targets MISSED: {', '.join(missed)}")
    return lines
