"""The ladder and the lights, day by day, as the sweep will see them."""

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from mechanism.calendar import WorkingCalendar
from mechanism.ladder import DEFAULT_LADDER, Decision, LadderState, decide, hold_until
from mechanism.lights import LightRules, TaskTiming, next_light_change, task_light
from mechanism.vocabulary import Light, NoticeKind, TaskState

CALENDAR = WorkingCalendar()
RULES = LightRules()


def replay(
    timing: TaskTiming, first: date, last: date, *, hold: date | None = None
) -> list[tuple[date, NoticeKind, Light]]:
    """Run the ladder as the daily sweep would: only on working days, only when due to look."""
    level, look, sent = -1, first, []
    day = first
    while day <= last:
        if CALENDAR.is_workday(day) and look is not None and day >= look:
            decision = decide(
                LadderState(timing, level, hold),
                today=day,
                ladder=DEFAULT_LADDER,
                calendar=CALENDAR,
                rules=RULES,
            )
            if decision.escalation:
                level = decision.escalation.level
                sent.append((day, decision.escalation.kind, decision.light))
            look = decision.next_look
        day += timedelta(days=1)
    return sent


def test_one_task_climbs_the_ladder_day_by_day_around_national_day() -> None:
    timing = TaskTiming(TaskState.IN_PROGRESS, date(2026, 9, 1), date(2026, 10, 9), 80)

    sent = replay(timing, date(2026, 9, 20), date(2026, 11, 30))

    assert [(day, kind) for day, kind, _ in sent] == [
        (date(2026, 9, 29), NoticeKind.REMINDER),  # 3 working days before 10-09
        (date(2026, 10, 9), NoticeKind.URGING_SLIP),  # on the due date
        (date(2026, 10, 13), NoticeKind.COORDINATION),  # 10-10 is a make-up Saturday
        (date(2026, 10, 20), NoticeKind.SUPERVISION),  # 8 working days after due
    ]
    assert [light for *_, light in sent] == [Light.YELLOW, Light.YELLOW, Light.RED, Light.RED]


def test_a_task_found_long_overdue_is_urged_before_it_is_supervised() -> None:
    timing = TaskTiming(TaskState.ACCEPTED, date(2026, 3, 1), date(2026, 6, 30), 10)

    sent = replay(timing, date(2026, 11, 2), date(2026, 11, 30))

    assert [(day, kind) for day, kind, _ in sent] == [
        (date(2026, 11, 2), NoticeKind.URGING_SLIP),
        (date(2026, 11, 3), NoticeKind.COORDINATION),
        (date(2026, 11, 4), NoticeKind.SUPERVISION),
    ]


def test_an_acknowledgement_holds_the_ladder_then_it_goes_on() -> None:
    timing = TaskTiming(TaskState.IN_PROGRESS, date(2026, 9, 1), date(2026, 11, 2), 50)
    held = hold_until(today=date(2026, 11, 3), ladder=DEFAULT_LADDER, calendar=CALENDAR)
    assert held == date(2026, 11, 6)  # the last day held: an ack on Tuesday holds Wed, Thu, Fri

    for today in (date(2026, 11, 5), held):
        decision = decide(
            LadderState(timing, 1, held),
            today=today,
            ladder=DEFAULT_LADDER,
            calendar=CALENDAR,
            rules=RULES,
        )
        assert decision.escalation is None
        assert decision.next_look == date(2026, 11, 9)  # the Monday after the hold

    after = decide(
        LadderState(timing, 1, held),
        today=date(2026, 11, 9),
        ladder=DEFAULT_LADDER,
        calendar=CALENDAR,
        rules=RULES,
    )
    assert after.escalation is not None
    assert after.escalation.kind == NoticeKind.COORDINATION


def test_finished_blocked_and_submitted_tasks_rest() -> None:
    for state in (
        TaskState.SIGNED_OFF,
        TaskState.CANCELLED,
        TaskState.SUBMITTED,
        TaskState.BLOCKED,
    ):
        timing = TaskTiming(state, date(2026, 1, 1), date(2026, 2, 1), 0)
        decision = decide(
            LadderState(timing, -1),
            today=date(2026, 11, 2),
            ladder=DEFAULT_LADDER,
            calendar=CALENDAR,
            rules=RULES,
        )
        assert decision == Decision(decision.light, None, None)


def test_lights_from_time_and_progress() -> None:
    start, due = date(2026, 11, 2), date(2026, 11, 27)  # 20 working days

    def light(today: date, progress: int) -> Light:
        timing = TaskTiming(TaskState.IN_PROGRESS, start, due, progress)
        return task_light(timing, today=today, calendar=CALENDAR, rules=RULES)

    assert light(date(2026, 11, 6), 20) == Light.GREEN  # 4/20 elapsed, on track
    assert light(date(2026, 11, 13), 20) == Light.YELLOW  # 9/20 elapsed: 25 points behind
    assert light(date(2026, 11, 20), 20) == Light.RED  # 14/20 elapsed: 50 points behind
    assert light(date(2026, 11, 24), 95) == Light.YELLOW  # 3 working days left
    assert light(date(2026, 11, 30), 95) == Light.RED  # overdue


@settings(max_examples=200, deadline=None)
@given(
    start=st.dates(date(2025, 1, 1), date(2026, 10, 1)),
    length=st.integers(0, 120),
    progress=st.integers(0, 100),
    offset=st.integers(0, 200),
)
def test_the_predicted_next_light_change_is_the_first_day_the_light_changes(
    start: date, length: int, progress: int, offset: int
) -> None:
    timing = TaskTiming(TaskState.IN_PROGRESS, start, start + timedelta(days=length), progress)
    today = start + timedelta(days=offset)
    predicted = next_light_change(timing, today=today, calendar=CALENDAR, rules=RULES)
    now = task_light(timing, today=today, calendar=CALENDAR, rules=RULES)
    day = today + timedelta(days=1)
    first_change = None
    while day <= date(2026, 12, 31):
        if task_light(timing, today=day, calendar=CALENDAR, rules=RULES) != now:
            first_change = day
            break
        day += timedelta(days=1)
    if first_change is not None:
        assert predicted is not None
        assert predicted <= first_change
        # the light may only change on the predicted day or later, never unseen before it
        assert task_light(timing, today=predicted, calendar=CALENDAR, rules=RULES) != now


@settings(max_examples=150, deadline=None)
@given(
    due=st.dates(date(2026, 1, 5), date(2026, 12, 1)),
    progress=st.integers(0, 99),
    first=st.integers(-30, 60),
)
def test_the_ladder_climbs_one_rung_at_a_time_and_never_reminds_after_the_due_date(
    due: date, progress: int, first: int
) -> None:
    timing = TaskTiming(TaskState.IN_PROGRESS, due - timedelta(days=60), due, progress)
    start = due + timedelta(days=first)
    sent = replay(timing, start, date(2026, 12, 31))
    days = [day for day, *_ in sent]
    assert len(set(days)) == len(days)  # at most one rung per day
    kinds = [kind for _, kind, _ in sent]
    assert kinds == [k for k in NoticeKind if k in kinds]  # in ladder order, none twice
    assert all(day <= due for day, kind, _ in sent if kind == NoticeKind.REMINDER)


def test_a_supervision_notice_wants_feedback_working_days_after_it_is_issued() -> None:
    timing = TaskTiming(TaskState.IN_PROGRESS, date(2026, 8, 3), date(2026, 9, 1), 40)
    supervised = decide(
        LadderState(timing, 2),
        today=date(2026, 9, 30),
        ladder=DEFAULT_LADDER,
        calendar=CALENDAR,
        rules=RULES,
    ).escalation
    assert supervised is not None and supervised.kind is NoticeKind.SUPERVISION
    # From the day after: 8 and 9 October (after National Day), then the make-up Saturday.
    assert supervised.feedback_due == date(2026, 10, 10)

    urged = decide(
        LadderState(timing, -1), today=date(2026, 9, 30), ladder=DEFAULT_LADDER,
        calendar=CALENDAR, rules=RULES,
    ).escalation  # fmt: skip
    assert urged is not None and urged.kind is NoticeKind.URGING_SLIP
    assert urged.feedback_due is None
