"""The working-day calendar of Chinese offices (工作日历): holidays, make-up workdays, counting.

Deadlines, reminders and escalation in the chain-chief system are counted in working days, and
in China those are not Monday–Friday: the State Council publishes each year's schedule
(国务院办公厅关于XXXX年部分节假日安排的通知), which moves weekends around holidays so that some
Saturdays and Sundays become working days (调休). Each day is judged by one of four sources:

1. ``override`` — a year the office lists in its override file wins outright, so the office
   can correct the package or add a year the package does not have yet;
2. ``package`` — ``chinesecalendar`` for the years it covers (2004–2026 in 1.11; it raises
   NotImplementedError for any other year, so coverage is found by asking it);
3. ``statutory fallback`` — for any other year of 2025–2100, the statutory public holidays of
   《全国年节及纪念日放假办法》 as amended in 2024 (``mechanism.statutory_holidays``) and
   weekends, with no make-up days: 2027-01-01 is a holiday whatever the State Council's notice
   will say;
4. ``fallback`` — Monday–Friday, for any other year: before 2025 (the amended measures do not
   reach back; the package has 2004 on) or after 2100 (past the lunar tables).

The last two are guesses, so callers ask :meth:`WorkingCalendar.fallback_years` and say so
loudly until the office enters the year's schedule in the override file.

Counting uses ranks: ``rank(d)`` is the number of working days from 0001-01-01 through ``d``.
Mondays–Fridays are counted in closed form; each year with holidays (package, override or
statutory fallback) shifts the ranks of everything after it by how far its count of working
days differs from Monday–Friday, and keeps a sorted array of its working-day ordinals, built
the first time a day of that year is counted (a statutory year's count comes from its dozen
holidays alone). So ``between`` is a difference of ranks and ``add`` finds a rank with bisect:
O(log n) per call, whatever the span, years far in the future included.
"""

import bisect
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from functools import cache

import chinese_calendar

from mechanism.statutory_holidays import FIRST_YEAR, LAST_YEAR, covers, statutory_holidays

MAKE_UP_WORKDAY = "make-up workday"  # 调休: a weekend day worked to lengthen a holiday


class DaySource(StrEnum):
    """Where the verdict on a day comes from."""

    PACKAGE = "package"
    OVERRIDE = "override"
    STATUTORY = "statutory fallback"  # the statutory holidays and weekends, no make-up days
    FALLBACK = "fallback"  # Monday–Friday: a year outside the statutory fallback's 2025–2100


@dataclass(frozen=True)
class YearOverride:
    """One year's schedule as the office enters it from the State Council notice.

    A day is a holiday if listed in ``holidays``, a working day if listed in ``workdays``
    (make-up days, usually weekends), and otherwise a working day exactly when it falls on
    Monday–Friday.
    """

    year: int
    holidays: frozenset[date]
    workdays: frozenset[date]

    def __post_init__(self) -> None:
        outside = sorted(d for d in self.holidays | self.workdays if d.year != self.year)
        if outside:
            raise ValueError(f"year {self.year}: {outside[0].isoformat()} is not in {self.year}")
        both = sorted(self.holidays & self.workdays)
        if both:
            raise ValueError(
                f"year {self.year}: {both[0].isoformat()} is both a holiday and a working day"
            )

    def is_workday(self, day: date) -> bool:
        return day in self.workdays or (day.weekday() < 5 and day not in self.holidays)


@dataclass(frozen=True)
class DayVerdict:
    """Whether offices work on ``day``, by which source, and the holiday's name if known."""

    day: date
    workday: bool
    source: DaySource
    name: str | None

    @property
    def kind(self) -> str:
        """``working day``, ``holiday`` (named, or falling on a weekday) or ``weekend``."""
        if self.workday:
            return "working day"
        if self.name is not None or self.day.weekday() < 5:
            return "holiday"
        return "weekend"


def _package_covers(year: int) -> bool:
    """Whether ``chinesecalendar`` has data for ``year``: it raises rather than guess."""
    try:
        chinese_calendar.is_workday(date(year, 7, 1))
    except NotImplementedError:
        return False
    return True


@cache
def package_years() -> frozenset[int]:
    """The years the installed ``chinesecalendar`` covers, found by asking it.

    Only the years of its own holiday table can be covered, so only those are probed.
    """
    table = [day.year for day in chinese_calendar.holidays]
    if not table:
        return frozenset()
    return frozenset(y for y in range(min(table), max(table) + 1) if _package_covers(y))


def _package_workday(day: date) -> bool:
    # The package's own rule (``chinese_calendar.is_workday``) on its tables, without its
    # per-call range check, which costs about 25 µs: a year is built from 365 of these.
    return day in chinese_calendar.workdays or (
        day.weekday() < 5 and day not in chinese_calendar.holidays
    )


def _package_name(day: date) -> str | None:
    """The name ``chinese_calendar.get_holiday_detail`` gives, marking make-up workdays."""
    made_up = chinese_calendar.workdays.get(day)
    if made_up is not None:
        return f"{MAKE_UP_WORKDAY}, {made_up}" if day.weekday() >= 5 else str(made_up)
    holiday = chinese_calendar.holidays.get(day)
    return None if holiday is None else str(holiday)


def _weekdays_through(ordinal: int) -> int:
    """Mondays–Fridays from 0001-01-01 (a Monday, ordinal 1) through ``ordinal``."""
    weeks, rest = divmod(ordinal, 7)
    return 5 * weeks + min(rest, 5)


def _nth_weekday(count: int) -> int:
    """The ordinal of the ``count``-th Monday–Friday from 0001-01-01 (``count`` ≥ 1)."""
    weeks, rest = divmod(count - 1, 5)
    return 7 * weeks + rest + 1


@dataclass(frozen=True)
class _Ranks:
    """Every year with holidays, in order, with where its ranks start; built once, on first use.

    ``shift[i]`` is how many more working days than Monday–Friday the years before ``years[i]``
    have together (negative: fewer), so a Monday–Friday day after them has rank
    ``_weekdays_through(ordinal) + shift[i]``; ``shift`` has one more entry than ``years``.
    """

    years: list[int]
    # Each year's sorted working-day ordinals, None until a day of that year is counted; a
    # slot is only ever filled, with the same list whichever thread fills it.
    ordinals: list[list[int] | None]
    first: list[int]  # rank of the last day before each year
    last: list[int]  # rank of each year's last day
    shift: list[int]


def _weekdays_in(year: int) -> int:
    before = date(year, 1, 1).toordinal() - 1
    return _weekdays_through(date(year, 12, 31).toordinal()) - _weekdays_through(before)


class WorkingCalendar:
    """Working days by the override file, then ``chinesecalendar``, then the statutory
    holidays, then Monday–Friday.

    Satisfies ``mechanism.workdays.Workdays``. Each year's working days are computed once,
    on first use; the calendar is immutable and safe to share.
    """

    def __init__(self, overrides: Mapping[int, YearOverride] | None = None) -> None:
        self._overrides: dict[int, YearOverride] = dict(overrides or {})
        for year, override in self._overrides.items():
            if override.year != year:
                raise ValueError(f"override for {year} is for year {override.year}")
        self._package = package_years()
        self._year_ordinals: dict[int, list[int]] = {}
        self._index: _Ranks | None = None
        # Rank by ordinal: a sweep asks about the same few hundred dates thousands of times.
        self._rank_of: dict[int, int] = {}

    @property
    def package_years(self) -> frozenset[int]:
        return self._package

    @property
    def override_years(self) -> frozenset[int]:
        return frozenset(self._overrides)

    def source_of(self, year: int) -> DaySource:
        if year in self._overrides:
            return DaySource.OVERRIDE
        if year in self._package:
            return DaySource.PACKAGE
        if covers(year):
            return DaySource.STATUTORY
        return DaySource.FALLBACK

    # --- single days ------------------------------------------------------------------------

    def is_workday(self, day: date) -> bool:
        override = self._overrides.get(day.year)
        if override is not None:
            return override.is_workday(day)
        if day.year in self._package:
            return _package_workday(day)
        if covers(day.year):
            return day.weekday() < 5 and day not in statutory_holidays(day.year)
        return day.weekday() < 5

    def check(self, day: date) -> DayVerdict:
        """The verdict on ``day``, with the source that decided it."""
        source = self.source_of(day.year)
        workday = self.is_workday(day)
        name: str | None = None
        if source is DaySource.PACKAGE:
            name = _package_name(day)
        elif source is DaySource.OVERRIDE and workday and day.weekday() >= 5:
            name = MAKE_UP_WORKDAY
        elif source is DaySource.STATUTORY:
            name = statutory_holidays(day.year).get(day)
        return DayVerdict(day, workday, source, name)

    def fallback_years(self, start: date, end: date) -> list[int]:
        """The years from ``start`` to ``end`` (either order) without an official schedule:
        judged by the statutory holidays alone, or past them by Monday–Friday."""
        low, high = sorted((start.year, end.year))
        guessed = (DaySource.STATUTORY, DaySource.FALLBACK)
        return [y for y in range(low, high + 1) if self.source_of(y) in guessed]

    # --- counting ---------------------------------------------------------------------------

    def add(self, day: date, n: int) -> date:
        """The ``n``-th working day after ``day`` (``n`` < 0: before it); ``day`` is not counted.

        ``add(day, 0)`` is ``day`` itself, working or not. For ``n`` ≠ 0 the result is always a
        working day: ``add(date(2026, 9, 28), 5)`` is 2026-10-10, the make-up Saturday after
        the National Day holiday. Raises ValueError past 9999-12-31 or before 0001-01-01.
        """
        if n == 0:
            return day
        rank = self._rank(day)
        if n > 0:
            return date.fromordinal(self._select(rank + n))
        # The working days before ``day`` end at rank(day) - 1 when ``day`` itself is one.
        return date.fromordinal(self._select(rank + n + (0 if self.is_workday(day) else 1)))

    def between(self, start: date, end: date) -> int:
        """Working days ``d`` with ``start < d <= end``; when ``end < start``, minus the working
        days ``d`` with ``end < d <= start``.

        So ``between(a, b) == -between(b, a)``, ``between(a, b) + between(b, c) ==
        between(a, c)`` for any order, and ``add(start, between(start, end)) == end`` whenever
        ``end`` is a working day and either ``end >= start`` or ``start`` is a working day.
        Likewise ``between(day, add(day, n)) == n`` for every ``n`` ≥ 0, and for every ``n``
        when ``day`` is a working day.
        """
        return self._rank(end) - self._rank(start)

    def _rank(self, day: date) -> int:
        ordinal = day.toordinal()
        rank = self._rank_of.get(ordinal)
        if rank is None:
            rank = self._rank_of[ordinal] = self._compute_rank(day, ordinal)
        return rank

    def _compute_rank(self, day: date, ordinal: int) -> int:
        index = self._ranks()
        i = bisect.bisect_left(index.years, day.year)
        if i < len(index.years) and index.years[i] == day.year:
            days = index.ordinals[i] or self._fill(index, i)
            return index.first[i] + bisect.bisect_right(days, ordinal)
        return _weekdays_through(ordinal) + index.shift[i]

    def _select(self, rank: int) -> int:
        """The ordinal of the working day whose rank is ``rank``."""
        if rank < 1:
            raise ValueError("no working day that early: the calendar starts at 0001-01-01")
        index = self._ranks()
        i = bisect.bisect_left(index.last, rank)
        if i < len(index.years) and rank > index.first[i]:
            days = index.ordinals[i] or self._fill(index, i)
            return days[rank - index.first[i] - 1]
        # A Monday–Friday gap: after years[i - 1], before years[i] (or after every such year).
        return _nth_weekday(rank - index.shift[i])

    def _ranks(self) -> _Ranks:
        if self._index is None:
            self._index = self._build_ranks()
        return self._index

    def _build_ranks(self) -> _Ranks:
        statutory = range(FIRST_YEAR, LAST_YEAR + 1)
        years = sorted(self._package | self._overrides.keys() | set(statutory))
        first: list[int] = []
        last: list[int] = []
        shift = [0]
        for year in years:
            before = date(year, 1, 1).toordinal() - 1
            start = _weekdays_through(before) + shift[-1]
            count = self._working_days_in(year)
            first.append(start)
            last.append(start + count)
            shift.append(shift[-1] + count - _weekdays_in(year))
        return _Ranks(years, [None] * len(years), first, last, shift)

    def _fill(self, index: _Ranks, i: int) -> list[int]:
        days = index.ordinals[i] = self._working_ordinals(index.years[i])
        return days

    def _working_days_in(self, year: int) -> int:
        """How many working days ``year`` has; for a statutory year, without building its
        array (some seventy of them follow the package's data)."""
        if self.source_of(year) is DaySource.STATUTORY:
            off = sum(1 for day in statutory_holidays(year) if day.weekday() < 5)
            return _weekdays_in(year) - off
        return len(self._working_ordinals(year))

    def _working_ordinals(self, year: int) -> list[int]:
        """The sorted ordinals of ``year``'s working days, computed once per year."""
        cached = self._year_ordinals.get(year)
        if cached is None:
            first = date(year, 1, 1)
            days = (first + timedelta(days=k) for k in range((date(year, 12, 31) - first).days + 1))
            cached = [d.toordinal() for d in days if self.is_workday(d)]
            self._year_ordinals[year] = cached
        return cached
