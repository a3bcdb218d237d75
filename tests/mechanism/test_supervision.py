"""The supervision figures of a hand-worked November 2026, every one checked exactly.

The month (November 2026 has no holiday: its working days are 2–6, 9–13, 16–20, 23–27, 30).
Handling days are ``between(start, signed)``: working days after the start, up to the sign-off.

====  ==========  =============================  ==========  ====================================
task  start       due (statistical)              signed off  what happened (facts by month end)
====  ==========  =============================  ==========  ====================================
T1    11-02       11-13                          11-10       early; 6 days; no notice
T2    11-02       11-13                          11-13       on time, not early; 9 days; reminder
T3    10-12       11-16                          11-20       late; 29 days; urged twice (L1, L2),
                                                             returned once, asked for extension
T4    11-03       11-20                          —           open overdue; urged 3 times (L1–L3),
                                                             supervision notice in November
T5    11-02       11-18 blocked 11-16→11-19:     11-23       on time (late without the block);
                  3 days lost → 11-23                        15 days; no notice
T6    11-05       11-27 blocked since 11-25      —           due moved out of the month (3 days
                  (running): → 12-02                         lost by 11-30); not due
T7    11-02       11-10, cancelled               —           counts nowhere, though supervised
T8    06-01       06-12                          06-15       late (YTD); 10 days; urged once (L1),
                                                             returned twice
T9    01-05       01-20                          01-16       early (YTD); 9 days
T10   10-19       10-30                          11-04       late (YTD); signed off in November:
                                                             12 days; urged once (L1)
T11   07-01       07-31                          —           open overdue (YTD)
====  ==========  =============================  ==========  ====================================

month: assigned T1 T2 T4 T5 T6 = 5, closed T1 T2 T5 = 3 (0.6); due T1–T5 = 5: on time T1 T2 T5
(3, early T1), late T3, open overdue T4 (0.6 + 0.4 = 1); urgings 2 + 3 = 5 (1.0 a task);
extension T3 (0.2); returned T3 once (0.2). Signed off T1 T2 T3 T5 T10: 6, 9, 29, 15, 12 days:
mean 14.2, median 12.

year to date: assigned T1–T6, T8–T11 = 10 (T3 started in October), closed 7 (0.7); due T1–T5,
T8–T11 = 9: on time T1 T2 T5 T9 (4, early T1 T9), late T3 T8 T10, open overdue T4 T11 (4/9 +
5/9 = 1); urgings 5 + 1 + 1 = 7; returned 1 + 2 = 3 on 2 tasks. Signed off 6, 9, 9, 10, 12, 15,
29: mean 90/7 = 12.9, median 10.

ladder: top rungs of the tasks signed off in November: T1 −1, T2 0, T3 2, T5 −1, T10 1. Level 0
reached by T2 T3 T10 (3), resolved T2 (1/3); level 1 reached by T3 T10, resolved T10 (1/2);
level 2 reached and resolved by T3 (1); level 3 by none. Without notice: T1 T5. Supervision:
T4 (T7 is cancelled).
"""

from datetime import UTC, date, datetime

import pytest

from mechanism.calendar import WorkingCalendar
from mechanism.rollup import TaskRow
from mechanism.statistical_due import Block
from mechanism.supervision import (
    NO_FACTS,
    RatingRow,
    ReportRow,
    SupervisionTally,
    TaskFacts,
    histogram_median,
    supervision_figures,
)
from mechanism.supervision_ladder import LadderNotice, percentile

NOVEMBER = date(2026, 11, 1)
CALENDAR = WorkingCalendar()


def d(month: int, day: int, year: int = 2026) -> date:
    return date(year, month, day)


def task(
    start: date,
    due: date,
    signed: date | None = None,
    *,
    state: str = "in_progress",
    blocks: tuple[Block, ...] = (),
) -> TaskRow:
    if signed is not None:
        state = "signed_off"
    return TaskRow(1, start, due, state, "green", signed, 7, blocks)


TASKS: list[tuple[TaskRow, TaskFacts]] = [
    (task(d(11, 2), d(11, 13), d(11, 10)), NO_FACTS),  # T1
    (task(d(11, 2), d(11, 13), d(11, 13)), TaskFacts(top_rung=0)),  # T2
    (task(d(10, 12), d(11, 16), d(11, 20)), TaskFacts(2, 1, True, 2)),  # T3
    (task(d(11, 3), d(11, 20)), TaskFacts(3, 0, False, 3, supervised=True)),  # T4
    (task(d(11, 2), d(11, 18), d(11, 23), blocks=((d(11, 16), d(11, 19)),)), NO_FACTS),  # T5
    (task(d(11, 5), d(11, 27), blocks=((d(11, 25), None),)), NO_FACTS),  # T6
    (task(d(11, 2), d(11, 10), state="cancelled"), TaskFacts(1, 1, True, 3, True)),  # T7
    (task(d(6, 1), d(6, 12), d(6, 15)), TaskFacts(urgings=1, returns=2, top_rung=1)),  # T8
    (task(d(1, 5), d(1, 20), d(1, 16)), NO_FACTS),  # T9
    (task(d(10, 19), d(10, 30), d(11, 4)), TaskFacts(urgings=1, top_rung=1)),  # T10
    (task(d(7, 1), d(7, 31)), NO_FACTS),  # T11
]

# Reports, as the service counts them: October's three were due on 11-06 (the 5th working day
# of November): one in that day (on time, the deadline included), one on 11-09 (late), one
# missing. September's, due in October, came in on time: it counts in the year to date only.
REPORTS = [
    ReportRow(1, 7, d(11, 6), required=3, on_time=1),
    ReportRow(1, 7, d(10, 15), required=1, on_time=1),
]
# Ratings: 5 and 4 are satisfied, 3 and 2 are not; last December's is outside both windows.
RATINGS = [
    RatingRow(1, 7, d(11, 5), 5),
    RatingRow(1, 7, d(11, 20), 4),
    RatingRow(1, 7, d(11, 25), 3),
    RatingRow(1, 7, d(3, 10), 2),
    RatingRow(1, 7, d(12, 20, 2025), 5),
]


def at(day: int, hour: float) -> datetime:
    return datetime(2026, 11, day, tzinfo=UTC).replace(hour=int(hour), minute=int(hour % 1 * 60))


def notice(level: int, kind: str, issued: datetime, acked: datetime | None) -> LadderNotice:
    return LadderNotice(
        1, level, kind, issued.date(), issued, acked.date() if acked else None, acked
    )


# Level 0: answered in 2.5 hours (0 working days) and 47.5 hours (2 working days, 11 → 13);
# level 1: in 1 hour, in 25 hours (1 working day), and not at all; level 3: not answered.
NOTICES = [
    notice(0, "reminder", at(10, 1), at(10, 3.5)),
    notice(0, "reminder", at(11, 1), at(13, 0.5)),
    notice(1, "urging_slip", at(16, 1), at(16, 2)),
    notice(1, "urging_slip", at(17, 1), at(18, 2)),
    notice(1, "urging_slip", at(18, 1), None),
    notice(3, "supervision", at(20, 1), None),
]

MONTH = {
    "assigned": 5, "closed": 3, "closure_rate": 0.6,
    "due": 5, "closed_on_time": 3, "closed_early": 1, "closed_late": 1, "open_overdue": 1,
    "on_time_rate": 0.6, "overdue_rate": 0.4,
    "signed_off": 5, "mean_handling_days": 14.2, "median_handling_days": 12.0,
    "urgings": 5, "urgings_per_task": 1.0,
    "extension_requests": 1, "extension_rate": 0.2,
    "returned": 1, "returned_tasks": 1, "returned_rate": 0.2,
    "reports_required": 3, "reports_on_time": 1, "reports_late": 2,
    "feedback_on_time_rate": 0.3333,
    "requests_rated": 3, "requests_satisfied": 2, "satisfaction_rate": 0.6667,
}  # fmt: skip
YEAR_TO_DATE = {
    "assigned": 10, "closed": 7, "closure_rate": 0.7,
    "due": 9, "closed_on_time": 4, "closed_early": 2, "closed_late": 3, "open_overdue": 2,
    "on_time_rate": 0.4444, "overdue_rate": 0.5556,
    "signed_off": 7, "mean_handling_days": 12.9, "median_handling_days": 10.0,
    "urgings": 7, "urgings_per_task": 0.7778,
    "extension_requests": 1, "extension_rate": 0.1111,
    "returned": 3, "returned_tasks": 2, "returned_rate": 0.2222,
    "reports_required": 4, "reports_on_time": 2, "reports_late": 2,
    "feedback_on_time_rate": 0.5,
    "requests_rated": 4, "requests_satisfied": 2, "satisfaction_rate": 0.5,
}  # fmt: skip


def level(kind: str, notices: int, acknowledged: int, days: tuple[float | None, float | None],
          hours: tuple[float | None, float | None], reached: int, resolved: int,
          share: float | None) -> dict[str, object]:  # fmt: skip
    return {
        "kind": kind,
        "notices": notices,
        "acknowledged": acknowledged,
        "median_working_days_to_acknowledge": days[0],
        "p90_working_days_to_acknowledge": days[1],
        "median_hours_to_acknowledge": hours[0],
        "p90_hours_to_acknowledge": hours[1],
        "reached": reached,
        "resolved": resolved,
        "resolved_share": share,
    }


LADDER = {
    "levels": {
        # p90 of (0, 2) = 0 + 0.9 × 2; of (2.5, 47.5) hours = 2.5 + 0.9 × 45
        "0": level("reminder", 2, 2, (1.0, 1.8), (25.0, 43.0), 3, 1, 0.3333),
        "1": level("urging_slip", 3, 2, (0.5, 0.9), (13.0, 22.6), 2, 1, 0.5),
        "2": level("coordination", 0, 0, (None, None), (None, None), 1, 1, 1.0),
        "3": level("supervision", 1, 0, (None, None), (None, None), 0, 0, None),
    },
    "resolved_without_notice": 2,
    "reached_supervision": 1,
}


def test_every_figure_of_a_hand_worked_month_and_its_year_to_date() -> None:
    figures = supervision_figures(
        month=NOVEMBER, calendar=CALENDAR, tasks=TASKS, reports=REPORTS, ratings=RATINGS,
        notices=NOTICES,
    )  # fmt: skip

    assert figures == {"month": MONTH, "year_to_date": YEAR_TO_DATE, "ladder": LADDER}


def test_on_time_and_overdue_rates_cover_the_whole_due_cohort() -> None:
    figures = supervision_figures(month=NOVEMBER, calendar=CALENDAR, tasks=TASKS)

    for window in (figures["month"], figures["year_to_date"]):
        assert window["on_time_rate"] + window["overdue_rate"] == pytest.approx(1)
        assert (
            window["closed_on_time"] + window["closed_late"] + window["open_overdue"]
            == (window["due"])
        )
    assert "ladder" not in figures  # a department's scope: no ladder


def test_tallies_of_pairs_merged_give_the_tally_of_all() -> None:
    whole, parts = (
        SupervisionTally(NOVEMBER, CALENDAR),
        [SupervisionTally(NOVEMBER, CALENDAR) for _ in range(3)],
    )
    for i, (row, facts) in enumerate(TASKS):
        whole.add(row, facts)
        parts[i % 3].add(row, facts)
    for n in NOTICES:
        whole.add_notice(n)
        parts[1].add_notice(n)
    merged = SupervisionTally(NOVEMBER, CALENDAR)
    for part in parts:
        merged.merge(part)

    kinds = {0: "reminder", 1: "urging_slip", 2: "coordination", 3: "supervision"}
    assert merged.figures(kinds=kinds) == whole.figures(kinds=kinds)


def test_an_empty_scope_has_zeros_and_no_rates() -> None:
    figures = supervision_figures(month=NOVEMBER, calendar=CALENDAR, notices=[], kinds={})

    assert figures["month"]["due"] == 0 and figures["month"]["on_time_rate"] is None
    assert figures["year_to_date"]["median_handling_days"] is None
    assert figures["ladder"] == {
        "levels": {},
        "resolved_without_notice": 0,
        "reached_supervision": 0,
    }


@pytest.mark.parametrize(
    ("values", "share", "expected"),
    [
        ([], 0.5, None),
        ([4.0], 0.9, 4.0),
        ([1.0, 3.0], 0.5, 2.0),
        ([3.0, 1.0, 2.0], 0.5, 2.0),
        ([0.0, 10.0], 0.9, 9.0),
        ([1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0, 11.0], 0.9, 10.0),
    ],
)
def test_percentiles_interpolate_between_the_closest_ranks(
    values: list[float], share: float, expected: float | None
) -> None:
    assert percentile(values, share) == expected


@pytest.mark.parametrize(
    ("histogram", "expected"),
    [
        ({}, None),
        ({5: 1}, 5.0),
        ({3: 1, 9: 1}, 6.0),
        ({1: 2, 7: 1}, 1.0),
        ({1: 2, 7: 2}, 4.0),
        ({0: 1, 2: 3, 40: 1}, 2.0),
    ],
)
def test_the_median_of_a_histogram_is_the_median_of_its_values(
    histogram: dict[int, int], expected: float | None
) -> None:
    assert histogram_median(histogram) == expected


def test_a_level_is_named_by_the_ladders_rung_and_otherwise_by_its_commonest_notice() -> None:
    notices = [
        notice(0, "factor_request", at(10, 1), None),  # a request's notice shares level 0
        notice(5, "special", at(11, 1), None),
        notice(5, "other", at(12, 1), None),
        notice(5, "special", at(13, 1), None),
    ]
    levels = supervision_figures(
        month=NOVEMBER, calendar=CALENDAR, notices=notices, kinds={0: "reminder"}
    )["ladder"]["levels"]

    assert {level: rung["kind"] for level, rung in levels.items()} == {
        "0": "reminder",
        "5": "special",
    }
    assert levels["5"]["notices"] == 3
