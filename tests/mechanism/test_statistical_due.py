"""One statistical due date: the original due date moved by the working days a task was blocked.

October 2026 by the State Council's schedule: 1–7 October is National Day (no working days),
Saturday 10 October is a make-up working day (调休), 31 October is a Saturday.
"""

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from mechanism.calendar import WorkingCalendar
from mechanism.rollup import TaskRow, task_figures
from mechanism.statistical_due import blocked_workdays, statistical_due

CALENDAR = WorkingCalendar()
OCTOBER = date(2026, 10, 1)
MONTH_END = date(2026, 10, 31)
START = date(2026, 9, 1)


def d(month: int, day: int) -> date:
    return date(2026, month, day)


def test_a_block_over_national_day_loses_only_its_working_days() -> None:
    # 29 Sep → 12 Oct: 30 Sep, 8, 9, 10 (make-up Saturday) and 12 Oct — five, not the nine
    # weekdays Monday–Friday arithmetic would count.
    lost = blocked_workdays([(d(9, 29), d(10, 12))], as_of=MONTH_END, calendar=CALENDAR)
    assert lost == 5
    assert statistical_due(d(10, 9), lost, CALENDAR) == d(10, 15)


def test_a_block_counts_only_up_to_the_day_asked_and_one_begun_later_not_at_all() -> None:
    running = [(d(10, 26), None)]  # 27, 28, 29, 30 October by month end
    ended_later = [(d(10, 26), d(11, 4))]
    begun_later = [(d(11, 2), d(11, 5))]
    assert blocked_workdays(running, as_of=MONTH_END, calendar=CALENDAR) == 4
    assert blocked_workdays(ended_later, as_of=MONTH_END, calendar=CALENDAR) == 4
    assert blocked_workdays(begun_later, as_of=MONTH_END, calendar=CALENDAR) == 0
    assert blocked_workdays(ended_later, as_of=d(11, 30), calendar=CALENDAR) == 7


def test_two_blocks_add_up_and_the_day_a_block_begins_is_still_the_owners() -> None:
    blocks = [(d(10, 12), d(10, 15)), (d(10, 20), d(10, 20)), (d(10, 22), d(10, 23))]
    assert blocked_workdays(blocks, as_of=MONTH_END, calendar=CALENDAR) == 3 + 0 + 1


def test_without_a_block_the_original_date_stands_even_on_a_holiday() -> None:
    assert statistical_due(d(10, 3), 0, CALENDAR) == d(10, 3)


@settings(max_examples=300, deadline=None)
@given(
    original=st.dates(min_value=date(2025, 1, 1), max_value=date(2026, 12, 31)),
    late_by=st.integers(min_value=-30, max_value=60),
    blocked=st.integers(min_value=0, max_value=40),
)
def test_on_time_means_the_owner_took_no_more_working_days_than_the_original_deadline_gave(
    original: date, late_by: int, blocked: int
) -> None:
    """Wherever its blocks fell, a task signed off on a working day is on time against the
    statistical date exactly when its working days past the original deadline are no more than
    the working days it was blocked."""
    signed = original + timedelta(days=late_by)
    while not CALENDAR.is_workday(signed):
        signed += timedelta(days=1)
    on_time = signed <= statistical_due(original, blocked, CALENDAR)
    assert on_time == (CALENDAR.between(original, signed) <= blocked)


def task(
    original: date,
    *blocks: tuple[date, date | None],
    signed: date | None = None,
    light: str = "green",
) -> TaskRow:
    state = "signed_off" if signed else "in_progress"
    return TaskRow(1, START, original, state, light, signed, 1, tuple(blocks))


def test_a_hand_worked_october_counts_due_on_time_and_late_against_one_date() -> None:
    """October 2026, seven tasks of one chain, all started 1 September ("lost" is working days
    blocked by 31 October; "stat." the statistical due date):

    ====  ========  ======================  ====================  ====  =====  ======  ============
    task  original  extension (approved)    blocked               lost  stat.  signed  counts
    ====  ========  ======================  ====================  ====  =====  ======  ============
    A     10-20     —                       10-12 → 10-15 (land)  3     10-23  10-22  due, on time
    B     10-16     to 11-13                —                     0     10-16  10-28  due, late
    C     10-09     —                       09-29 → 10-12         5     10-15  10-16  due, late
    D     10-26     to 11-06                10-27 → 10-30         3     10-29  10-30  due, late
    E     10-28     —                       10-26 → (still)       4     11-03  open   not due
    F     10-21     —                       —                     0     10-21  10-21  due, on time
    G     10-30     —                       11-02 → 11-05         0     10-30  open   due
    ====  ========  ======================  ====================  ====  =====  ======  ============

    A is the issue's case: blocked three working days on the city's land request, it finished
    inside its moved date and is on time (against the original date alone it was late). B was
    extended into November and signed off in October: it is due in October (by the current due
    date it was "due in November"). C's block spans National Day: five working days, so the
    16th is one day late (weekday arithmetic would count nine and call it on time). D has both:
    the extension does not move its date, the block does. E's block still runs at month end:
    its clock stopped before its deadline, so it is not due in October (by its unmoved current
    due date it was). G's block began after month end and does not count for October.

    Expected: 7 tasks, 6 due this month (A, B, C, D, F, G), 2 on time (A, F), 3 late (B, C, D),
    open at month end E (yellow) and G (red), on-time rate 2 / 5 = 0.4.
    """
    tasks = [
        task(d(10, 20), (d(10, 12), d(10, 15)), signed=d(10, 22)),  # A
        task(d(10, 16), signed=d(10, 28)),  # B: the extension is no part of the row
        task(d(10, 9), (d(9, 29), d(10, 12)), signed=d(10, 16)),  # C
        task(d(10, 26), (d(10, 27), d(10, 30)), signed=d(10, 30)),  # D
        task(d(10, 28), (d(10, 26), None), light="yellow"),  # E
        task(d(10, 21), signed=d(10, 21)),  # F
        task(d(10, 30), (d(11, 2), d(11, 5)), light="red"),  # G
    ]

    assert task_figures(tasks, OCTOBER, CALENDAR) == {
        "total": 7,
        "due_this_month": 6,
        "done_on_time": 2,
        "done_late": 3,
        "open_by_light": {"green": 0, "yellow": 1, "red": 1},
        "on_time_rate": 0.4,
    }
