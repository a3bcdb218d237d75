"""Month-end figures from a hand-built November 2026, every one checked exactly."""

from datetime import UTC, date, datetime

import pytest

from mechanism.calendar import WorkingCalendar
from mechanism.rollup import (
    NoticeRow,
    ProjectRow,
    RequestRow,
    TaskRow,
    changes,
    flatten,
    ladder_figures,
    month_end,
    project_figures,
    request_figures,
    scope_figures,
    task_figures,
)

NOVEMBER = date(2026, 11, 1)
CALENDAR = WorkingCalendar()


def task(
    *,
    original: date,
    signed: date | None = None,
    state: str = "in_progress",
    light: str = "green",
    start: date = date(2026, 3, 1),
) -> TaskRow:
    return TaskRow(1, start, original, state, light, signed)


TASKS = [
    # signed off before its original deadline: on time
    task(original=date(2026, 11, 10), signed=date(2026, 11, 9), state="signed_off"),
    # extended to 11-20 and signed off 11-18: late, because an extension does not move the
    # statistical due date (the row does not even carry the extended date)
    task(original=date(2026, 11, 5), signed=date(2026, 11, 18)),
    # signed off last month: counted in the total only
    task(original=date(2026, 10, 31), signed=date(2026, 10, 30), state="signed_off"),
    task(original=date(2026, 11, 25), light="red"),
    # signed off after month end: still open at month end, by its stored light
    task(original=date(2026, 12, 15), signed=date(2026, 12, 2), light="yellow"),
    task(original=date(2026, 11, 15), state="cancelled", light="red"),
    task(original=date(2027, 1, 15), start=date(2026, 12, 1)),  # not started by month end
]


def test_month_end_is_the_last_calendar_day() -> None:
    assert month_end(date(2026, 2, 1)) == date(2026, 2, 28)
    assert month_end(date(2028, 2, 14)) == date(2028, 2, 29)
    assert month_end(NOVEMBER) == date(2026, 11, 30)


def test_task_figures_count_against_the_original_deadline_and_the_month_end_state() -> None:
    assert task_figures(TASKS, NOVEMBER, CALENDAR) == {
        "total": 5,
        "due_this_month": 3,
        "done_on_time": 1,
        "done_late": 1,
        "open_by_light": {"green": 0, "yellow": 1, "red": 1},
        "on_time_rate": 0.5,
    }


def test_the_on_time_rate_is_none_when_nothing_was_signed_off() -> None:
    figures = task_figures([task(original=date(2026, 11, 25))], NOVEMBER, CALENDAR)
    assert (figures["done_on_time"], figures["done_late"], figures["on_time_rate"]) == (0, 0, None)


PROJECTS = [
    ProjectRow(
        1, 2026, 1000.0, "active", 800.0, True,
        ((date(2026, 11, 10), date(2026, 11, 8)),  # hit
         (date(2026, 11, 20), None),  # missed
         (date(2026, 10, 15), date(2026, 10, 20))),  # another month
    ),
    # reached on 12-01, after month end: missed as of month end
    ProjectRow(1, 2026, 500.0, "active", 0.0, False, ((date(2026, 11, 30), date(2026, 12, 1)),)),
    ProjectRow(1, 2026, 9999.0, "dropped", 0.0, False),
    ProjectRow(1, 2025, 700.0, "active", 700.0, False),
]  # fmt: skip


def test_project_figures_compare_investment_with_plan_and_timing_progress() -> None:
    assert project_figures(PROJECTS, NOVEMBER) == {
        "investment_planned": 1500.0,
        "investment_completed": 800.0,
        "completion_rate": 0.5333,
        "timing_progress": 0.9151,  # 334 of 365 days
        "against_timing": -0.3818,
        "milestones_hit": 1,
        "milestones_missed": 2,
        "reports_missing": 1,
    }


def test_project_rates_are_none_when_nothing_is_planned() -> None:
    figures = project_figures([], NOVEMBER)
    assert (figures["completion_rate"], figures["against_timing"]) == (None, None)
    assert figures["investment_planned"] == 0


REQUESTS = [
    RequestRow(1, date(2026, 11, 2), date(2026, 11, 6), 10),  # 4 working days: within
    RequestRow(1, date(2026, 10, 20), date(2026, 11, 20), 10),  # 23 working days: beyond
    RequestRow(1, date(2026, 11, 25), None, 10),  # opened, still open
    RequestRow(1, date(2026, 10, 1), date(2026, 10, 10), 10),  # another month entirely
]


def test_request_figures_count_working_days_from_submission_to_answer() -> None:
    assert request_figures(REQUESTS, NOVEMBER, CALENDAR) == {
        "opened": 2,
        "closed": 2,
        "closed_within_level": 1,
        "median_working_days_to_close": 13.5,
    }


def at(day: int, hour: int, minute: int = 0, month: int = 11) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=UTC)


def notice(level: int, issued: datetime, acknowledged: datetime | None) -> NoticeRow:
    return NoticeRow(1, level, issued.date(), issued, acknowledged)


NOTICES = [
    notice(0, at(3, 1), at(3, 3, 30)),  # 2.5 hours
    notice(1, at(10, 0), at(10, 6)),  # 6 hours
    notice(0, at(12, 2), None),
    notice(0, at(20, 0), at(21, 0)),  # 24 hours
    notice(2, at(30, 2, month=10), at(30, 3, month=10)),  # issued in October
]


def test_ladder_figures_count_notices_by_rung_and_the_median_time_to_acknowledge() -> None:
    assert ladder_figures(NOTICES, NOVEMBER) == {
        "notices_by_level": {"0": 3, "1": 1},
        "median_hours_to_acknowledge": 6.0,
    }
    assert ladder_figures([], NOVEMBER) == {
        "notices_by_level": {},
        "median_hours_to_acknowledge": None,
    }


def test_a_scope_has_the_four_sections() -> None:
    figures = scope_figures(
        month=NOVEMBER, tasks=TASKS, projects=PROJECTS, requests=REQUESTS, notices=NOTICES,
        calendar=CALENDAR,
    )  # fmt: skip
    assert list(figures) == ["tasks", "projects", "requests", "ladder"]
    assert flatten(figures)["tasks.open_by_light.red"] == 1


@pytest.mark.parametrize(
    ("current", "previous", "expected"),
    [
        ({"tasks": {"total": 5}}, None, {"tasks.total": None}),
        ({"tasks": {"total": 5}}, {"tasks": {"total": 3}}, {"tasks.total": 2}),
        ({"t": {"rate": 0.5}}, {"t": {"rate": 0.75}}, {"t.rate": -0.25}),
        ({"t": {"rate": 0.5}}, {"t": {"rate": None}}, {"t.rate": None}),
        (
            {"ladder": {"notices_by_level": {"0": 2, "2": 1}}},
            {"ladder": {"notices_by_level": {"0": 4}}, "changes": {"ladder.x": 9}},
            {"ladder.notices_by_level.0": -2, "ladder.notices_by_level.2": 1},
        ),
    ],
)
def test_changes_are_this_month_minus_the_previous_month_or_none(
    current: dict[str, object], previous: dict[str, object] | None, expected: dict[str, object]
) -> None:
    assert changes(current, previous) == expected


def test_the_first_working_day_skips_holidays_and_weekends() -> None:
    from mechanism.calendar import WorkingCalendar
    from mechanism.rollup import first_working_day

    calendar = WorkingCalendar()
    assert first_working_day(date(2026, 10, 1), calendar.is_workday) == date(2026, 10, 8)
    assert first_working_day(date(2026, 11, 1), calendar.is_workday) == date(2026, 11, 2)
    assert first_working_day(date(2026, 2, 1), calendar.is_workday) == date(2026, 2, 2)
