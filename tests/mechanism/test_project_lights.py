"""Key-project lights: both sides of every threshold, the report deadline and the urging."""

from dataclasses import replace
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mechanism.calendar import WorkingCalendar
from mechanism.project_lights import (
    ProjectFacts,
    ProjectRules,
    assess,
    describe_reasons,
    latest_due_month,
    months_missing,
    project_light,
    report_due,
    stale_report,
    timing_progress,
    whole_months,
)
from mechanism.vocabulary import Light, MilestoneKind, ProjectState

CALENDAR = WorkingCalendar()
RULES = ProjectRules()
START = MilestoneKind.CONSTRUCTION_START
STATISTICS = MilestoneKind.STATISTICS_ENTRY


def quiet(today: date, **changes: object) -> ProjectFacts:
    """A 2026 project with no investment plan, reported through ``today``'s month: only the
    rule under test can speak."""
    facts = ProjectFacts(
        year=2026, year_planned_investment=0, last_report_month=today.replace(day=1)
    )
    return replace(facts, **changes)  # type: ignore[arg-type]


def light(
    facts: ProjectFacts, today: date, rules: ProjectRules = RULES
) -> tuple[Light, tuple[str, ...]]:
    return project_light(facts, today=today, rules=rules, calendar=CALENDAR)


# --- start (开工) ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (date(2026, 3, 31), (Light.GREEN, ())),  # the planned month itself: not late yet
        (date(2026, 4, 1), (Light.YELLOW, ("start_late:1",))),  # the month is missed
        (date(2026, 5, 31), (Light.YELLOW, ("start_late:2",))),
        (date(2026, 6, 1), (Light.RED, ("start_late:3",))),  # three months: red
    ],
)
def test_a_project_not_started_after_its_planned_month_turns_yellow_then_red(
    today: date, expected: tuple[Light, tuple[str, ...]]
) -> None:
    facts = quiet(today, planned={START: date(2026, 3, 15)})
    assert light(facts, today) == expected


def test_a_started_project_is_never_late_to_start() -> None:
    today = date(2026, 8, 3)
    facts = quiet(
        today,
        planned={START: date(2026, 3, 15)},
        actual={START: date(2026, 7, 30), STATISTICS: date(2026, 7, 31)},
    )
    assert light(facts, today) == (Light.GREEN, ())


@pytest.mark.parametrize(
    ("planned", "expected"),
    [
        (date(2026, 8, 31), (Light.GREEN, ())),  # planned after the wait began: the clock stops
        (date(2026, 6, 30), (Light.RED, ("start_late:5",))),  # late already when it began
    ],
)
def test_waiting_on_a_factor_request_stops_the_start_clock_for_what_was_not_late_yet(
    planned: date, expected: tuple[Light, tuple[str, ...]]
) -> None:
    today = date(2026, 11, 27)
    facts = quiet(today, planned={START: planned}, blocked_since=date(2026, 8, 20))
    assert light(facts, today) == expected


# --- investment against timing progress (序时进度) ------------------------------------------

# On 2026-07-15 June's report is due (by 2026-07-07, the fifth working day of July), so the
# investment is judged at the end of June: 181/365 of the year.
JUNE_END = 181 / 365


@pytest.mark.parametrize(
    ("lag", "expected"),
    [
        (9.9, (Light.GREEN, ())),
        (10.0, (Light.YELLOW, ("investment_behind:10.0",))),  # the yellow edge is yellow
        (23.5, (Light.YELLOW, ("investment_behind:23.5",))),
        (30.0, (Light.YELLOW, ("investment_behind:30.0",))),  # the red edge is still yellow
        (30.1, (Light.RED, ("investment_behind:30.1",))),
        (-5.0, (Light.GREEN, ())),  # ahead of timing progress
    ],
)
def test_investment_behind_timing_progress_is_yellow_from_10_to_30_points_and_red_beyond(
    lag: float, expected: tuple[Light, tuple[str, ...]]
) -> None:
    today = date(2026, 7, 15)
    completed = 1000 * (JUNE_END - lag / 100)
    facts = ProjectFacts(
        year=2026,
        year_planned_investment=1000,
        last_report_month=date(2026, 6, 1),
        investment_completed=completed,
    )
    assert light(facts, today) == expected


def test_investment_is_judged_at_the_end_of_the_month_reported_not_on_the_day_looked_at() -> None:
    # October's figure, looked at on 11-27: against the end of October (83.3%), not 90.7%.
    facts = ProjectFacts(
        year=2026,
        year_planned_investment=1000,
        last_report_month=date(2026, 10, 1),
        investment_completed=750,
    )
    found = assess(facts, today=date(2026, 11, 27), rules=RULES, calendar=CALENDAR)
    assert found.as_of_month == date(2026, 10, 1)
    assert found.timing_progress == pytest.approx(304 / 365)
    assert (found.light, found.reasons) == (Light.GREEN, ())  # 8.3 points behind


def test_a_month_due_and_unreported_counts_as_nothing_invested() -> None:
    # 2026-03-10: February's report was due on 03-06; nothing was ever reported.
    facts = ProjectFacts(year=2026, year_planned_investment=1000)
    found = assess(facts, today=date(2026, 3, 10), rules=RULES, calendar=CALENDAR)
    assert found.as_of_month == date(2026, 2, 1)
    assert found.investment_rate == 0
    assert found.reasons == ("investment_behind:16.2", "report_missing:2")
    assert found.light == Light.YELLOW


def test_a_project_without_an_investment_plan_is_not_judged_on_investment() -> None:
    today = date(2026, 11, 27)
    assert light(quiet(today), today) == (Light.GREEN, ())


# --- statistics entry (纳统入库) ------------------------------------------------------------


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (date(2026, 8, 21), (Light.GREEN, ())),
        (date(2026, 8, 22), (Light.YELLOW, ("statistics_late:1",))),  # one whole month
        (date(2026, 9, 21), (Light.YELLOW, ("statistics_late:1",))),
        (date(2026, 9, 22), (Light.RED, ("statistics_late:2",))),  # two whole months
    ],
)
def test_a_started_project_not_in_the_statistics_turns_yellow_after_a_month_and_red_after_two(
    today: date, expected: tuple[Light, tuple[str, ...]]
) -> None:
    facts = quiet(today, actual={START: date(2026, 7, 22)})
    assert light(facts, today) == expected


def test_entry_into_the_statistics_ends_the_statistics_rule() -> None:
    today = date(2026, 11, 2)
    facts = quiet(today, actual={START: date(2026, 7, 22), STATISTICS: date(2026, 10, 30)})
    assert light(facts, today) == (Light.GREEN, ())


@pytest.mark.parametrize(
    ("start", "today", "months"),
    [
        (date(2026, 1, 31), date(2026, 2, 27), 0),
        (date(2026, 1, 31), date(2026, 2, 28), 1),  # a month after 01-31 is February's end
        (date(2026, 1, 31), date(2026, 3, 30), 1),
        (date(2026, 1, 31), date(2026, 3, 31), 2),
        (date(2026, 7, 22), date(2026, 7, 1), 0),  # never negative
    ],
)
def test_whole_months_are_counted_as_people_count_them(
    start: date, today: date, months: int
) -> None:
    assert whole_months(start, today) == months


# --- reporting (月报) -----------------------------------------------------------------------


def test_a_report_is_due_by_the_fifth_working_day_of_the_next_month() -> None:
    assert report_due(date(2026, 10, 1), RULES, CALENDAR) == date(2026, 11, 6)
    # National Day: October's working days are 10-08, 10-09, 10-10 (make-up Saturday), …
    assert report_due(date(2026, 9, 1), RULES, CALENDAR) == date(2026, 10, 13)
    assert report_due(date(2026, 9, 1), ProjectRules(report_deadline_working_day=1), CALENDAR) == (
        date(2026, 10, 8)
    )


@pytest.mark.parametrize(
    ("today", "due_month", "missing"),
    [
        (date(2026, 11, 5), date(2026, 9, 1), 0),  # the day before October's deadline
        (date(2026, 11, 6), date(2026, 10, 1), 1),  # the deadline: October's report is owed
    ],
)
def test_a_report_is_missing_from_its_deadline_on(
    today: date, due_month: date, missing: int
) -> None:
    facts = quiet(today, last_report_month=date(2026, 9, 1))
    assert latest_due_month(today, RULES, CALENDAR) == due_month
    assert months_missing(facts, today, RULES, CALENDAR) == missing
    assert light(facts, today) == (
        (Light.YELLOW, ("report_missing:1",)) if missing else (Light.GREEN, ())
    )


def test_missing_months_are_those_of_the_ledger_year_only() -> None:
    never = ProjectFacts(year=2026, year_planned_investment=0)
    assert months_missing(never, date(2026, 11, 27), RULES, CALENDAR) == 10
    assert months_missing(never, date(2027, 3, 1), RULES, CALENDAR) == 12
    assert months_missing(replace(never, year=2027), date(2026, 11, 27), RULES, CALENDAR) == 0


@pytest.mark.parametrize(
    ("today", "round_"),
    [
        (date(2026, 11, 5), None),  # before the deadline
        (date(2026, 11, 6), 0),  # on the deadline
        (date(2026, 11, 12), 0),  # four working days on: the same round, not sent again
        (date(2026, 11, 13), 1),  # five working days on: the weekly reminder
        (date(2026, 11, 20), 2),
    ],
)
def test_a_missing_report_is_urged_on_its_deadline_and_weekly_after(
    today: date, round_: int | None
) -> None:
    facts = ProjectFacts(year=2026, year_planned_investment=0, last_report_month=date(2026, 9, 1))
    stale = stale_report(facts, today=today, rules=RULES, calendar=CALENDAR)
    if round_ is None:
        assert stale is None
        return
    assert stale is not None
    assert (stale.month, stale.months_missing, stale.deadline, stale.round) == (
        date(2026, 10, 1),
        1,
        date(2026, 11, 6),
        round_,
    )


def test_an_older_missing_report_goes_on_being_urged_until_the_next_deadline() -> None:
    facts = ProjectFacts(year=2026, year_planned_investment=0, last_report_month=date(2026, 8, 1))
    before = stale_report(facts, today=date(2026, 11, 5), rules=RULES, calendar=CALENDAR)
    on = stale_report(facts, today=date(2026, 11, 6), rules=RULES, calendar=CALENDAR)
    assert before is not None and (before.month, before.months_missing) == (date(2026, 9, 1), 1)
    assert on is not None and (on.month, on.months_missing, on.round) == (date(2026, 10, 1), 2, 0)


def test_without_reminders_a_missing_report_is_urged_once_a_month() -> None:
    facts = ProjectFacts(year=2026, year_planned_investment=0, last_report_month=date(2026, 8, 1))
    once = ProjectRules(reminder_every_working_days=0)
    stale = stale_report(facts, today=date(2026, 11, 27), rules=once, calendar=CALENDAR)
    assert stale is not None and stale.round == 0


def test_decembers_report_is_urged_until_januarys_falls_due() -> None:
    facts = ProjectFacts(year=2026, year_planned_investment=0, last_report_month=date(2026, 11, 1))
    january = stale_report(facts, today=date(2027, 1, 11), rules=RULES, calendar=CALENDAR)
    assert january is not None and january.month == date(2026, 12, 1)
    assert stale_report(facts, today=date(2027, 2, 10), rules=RULES, calendar=CALENDAR) is None


# --- the light as a whole -----------------------------------------------------------------


def test_the_light_is_the_worst_and_every_reason_that_contributed_is_given() -> None:
    today = date(2026, 11, 27)
    facts = ProjectFacts(
        year=2026,
        year_planned_investment=1000,
        planned={START: date(2026, 9, 30)},
        last_report_month=date(2026, 9, 1),
        investment_completed=100,
    )
    lit, reasons = light(facts, today)
    assert lit == Light.RED
    assert reasons == ("start_late:2", "investment_behind:73.3", "report_missing:1")


@pytest.mark.parametrize("state", [ProjectState.PRODUCING, ProjectState.DROPPED])
def test_a_producing_or_dropped_project_is_green_without_reasons(state: ProjectState) -> None:
    facts = ProjectFacts(
        year=2026, year_planned_investment=1000, state=state, planned={START: date(2026, 1, 31)}
    )
    assert light(facts, date(2026, 11, 27)) == (Light.GREEN, ())


def test_a_project_in_production_is_green_whatever_its_state_says() -> None:
    facts = ProjectFacts(
        year=2026,
        year_planned_investment=1000,
        actual={MilestoneKind.PRODUCTION: date(2026, 10, 28)},
    )
    assert light(facts, date(2026, 11, 27)) == (Light.GREEN, ())
    assert stale_report(facts, today=date(2026, 11, 27), rules=RULES, calendar=CALENDAR) is None


def test_reasons_read_as_a_sentence_in_either_language() -> None:
    reasons = ("start_late:2", "investment_behind:23.5")
    assert describe_reasons(reasons, "zh-CN") == (
        "计划开工月份已过2个月未开工；投资完成率落后序时进度23.5个百分点"
    )
    assert describe_reasons(reasons, "en") == (
        "not started 2 month(s) after the planned start month; "
        "investment 23.5 points behind timing progress"
    )
    assert describe_reasons(("statistics_late:1", "report_missing:3"), "zh-CN") == (
        "开工后1个月未纳统入库；已3个月未报送月度进展"
    )
    assert describe_reasons((), "zh-CN") == "正常推进"
    assert describe_reasons((), "en") == "on track"
    assert describe_reasons(("something_new:1",), "en") == "something_new:1"


# --- timing progress and the rules themselves -------------------------------------------------


@pytest.mark.parametrize(
    ("year", "today", "share"),
    [
        (2026, date(2025, 12, 31), 0.0),
        (2026, date(2026, 1, 1), 1 / 365),
        (2026, date(2026, 10, 31), 304 / 365),
        (2026, date(2026, 12, 31), 1.0),
        (2026, date(2027, 3, 1), 1.0),
        (2028, date(2028, 2, 29), 60 / 366),  # a leap year has 366 days
    ],
)
def test_timing_progress_is_the_share_of_the_year_elapsed_in_days(
    year: int, today: date, share: float
) -> None:
    assert timing_progress(year, today) == pytest.approx(share)


@pytest.mark.parametrize(
    "changes",
    [
        {"start_yellow_months": 0},
        {"start_yellow_months": 4},  # above start_red_months
        {"investment_yellow_points": 0},
        {"investment_yellow_points": 40},
        {"investment_red_points": 101},
        {"statistics_yellow_months": 3},
        {"report_deadline_working_day": 0},
        {"report_deadline_working_day": 11},
        {"reminder_every_working_days": -1},
    ],
)
def test_rules_that_make_no_sense_are_refused(changes: dict[str, int]) -> None:
    with pytest.raises(ValueError):
        ProjectRules(**changes)  # type: ignore[arg-type]


days = st.dates(min_value=date(2026, 1, 1), max_value=date(2027, 6, 30))


@given(
    planned_start=st.none() | days,
    started=st.none() | days,
    reported=st.none() | st.integers(min_value=1, max_value=12),
    completed=st.floats(min_value=0, max_value=2000),
    first=days,
    later=st.integers(min_value=0, max_value=400),
)
def test_without_new_facts_a_light_never_gets_better_as_days_pass(
    planned_start: date | None,
    started: date | None,
    reported: int | None,
    completed: float,
    first: date,
    later: int,
) -> None:
    facts = ProjectFacts(
        year=2026,
        year_planned_investment=1000,
        planned={START: planned_start} if planned_start else {},
        actual={START: started} if started else {},
        last_report_month=date(2026, reported, 1) if reported else None,
        investment_completed=completed if reported else None,
    )
    order = [Light.GREEN, Light.YELLOW, Light.RED]
    before, _ = light(facts, first)
    after, _ = light(facts, first + timedelta(days=later))
    assert order.index(after) >= order.index(before)
