"""``chainops calendar``: working days as offices count them, for people and for scripts.

``add`` prints the resulting date alone on stdout so a script can use it; warnings (a year
counted by the statutory holidays alone, or Monday–Friday, for want of its official schedule) go
to stderr, and into ``warnings`` with ``--json``.
"""

import re
from datetime import date
from typing import Annotated, Any

import typer
from rich.markup import escape

from chainops.calendar_setup import fallback_warning, working_calendar
from chainops.cli.common import JsonOption, fail
from chainops.cli.output import errors, print_json
from chainops.settings import get_settings
from mechanism.calendar import DaySource, DayVerdict, WorkingCalendar
from services.config import CalendarFileError

DateArgument = Annotated[str, typer.Argument(metavar="DATE", help="A date, YYYY-MM-DD.")]
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _parse_date(text: str) -> date:
    if _ISO_DATE.fullmatch(text.strip()):
        try:
            return date.fromisoformat(text.strip())
        except ValueError:
            pass
    raise fail(f"{text!r} is not a date; write YYYY-MM-DD, e.g. 2026-10-10", 2)


def _calendar() -> WorkingCalendar:
    try:
        return working_calendar()
    except CalendarFileError as exc:
        path = get_settings().calendar_file
        raise fail(f"{exc} (calendar override file {path}; set CHAINOPS_CALENDAR_FILE)") from exc


def warn_fallback(calendar: WorkingCalendar, start: date, end: date) -> list[str]:
    """One warning when the span touches years without an official schedule."""
    years = calendar.fallback_years(start, end)
    if not years:
        return []
    warning = fallback_warning(calendar, years, get_settings().calendar_file)
    errors.print(f"[yellow]warning:[/yellow] {escape(warning)}", highlight=False)
    return [warning]


def _describe(verdict: DayVerdict) -> str:
    """E.g. ``working day (package: make-up workday, National Day)``."""
    if verdict.source is DaySource.FALLBACK:
        detail = f"fallback: Monday–Friday; no official data for {verdict.day.year}"
    elif verdict.source is DaySource.STATUTORY:
        named = f": {verdict.name}" if verdict.name else ""
        detail = f"statutory fallback{named}; no official data for {verdict.day.year}"
    elif verdict.name:
        detail = f"{verdict.source.value}: {verdict.name}"
    else:
        detail = verdict.source.value
    return f"{verdict.kind} ({detail})"


def register_calendar(app: typer.Typer) -> None:
    """Add the ``calendar`` group (``add``, ``check``) to ``app``."""
    calendar_app = typer.Typer(
        help="Working days: holidays, make-up workdays (调休) and counting.",
        no_args_is_help=True,
    )
    app.add_typer(calendar_app, name="calendar")

    # Unknown "options" are arguments here, so a negative N (-3) is read as a number.
    @calendar_app.command("add", context_settings={"ignore_unknown_options": True})
    def add(
        day: DateArgument,
        n: Annotated[int, typer.Argument(help="Working days to count; negative counts back.")],
        as_json: JsonOption = False,
    ) -> None:
        """The N-th working day after DATE (before it when N < 0); DATE itself is not counted."""
        start = _parse_date(day)
        calendar = _calendar()
        try:
            result = calendar.add(start, n)
        except ValueError as exc:
            raise fail(f"{n} working days from {start.isoformat()}: {exc}", 2) from exc
        warnings = warn_fallback(calendar, start, result)
        if as_json:
            output: dict[str, Any] = {"date": start, "n": n, "result": result}
            print_json({**output, "warnings": warnings})
        else:
            print(result.isoformat())

    @calendar_app.command("check")
    def check(day: DateArgument, as_json: JsonOption = False) -> None:
        """Whether DATE is a working day, and which source says so."""
        calendar = _calendar()
        verdict = calendar.check(_parse_date(day))
        warnings = warn_fallback(calendar, verdict.day, verdict.day)
        if as_json:
            print_json(
                {
                    "date": verdict.day,
                    "workday": verdict.workday,
                    "result": verdict.kind,
                    "source": verdict.source.value,
                    "name": verdict.name,
                    "warnings": warnings,
                }
            )
        else:
            print(f"{verdict.day.isoformat()} {_describe(verdict)}")
