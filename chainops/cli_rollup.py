"""``chainops rollup --month 2026-10``: close a month (月通报), or show it if already closed."""

from datetime import date
from typing import Annotated, Any
from zoneinfo import ZoneInfo

import typer

from chainops import wiring
from chainops.cli_common import JsonOption, fail, open_session
from chainops.cli_engine import parse_as_of
from chainops.output import print_json, print_rows
from chainops.settings import get_settings
from services.rollup import MonthNotOver, RollupResult, close_month

COLUMNS = (
    "scope", "tasks", "due", "on time", "late", "on-time rate", "open red", "open yellow",
    "invested %", "timing %", "reports missing", "requests closed", "within level",
    "notices",
)  # fmt: skip


def parse_month(text: str) -> date:
    """``--month``: a month written 2026-10."""
    try:
        return date.fromisoformat(f"{text}-01")
    except ValueError:
        raise fail(f"--month: {text!r} is not a month like 2026-10", 2) from None


def register_rollup(app: typer.Typer) -> None:
    @app.command("rollup")
    def rollup_command(
        month: Annotated[str, typer.Option("--month", help="The month to close, e.g. 2026-10.")],
        as_of: Annotated[
            str | None,
            typer.Option("--as-of", help="Close as of this local time (default: now)."),
        ] = None,
        as_json: JsonOption = False,
    ) -> None:
        """Close a month (per chain and city-wide, frozen), or show it if closed already."""
        first = parse_month(month)
        settings = get_settings()
        now = parse_as_of(as_of, settings.zone)
        with open_session() as session:
            try:
                result = close_month(
                    session=session,
                    month=first,
                    now=now,
                    rules=wiring.engine_rules(settings),
                    factors=wiring.factor_rules(settings),
                )
            except MonthNotOver as exc:
                raise fail(str(exc)) from exc
        if as_json:
            print_json(result.as_dict())
            return
        render(result, settings.zone)


def render(result: RollupResult, zone: ZoneInfo) -> None:
    """One row per chain and one for the city: the figures a bulletin leads with."""
    closed = result.closed_at.astimezone(zone)
    verb = "closed" if result.newly_closed else "closed earlier"
    rows = [_row(code, figures) for code, figures in result.chains.items()]
    rows.append(_row("city", result.city))
    print_rows(f"{result.month:%Y-%m} rollup, {verb} at {closed:%Y-%m-%d %H:%M}", rows, COLUMNS)


def _row(scope: str, figures: dict[str, Any]) -> dict[str, Any]:
    tasks, projects = figures["tasks"], figures["projects"]
    requests, ladder = figures["requests"], figures["ladder"]
    return {
        "scope": scope,
        "tasks": tasks["total"],
        "due": tasks["due_this_month"],
        "on time": tasks["done_on_time"],
        "late": tasks["done_late"],
        "on-time rate": _percent(tasks["on_time_rate"]),
        "open red": tasks["open_by_light"].get("red", 0),
        "open yellow": tasks["open_by_light"].get("yellow", 0),
        "invested %": _percent(projects["completion_rate"]),
        "timing %": _percent(projects["timing_progress"]),
        "reports missing": projects["reports_missing"],
        "requests closed": requests["closed"],
        "within level": requests["closed_within_level"],
        "notices": sum(ladder["notices_by_level"].values()),
    }


def _percent(value: float | None) -> str | None:
    return None if value is None else f"{value * 100:.1f}"
