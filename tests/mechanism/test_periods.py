"""Periods counted from the day after the event (民法典 §201), and the ladder held by one.

An acknowledgement on working day A holds the ladder on A+1 … A+3: the held rung fires on A+4
at the earliest, across weekends and National Day (2026-10-01..07 off, Saturday 10-10 worked).
"""

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mechanism.calendar import WorkingCalendar
from mechanism.ladder import DEFAULT_LADDER, Ladder, LadderState, decide, hold_until
from mechanism.lights import LightRules, TaskTiming
from mechanism.periods import after_period, period_end, within_period
from mechanism.vocabulary import NoticeKind, TaskState

CALENDAR = WorkingCalendar()
RULES = LightRules()


@pytest.mark.parametrize(
    ("event", "days", "last"),
    [
        (date(2026, 11, 3), 3, date(2026, 11, 6)),  # Tuesday: Wed, Thu, Fri
        (date(2026, 11, 6), 3, date(2026, 11, 11)),  # Friday: Mon, Tue, Wed
        (date(2026, 11, 7), 3, date(2026, 11, 11)),  # a Saturday is no working day either
        (date(2026, 9, 29), 3, date(2026, 10, 9)),  # 9-30, then 10-08 and 10-09
        (date(2026, 9, 30), 3, date(2026, 10, 10)),  # 10-08, 10-09, the make-up Saturday
        (date(2026, 10, 3), 1, date(2026, 10, 8)),  # from a holiday: the first working day
        (date(2026, 12, 30), 3, date(2027, 1, 5)),  # 12-31, then 2027-01-01 is a holiday
    ],
)
def test_a_period_starts_the_day_after_and_ends_on_its_last_working_day(
    event: date, days: int, last: date
) -> None:
    assert period_end(event, days, CALENDAR) == last
    assert within_period(last, last) and not within_period(last + timedelta(days=1), last)
    assert CALENDAR.between(event, last) == days


def test_a_period_of_no_days_is_refused() -> None:
    with pytest.raises(ValueError, match="at least one working day, not 0"):
        period_end(date(2026, 11, 3), 0, CALENDAR)


def test_what_a_period_held_back_goes_on_on_the_next_working_day() -> None:
    assert after_period(date(2026, 11, 6), CALENDAR) == date(2026, 11, 9)  # Friday → Monday
    assert after_period(date(2026, 9, 30), CALENDAR) == date(2026, 10, 8)  # over National Day


def replay(
    timing: TaskTiming, first: date, last: date, *, acks: tuple[date, ...], level: int
) -> list[tuple[date, NoticeKind]]:
    """Sweep every working day from ``first`` to ``last``, the owner acknowledging on ``acks``."""
    hold: date | None = None
    sent: list[tuple[date, NoticeKind]] = []
    day = first
    while day <= last:
        if CALENDAR.is_workday(day):
            decision = decide(
                LadderState(timing, level, hold),
                today=day,
                ladder=DEFAULT_LADDER,
                calendar=CALENDAR,
                rules=RULES,
            )
            if decision.escalation is not None:
                level = decision.escalation.level
                sent.append((day, decision.escalation.kind))
            if day in acks:
                hold = hold_until(today=day, ladder=DEFAULT_LADDER, calendar=CALENDAR)
        day += timedelta(days=1)
    return sent


@pytest.mark.parametrize(
    ("due", "coordination_alone", "coordination_held"),
    [
        # Due (and urged) Friday 11-06; the offset is Wednesday 11-11, A+3 of Friday's ack.
        (date(2026, 11, 6), date(2026, 11, 11), date(2026, 11, 12)),
        # Due Wednesday 09-30: A+1..A+3 are 10-08, 10-09 and the make-up Saturday 10-10.
        (date(2026, 9, 30), date(2026, 10, 10), date(2026, 10, 12)),
    ],
)
def test_acknowledging_the_urging_slip_on_its_day_delays_the_coordination_notice(
    due: date, coordination_alone: date, coordination_held: date
) -> None:
    timing = TaskTiming(TaskState.IN_PROGRESS, date(2026, 9, 1), due, 90)
    span = (due, due + timedelta(days=20))

    alone = replay(timing, *span, acks=(), level=0)
    held = replay(timing, *span, acks=(due,), level=0)

    assert alone[:2] == [
        (due, NoticeKind.URGING_SLIP),
        (coordination_alone, NoticeKind.COORDINATION),
    ]
    assert coordination_alone == CALENDAR.add(due, 3)  # the offset keeps its meaning
    assert held[:2] == [(due, NoticeKind.URGING_SLIP), (coordination_held, NoticeKind.COORDINATION)]
    assert coordination_held == CALENDAR.add(due, 4)  # A+4: the day after the held A+3


@settings(deadline=None, max_examples=150)
@given(
    ack=st.dates(date(2025, 1, 1), date(2027, 12, 31)).filter(CALENDAR.is_workday),
    hold_days=st.integers(1, 6),
)
def test_a_held_rung_fires_on_the_first_working_day_after_the_hold(
    ack: date, hold_days: int
) -> None:
    ladder = Ladder(rungs=DEFAULT_LADDER.rungs, hold_days=hold_days)
    # Long overdue and urged: the coordination notice is due any day the ladder is free.
    timing = TaskTiming(
        TaskState.IN_PROGRESS, ack - timedelta(days=90), ack - timedelta(days=30), 0
    )
    held = hold_until(today=ack, ladder=ladder, calendar=CALENDAR)

    fired = []
    for n in range(1, hold_days + 2):
        day = CALENDAR.add(ack, n)
        decision = decide(
            LadderState(timing, 1, held), today=day, ladder=ladder, calendar=CALENDAR, rules=RULES
        )
        fired.append(decision.escalation is not None)
        if decision.escalation is None:
            assert decision.next_look == CALENDAR.add(ack, hold_days + 1)

    assert fired == [False] * hold_days + [True]
