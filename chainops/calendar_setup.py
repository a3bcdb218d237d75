"""The working-day calendar, built once from the override file the settings name."""

from functools import lru_cache
from pathlib import Path

from chainops.settings import Settings, get_settings
from mechanism.calendar import DaySource, WorkingCalendar
from services.config import load_overrides


@lru_cache
def calendar_for(path: str) -> WorkingCalendar:
    """The calendar with the overrides in ``path``; raises CalendarFileError (not cached)."""
    return WorkingCalendar(load_overrides(Path(path)))


def working_calendar(settings: Settings | None = None) -> WorkingCalendar:
    """The calendar every command, flow and page counts working days with."""
    return calendar_for(str((settings or get_settings()).calendar_file))


# No make-up days (调休) can be guessed: the State Council's notice decides them each year.
STATUTORY_COUNTING = "counted with the statutory public holidays and weekends, no make-up days"


def fallback_warning(calendar: WorkingCalendar, years: list[int], override_file: Path) -> str:
    """Why ``years`` are counted without their official schedule, how, and how to fix it, in
    one line.

    The design asks for this to be said loudly wherever it happens (CLI, logs, dashboard).
    """
    package = sorted(calendar.package_years)
    covered = f"covers {package[0]}–{package[-1]}" if package else "covers no year"
    verb = "has" if len(years) == 1 else "have"
    return (
        f"{year_ranges(years)} {verb} no official calendar data (chinesecalendar {covered}) "
        f"and {'is' if len(years) == 1 else 'are'} not in {override_file}; "
        f"{counted_how(calendar, years)}"
    )


def split_fallback(calendar: WorkingCalendar, years: list[int]) -> tuple[list[int], list[int]]:
    """``years`` without an official schedule as (statutory fallback, Monday–Friday)."""
    statutory = [y for y in years if calendar.source_of(y) is DaySource.STATUTORY]
    return statutory, [y for y in years if y not in statutory]


def counted_how(calendar: WorkingCalendar, years: list[int]) -> str:
    """``counted with the statutory holidays…``, ``counted Monday–Friday``, or both, by year."""
    statutory, weekdays = split_fallback(calendar, years)
    if not weekdays:
        return STATUTORY_COUNTING
    if not statutory:
        return "counted Monday–Friday"
    return (
        f"{year_ranges(statutory)} {STATUTORY_COUNTING}; "
        f"{year_ranges(weekdays)} counted Monday–Friday"
    )


def year_ranges(years: list[int]) -> str:
    """``[2027, 2028, 2029, 2031]`` as ``2027–2029, 2031``: spans into the far future stay short."""
    parts: list[str] = []
    for year in sorted(years):
        if parts and parts[-1].split("–")[-1] == str(year - 1):
            parts[-1] = f"{parts[-1].split('–')[0]}–{year}"
        else:
            parts.append(str(year))
    return ", ".join(parts)
