"""``chainops rollup --month 2026-10``: close a month (月通报), or show it if already closed.

Either way its bulletin is (re)written under the reports folder and its mail queued for the
leaders and the office, once: running it again rewrites the same files and queues nothing.
"""

from datetime import date
from typing import Annotated, Any
from zoneinfo import ZoneInfo

import typer

from chainops import wiring
from chainops.cli.common import JsonOption, fail, open_session, parse_as_of
from chainops.cli.output import print_json, print_rows
from chainops.settings import get_settings
from services.config import RollupConfigError
from services.rollup import MonthNotOver, Published, RollupResult, close_month, publish_month

COLUMNS = (
    "scope", "rank", "score", "tasks", "due", "on time", "late", "on-time rate", "open red",
    "open yellow", "invested %", "timing %", "reports missing", "requests closed",
    "within level", "notices",
)  # fmt: skip

DEPARTMENT_COLUMNS = (
    "scope", "rank", "score", "tasks", "due", "on time", "late", "on-time rate", "open red",
    "invested %", "requests closed", "within level",
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
        rules = wiring.engine_rules(settings)
        try:  # the ranking's file is read before anything is opened: a wrong one changes nothing
            weights, points = wiring.ranking_weights(settings), wiring.ranking_points(settings)
        except RollupConfigError as exc:
            raise fail(str(exc), 2) from exc
        with open_session() as session:
            try:
                result = close_month(
                    session=session,
                    month=first,
                    now=now,
                    rules=rules,
                    factors=wiring.factor_rules(settings),
                    weights=weights,
                    pipeline=wiring.pipeline_rules(settings),
                    benchmark_gaps=wiring.bulletin_gaps(settings),
                    points=points,
                    projects=wiring.project_rules(settings),
                    practices=wiring.bulletin_practices(settings),
                )
            except MonthNotOver as exc:
                raise fail(str(exc)) from exc
            published = publish_month(
                session=session,
                month=first,
                reports_dir=settings.reports_dir,
                rules=rules,
                office_name=settings.office_name,
                base_url=settings.base_url,
                locale=settings.locale,
            )
        if as_json:
            print_json({**result.as_dict(), "published": published.as_dict()})
            return
        render(result, settings.zone)
        _report(published)


def _report(published: Published) -> None:
    folder = published.files[0].parent if published.files else None
    print(f"bulletin: {folder} ({len(published.files)} files)")
    print(f"mail: {published.notices} notices, {published.mails} messages newly queued")


def render(result: RollupResult, zone: ZoneInfo) -> None:
    """One row per chain and one for the city: the figures a bulletin leads with."""
    closed = result.closed_at.astimezone(zone)
    rows = [_row(code, figures) for code, figures in result.chains.items()]
    rows.append(_row("city", result.city))
    if get_settings().locale == "zh-CN":
        verb = "关账于" if result.newly_closed else "已于"
        title = f"{result.month:%Y-%m} 月度调度（{verb} {closed:%Y-%m-%d %H:%M} 冻结）"
    else:
        verb = "closed" if result.newly_closed else "closed earlier"
        title = f"{result.month:%Y-%m} rollup, {verb} at {closed:%Y-%m-%d %H:%M}"
    print_rows(title, rows, COLUMNS)
    departments = [_row(code, figures) for code, figures in result.departments.items()]
    departments.sort(key=lambda row: (row["rank"] is None, row["rank"] or 0))
    print_rows("Responsible departments", departments, DEPARTMENT_COLUMNS)


def _row(scope: str, figures: dict[str, Any]) -> dict[str, Any]:
    tasks, projects = figures["tasks"], figures["projects"]
    requests, ladder = figures["requests"], figures.get("ladder")
    ranking = figures.get("ranking", {})
    return {
        "scope": scope,
        "rank": ranking.get("rank"),
        "score": ranking.get("score"),
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
        "notices": sum(ladder["notices_by_level"].values()) if ladder else None,
    }


def _percent(value: float | None) -> str | None:
    return None if value is None else f"{value * 100:.1f}"
