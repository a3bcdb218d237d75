"""The statutory fallback: a year without an official schedule keeps the holidays of
《全国年节及纪念日放假办法》 (as amended in 2024) and weekends, with no make-up days; counting
stays exact and fast across such years; the package's data still wins where it has some."""

from datetime import date, timedelta

import chinese_calendar
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mechanism.calendar import DaySource, DayVerdict, WorkingCalendar, YearOverride
from mechanism.statutory_holidays import statutory_holidays

PLAIN = WorkingCalendar()
WITH_2028 = WorkingCalendar(
    {2028: YearOverride(2028, frozenset([date(2028, 1, 3)]), frozenset([date(2028, 1, 8)]))}
)

# New Year's Eve, Qingming, Dragon Boat and Mid-Autumn of 2027–2035 as another library
# (lunar-python 1.4.8, computed from astronomy, not tables) gives them: month and day.
LUNAR = {
    2027: ((2, 5), (4, 5), (6, 9), (9, 15)),
    2028: ((1, 25), (4, 4), (5, 28), (10, 3)),
    2029: ((2, 12), (4, 4), (6, 16), (9, 22)),
    2030: ((2, 2), (4, 5), (6, 5), (9, 12)),
    2031: ((1, 22), (4, 5), (6, 24), (10, 1)),
    2032: ((2, 10), (4, 4), (6, 12), (9, 19)),
    2033: ((1, 30), (4, 4), (6, 1), (9, 8)),
    2034: ((2, 18), (4, 5), (6, 20), (9, 27)),
    2035: ((2, 7), (4, 5), (6, 10), (9, 16)),
}


def expected_holidays(year: int) -> set[date]:
    """The statutory holidays of ``year`` written out from the law and the table above."""
    (eve_m, eve_d), qingming, dragon_boat, mid_autumn = LUNAR[year]
    eve = date(year, eve_m, eve_d)
    return {
        date(year, 1, 1),
        *(eve + timedelta(days=k) for k in range(4)),  # 除夕 and lunar 1-1 … 1-3
        date(year, *qingming),
        date(year, 5, 1),
        date(year, 5, 2),
        date(year, *dragon_boat),
        date(year, *mid_autumn),
        date(year, 10, 1),
        date(year, 10, 2),
        date(year, 10, 3),
    }


def naive_add(calendar: WorkingCalendar, day: date, n: int) -> date:
    step = timedelta(days=1 if n > 0 else -1)
    left = abs(n)
    while left:
        day += step
        left -= calendar.is_workday(day)
    return day


def test_2027_01_01_is_a_holiday_by_the_statutory_fallback() -> None:
    assert PLAIN.check(date(2027, 1, 1)) == DayVerdict(
        date(2027, 1, 1), False, DaySource.STATUTORY, "New Year's Day"
    )
    assert PLAIN.check(date(2027, 1, 1)).kind == "holiday"
    assert PLAIN.check(date(2027, 3, 1)) == DayVerdict(
        date(2027, 3, 1), True, DaySource.STATUTORY, None
    )
    assert PLAIN.add(date(2026, 12, 31), 1) == date(2027, 1, 4)
    assert PLAIN.fallback_years(date(2026, 12, 1), date(2027, 1, 4)) == [2027]  # still warned


def test_spring_festival_2027_is_four_days_and_no_weekend_is_worked() -> None:
    days = [date(2027, 2, 4) + timedelta(days=k) for k in range(7)]  # Thursday … Wednesday
    assert [PLAIN.is_workday(d) for d in days] == [True, False, False, False, False, True, True]
    assert {PLAIN.check(d).name for d in days[1:5]} == {"Spring Festival"}
    # No make-up Saturday or Sunday: the weekend after stays off.
    assert not PLAIN.is_workday(date(2027, 2, 13)) and not PLAIN.is_workday(date(2027, 2, 14))


def test_a_day_two_festivals_share_is_one_day_off_named_after_both() -> None:
    assert PLAIN.check(date(2028, 10, 3)).name == "Mid-autumn Festival and National Day"
    assert len(statutory_holidays(2028)) == 12  # 13 festival days, one shared


@settings(deadline=None)
@given(year=st.integers(2027, 2035), data=st.data())
def test_every_statutory_holiday_of_2027_to_2035_is_no_working_day(
    year: int, data: st.DataObject
) -> None:
    holiday = data.draw(st.sampled_from(sorted(expected_holidays(year))))
    assert not PLAIN.is_workday(holiday)
    assert PLAIN.check(holiday).source is DaySource.STATUTORY
    assert PLAIN.check(holiday).kind == "holiday"


@settings(deadline=None)
@given(day=st.dates(date(2027, 1, 1), date(2035, 12, 31)))
def test_a_fallback_day_is_worked_exactly_when_it_is_a_weekday_and_no_holiday(day: date) -> None:
    expected = day.weekday() < 5 and day not in expected_holidays(day.year)
    assert PLAIN.is_workday(day) == expected


@given(day=st.dates(date(2004, 1, 1), date(2026, 12, 31)))
def test_for_2004_to_2026_the_package_still_wins(day: date) -> None:
    assert PLAIN.is_workday(day) == chinese_calendar.is_workday(day)
    assert PLAIN.check(day).source is DaySource.PACKAGE


@pytest.mark.parametrize("year", [2025, 2026])
def test_under_the_2024_law_the_official_schedules_keep_every_statutory_holiday(year: int) -> None:
    """The State Council's schedules for 2025 and 2026 (the package's data) are the law's
    days plus make-up arrangements: every day computed here is off in them."""
    for day in statutory_holidays(year):
        assert day in chinese_calendar.holidays, day


@pytest.mark.parametrize("year", range(2008, 2025))
def test_the_lunar_dates_and_qingming_agree_with_the_official_schedules_of_2008_to_2024(
    year: int,
) -> None:
    """Before 2025 the law gave no New Year's Eve and one day of Labour Day; every other
    statutory day that fell on a weekday was off in that year's official schedule."""
    days = statutory_holidays(year)
    eve = min(day for day, name in days.items() if name == "Spring Festival")
    for day, name in days.items():
        if day.weekday() < 5 and day not in (eve, date(year, 5, 2)):
            assert not chinese_calendar.is_workday(day), (day, name)


def test_past_the_lunar_tables_the_calendar_counts_monday_to_friday() -> None:
    assert PLAIN.check(date(2101, 1, 3)) == DayVerdict(
        date(2101, 1, 3), True, DaySource.FALLBACK, None
    )
    assert PLAIN.is_workday(date(2101, 5, 2))  # a Monday
    assert not PLAIN.is_workday(date(2100, 10, 1))  # a Friday of the last statutory year
    assert PLAIN.fallback_years(date(2100, 6, 1), date(2101, 6, 1)) == [2100, 2101]


FALLBACK_DATES = st.one_of(
    st.dates(date(2026, 6, 1), date(2036, 12, 31)),
    st.dates(date(2002, 1, 1), date(2005, 12, 31)),  # Monday–Friday, then the package
    st.dates(date(2097, 1, 1), date(2103, 12, 31)),
)
CALENDARS = st.sampled_from([PLAIN, WITH_2028])


@settings(deadline=None)
@given(calendar=CALENDARS, day=FALLBACK_DATES, n=st.integers(-400, 400))
def test_add_agrees_with_counting_one_day_at_a_time_across_fallback_years(
    calendar: WorkingCalendar, day: date, n: int
) -> None:
    assert calendar.add(day, n) == naive_add(calendar, day, n)


@settings(deadline=None)
@given(calendar=CALENDARS, day=FALLBACK_DATES, n=st.integers(-400, 400))
def test_between_undoes_add_across_fallback_years(
    calendar: WorkingCalendar, day: date, n: int
) -> None:
    result = calendar.add(day, n)
    if n >= 0 or calendar.is_workday(day):
        assert calendar.between(day, result) == n
    assert n == 0 or calendar.is_workday(result)


@settings(deadline=None)
@given(calendar=CALENDARS, start=FALLBACK_DATES, days=st.integers(-800, 800))
def test_between_counts_the_working_days_of_fallback_years(
    calendar: WorkingCalendar, start: date, days: int
) -> None:
    low, high = sorted((start, start + timedelta(days=days)))
    span = (high - low).days
    count = sum(calendar.is_workday(low + timedelta(days=k)) for k in range(1, span + 1))
    assert calendar.between(low, high) == count == -calendar.between(high, low)


def test_counting_spans_every_year_the_calendar_knows() -> None:
    """From data years through statutory ones into plain Monday–Friday past 2100 (how fast:
    bench/calendar_counting.py, never a timed assertion here)."""
    calendar = WorkingCalendar()
    start = date(2027, 1, 1)
    for k in range(2_000):
        day = start + timedelta(days=(k * 37) % 3000)
        assert calendar.between(day, calendar.add(day, k % 30)) == k % 30
    assert calendar.between(date(2020, 1, 1), date(9999, 12, 31)) > 2_000_000
