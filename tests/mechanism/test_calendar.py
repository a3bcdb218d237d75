"""The working-day calendar: the official 2026 schedule, overrides, fallback, and counting laws."""

import time
from datetime import date, timedelta

import chinese_calendar
import pytest
from hypothesis import given
from hypothesis import strategies as st

from mechanism.calendar import (
    DaySource,
    DayVerdict,
    WorkingCalendar,
    YearOverride,
    package_years,
)
from mechanism.workdays import Workdays


def days(first: date, last: date) -> list[date]:
    return [first + timedelta(days=k) for k in range((last - first).days + 1)]


# Invented schedules for tests only: the real 2027 schedule is not known yet.
OVERRIDE_2027 = YearOverride(
    2027,
    holidays=frozenset([date(2027, 1, 1), *days(date(2027, 2, 5), date(2027, 2, 11))]),
    workdays=frozenset([date(2027, 2, 14), date(2027, 2, 20)]),  # a Sunday and a Saturday
)
OVERRIDE_2029 = YearOverride(
    2029,
    holidays=frozenset(days(date(2029, 10, 1), date(2029, 10, 7))),
    workdays=frozenset([date(2029, 9, 29)]),
)

PLAIN = WorkingCalendar()
OVERRIDDEN = WorkingCalendar({2027: OVERRIDE_2027, 2029: OVERRIDE_2029})


def naive_add(calendar: WorkingCalendar, day: date, n: int) -> date:
    """The definition, one day at a time: what ``add`` must agree with."""
    step = timedelta(days=1 if n > 0 else -1)
    left = abs(n)
    while left:
        day += step
        if calendar.is_workday(day):
            left -= 1
    return day


def naive_between(calendar: WorkingCalendar, start: date, end: date) -> int:
    if end < start:
        return -naive_between(calendar, end, start)
    return sum(calendar.is_workday(d) for d in days(start + timedelta(days=1), end))


# --- the package: the official 2026 schedule --------------------------------------------------


def test_the_package_covers_2004_to_2026_and_is_found_by_asking_it() -> None:
    assert min(package_years()) == 2004
    assert max(package_years()) >= 2026
    assert package_years() == frozenset(range(min(package_years()), max(package_years()) + 1))
    assert PLAIN.package_years == package_years()


@pytest.mark.parametrize("day", days(date(2026, 10, 1), date(2026, 10, 7)))
def test_national_day_2026_is_seven_days_off(day: date) -> None:
    assert PLAIN.check(day) == DayVerdict(day, False, DaySource.PACKAGE, "National Day")
    assert PLAIN.check(day).kind == "holiday"


@pytest.mark.parametrize(
    ("day", "name"),
    [
        (date(2026, 9, 20), "make-up workday, National Day"),  # a Sunday
        (date(2026, 10, 10), "make-up workday, National Day"),  # a Saturday
        (date(2026, 2, 14), "make-up workday, Spring Festival"),
        (date(2026, 2, 28), "make-up workday, Spring Festival"),
        (date(2026, 1, 4), "make-up workday, New Year's Day"),
    ],
)
def test_make_up_weekend_days_of_2026_are_working_days(day: date, name: str) -> None:
    assert day.weekday() >= 5
    assert PLAIN.check(day) == DayVerdict(day, True, DaySource.PACKAGE, name)
    assert PLAIN.is_workday(day)


@pytest.mark.parametrize("day", days(date(2026, 2, 15), date(2026, 2, 23)))
def test_spring_festival_2026_is_nine_days_off(day: date) -> None:
    assert PLAIN.check(day) == DayVerdict(day, False, DaySource.PACKAGE, "Spring Festival")


def test_an_ordinary_day_has_no_name() -> None:
    assert PLAIN.check(date(2026, 3, 2)) == DayVerdict(
        date(2026, 3, 2), True, DaySource.PACKAGE, None
    )
    assert PLAIN.check(date(2026, 3, 7)).kind == "weekend"


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        (date(2026, 9, 28), 5, date(2026, 10, 10)),  # 9-29, 9-30, 10-8, 10-9, then Saturday 10-10
        (date(2026, 9, 30), 1, date(2026, 10, 8)),
        (date(2026, 10, 1), 1, date(2026, 10, 8)),  # counting from a holiday
        (date(2026, 10, 8), -1, date(2026, 9, 30)),
        (date(2026, 10, 12), -1, date(2026, 10, 10)),
        (date(2026, 10, 11), -1, date(2026, 10, 10)),  # counting back from a Sunday
        (date(2026, 9, 18), 1, date(2026, 9, 20)),  # Friday, then the make-up Sunday
        (date(2026, 2, 13), 1, date(2026, 2, 14)),
        (date(2026, 2, 14), 1, date(2026, 2, 24)),  # over the whole Spring Festival
        (date(2026, 2, 24), -1, date(2026, 2, 14)),
        (date(2026, 10, 3), 0, date(2026, 10, 3)),  # zero is the day itself, working or not
    ],
)
def test_adding_working_days_around_2026_holidays(start: date, n: int, expected: date) -> None:
    assert PLAIN.add(start, n) == expected


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (date(2026, 9, 28), date(2026, 10, 10), 5),
        (date(2026, 9, 30), date(2026, 10, 7), 0),
        (date(2026, 9, 30), date(2026, 10, 8), 1),
        (date(2026, 10, 8), date(2026, 9, 30), -1),  # minus the working days in (9-30, 10-8]
        (date(2026, 10, 10), date(2026, 9, 28), -5),
        (date(2026, 2, 13), date(2026, 2, 24), 2),
        (date(2026, 5, 6), date(2026, 5, 6), 0),
    ],
)
def test_counting_working_days_between_two_dates(start: date, end: date, expected: int) -> None:
    assert PLAIN.between(start, end) == expected


def test_the_package_rule_is_applied_exactly_as_chinese_calendar_does() -> None:
    for day in days(date(2004, 1, 1), date(max(package_years()), 12, 31)):
        assert PLAIN.is_workday(day) == chinese_calendar.is_workday(day), day
        holiday, name = chinese_calendar.get_holiday_detail(day)
        verdict = PLAIN.check(day)
        assert verdict.workday == (not holiday)
        assert verdict.name == name or verdict.name == f"make-up workday, {name}"


# --- past the package: fallback and the override file ----------------------------------------


def test_after_2026_without_an_override_the_statutory_holidays_and_weekends_count() -> None:
    assert PLAIN.add(date(2026, 12, 28), 5) == date(2027, 1, 5)  # Friday 2027-01-01 is off
    assert PLAIN.check(date(2027, 1, 1)) == DayVerdict(
        date(2027, 1, 1), False, DaySource.STATUTORY, "New Year's Day"
    )
    assert PLAIN.fallback_years(date(2026, 12, 28), date(2027, 1, 4)) == [2027]
    assert PLAIN.fallback_years(date(2027, 1, 4), date(2026, 12, 28)) == [2027]


def test_an_override_year_is_used_and_reported_as_override() -> None:
    assert OVERRIDDEN.add(date(2026, 12, 28), 5) == date(2027, 1, 5)
    assert OVERRIDDEN.check(date(2027, 1, 1)) == DayVerdict(
        date(2027, 1, 1), False, DaySource.OVERRIDE, None
    )
    assert OVERRIDDEN.check(date(2027, 1, 1)).kind == "holiday"
    assert OVERRIDDEN.check(date(2027, 2, 14)) == DayVerdict(
        date(2027, 2, 14), True, DaySource.OVERRIDE, "make-up workday"
    )
    assert OVERRIDDEN.add(date(2027, 2, 4), 1) == date(2027, 2, 12)
    assert OVERRIDDEN.fallback_years(date(2026, 12, 28), date(2027, 12, 31)) == []
    assert OVERRIDDEN.between(date(2026, 12, 31), date(2027, 1, 4)) == 1


def test_fallback_years_between_two_override_years_are_reported() -> None:
    assert OVERRIDDEN.fallback_years(date(2026, 6, 1), date(2030, 1, 2)) == [2028, 2030]
    assert OVERRIDDEN.source_of(2028) is DaySource.STATUTORY
    assert OVERRIDDEN.add(date(2029, 9, 28), 1) == date(2029, 9, 29)  # an override Saturday


def test_the_override_wins_over_the_package_for_the_years_it_lists() -> None:
    correction = YearOverride(2026, holidays=frozenset([date(2026, 10, 9)]), workdays=frozenset())
    calendar = WorkingCalendar({2026: correction})
    assert calendar.check(date(2026, 10, 1)) == DayVerdict(
        date(2026, 10, 1), True, DaySource.OVERRIDE, None
    )
    assert not calendar.is_workday(date(2026, 10, 9))
    assert not calendar.is_workday(date(2026, 10, 10))
    assert calendar.fallback_years(date(2026, 1, 1), date(2026, 12, 31)) == []


def test_years_before_the_package_fall_back_too() -> None:
    # The statutory fallback keeps the measures as amended in 2024: they do not reach back.
    assert PLAIN.check(date(2003, 10, 1)) == DayVerdict(
        date(2003, 10, 1), True, DaySource.FALLBACK, None
    )
    assert PLAIN.add(date(2003, 12, 31), 1) == date(2004, 1, 2)  # 2004-01-01 is New Year
    assert PLAIN.fallback_years(date(2005, 1, 1), date(2001, 6, 1)) == [2001, 2002, 2003]


def test_spans_of_centuries_count_mondays_to_fridays_in_closed_form() -> None:
    start, end = date(2101, 1, 1), date(2300, 12, 31)  # past the statutory fallback's years
    weekdays = sum(d.weekday() < 5 for d in days(start + timedelta(days=1), end))
    assert PLAIN.between(start, end) == weekdays
    assert PLAIN.add(start, weekdays) == max(d for d in days(start, end) if d.weekday() < 5)
    assert PLAIN.between(date(2020, 1, 1), date(9999, 12, 31)) > 2_000_000


def test_counting_past_the_ends_of_the_calendar_is_refused() -> None:
    with pytest.raises(ValueError):
        PLAIN.add(date(9999, 12, 30), 5)
    with pytest.raises(ValueError, match="no working day that early"):
        PLAIN.add(date(1, 1, 3), -5)


@pytest.mark.parametrize(
    ("override", "message"),
    [
        (
            {"holidays": {date(2028, 1, 1)}, "workdays": set()},
            "year 2027: 2028-01-01 is not in 2027",
        ),
        (
            {"holidays": {date(2027, 2, 14)}, "workdays": {date(2027, 2, 14)}},
            "year 2027: 2027-02-14 is both a holiday and a working day",
        ),
    ],
)
def test_an_inconsistent_override_cannot_be_made(
    override: dict[str, set[date]], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        YearOverride(2027, frozenset(override["holidays"]), frozenset(override["workdays"]))


def test_an_override_filed_under_the_wrong_year_is_refused() -> None:
    with pytest.raises(ValueError, match="override for 2028 is for year 2027"):
        WorkingCalendar({2028: OVERRIDE_2027})


def test_the_calendar_is_what_the_rules_expect() -> None:
    calendar: Workdays = PLAIN
    assert calendar.add(date(2026, 9, 28), 5) == date(2026, 10, 10)


def test_add_and_between_are_fast_enough_for_a_sweep_of_ten_thousand_tasks() -> None:
    calendar = WorkingCalendar({2027: OVERRIDE_2027})
    start = date(2026, 1, 1)
    began = time.perf_counter()
    for k in range(10_000):
        day = start + timedelta(days=k % 700)
        calendar.between(day, calendar.add(day, k % 30 - 10))
    assert time.perf_counter() - began < 1.0  # about 30 ms; a day-by-day loop takes seconds


# --- laws, for any date and count ------------------------------------------------------------

DATES = st.dates(date(2004, 1, 1), date(2030, 12, 31))
COUNTS = st.integers(-400, 400)
CALENDARS = st.sampled_from([PLAIN, OVERRIDDEN])


@given(calendar=CALENDARS, day=DATES, n=COUNTS)
def test_add_agrees_with_counting_one_day_at_a_time(
    calendar: WorkingCalendar, day: date, n: int
) -> None:
    assert calendar.add(day, n) == naive_add(calendar, day, n)


@given(calendar=CALENDARS, start=DATES, end=DATES)
def test_between_agrees_with_counting_one_day_at_a_time(
    calendar: WorkingCalendar, start: date, end: date
) -> None:
    assert calendar.between(start, end) == naive_between(calendar, start, end)


@given(calendar=CALENDARS, day=DATES, n=COUNTS)
def test_between_undoes_add(calendar: WorkingCalendar, day: date, n: int) -> None:
    result = calendar.add(day, n)
    if n >= 0 and calendar.is_workday(result):
        assert calendar.between(day, result) == n
    if calendar.is_workday(day):
        assert calendar.between(day, result) == n


@given(calendar=CALENDARS, start=DATES, end=DATES)
def test_add_undoes_between_when_both_ends_are_working_days(
    calendar: WorkingCalendar, start: date, end: date
) -> None:
    if calendar.is_workday(start) and calendar.is_workday(end):
        assert calendar.add(start, calendar.between(start, end)) == end


@given(calendar=CALENDARS, day=DATES, n=COUNTS.filter(lambda n: n != 0))
def test_add_always_lands_on_a_working_day(calendar: WorkingCalendar, day: date, n: int) -> None:
    assert calendar.is_workday(calendar.add(day, n))


@given(calendar=CALENDARS, day=DATES, n=st.integers(-400, 399))
def test_add_is_strictly_increasing_in_n(calendar: WorkingCalendar, day: date, n: int) -> None:
    assert calendar.add(day, n) < calendar.add(day, n + 1)


@given(calendar=CALENDARS, day=DATES, a=st.integers(1, 400), b=st.integers(1, 400))
def test_adding_twice_is_adding_the_sum(
    calendar: WorkingCalendar, day: date, a: int, b: int
) -> None:
    assert calendar.add(calendar.add(day, a), b) == calendar.add(day, a + b)
    assert calendar.add(calendar.add(day, -a), -b) == calendar.add(day, -a - b)


@given(calendar=CALENDARS, a=DATES, b=DATES, c=DATES)
def test_between_is_additive_in_any_order(
    calendar: WorkingCalendar, a: date, b: date, c: date
) -> None:
    assert calendar.between(a, b) + calendar.between(b, c) == calendar.between(a, c)
    assert calendar.between(a, b) == -calendar.between(b, a)
