"""Why a light is red or yellow, in words: always the test that set the light."""

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from mechanism.calendar import WorkingCalendar
from mechanism.lights import LightRules, TaskTiming, light_reason, task_light
from mechanism.vocabulary import Light, TaskState
from mechanism.wording import zh

CALENDAR = WorkingCalendar()
RULES = LightRules()
START, DUE = date(2026, 11, 2), date(2026, 11, 27)  # 20 working days


def reason(today: date, progress: int, state: TaskState = TaskState.IN_PROGRESS) -> str | None:
    said = light_reason(
        TaskTiming(state, START, DUE, progress), today=today, calendar=CALENDAR, rules=RULES
    )
    return None if said is None else zh(said)


def test_each_light_says_why_in_chinese() -> None:
    assert reason(date(2026, 11, 6), 20) is None  # green: nothing to say
    assert reason(date(2026, 11, 13), 20) == "进度落后 28 个百分点"  # 9 of 19 elapsed: 47.4%
    assert reason(date(2026, 11, 20), 20) == "进度落后 54 个百分点"  # 14 of 19: 73.7%
    assert reason(date(2026, 11, 24), 95) == "临近完成时限（剩 3 个工作日）"
    # Due Friday 27 November: Monday 30th is the first working day late (from the day after).
    assert reason(date(2026, 11, 30), 95) == "逾期 1 个工作日"
    assert reason(date(2026, 12, 2), 95) == "逾期 3 个工作日"
    assert reason(date(2026, 11, 28), 95) == "已过完成时限 2026-11-27"  # Saturday
    assert reason(date(2026, 11, 13), 20, TaskState.BLOCKED) == "受阻，时限暂停"


def test_english_names_the_same_reason() -> None:
    timing = TaskTiming(TaskState.IN_PROGRESS, START, DUE, 95)
    said = light_reason(timing, today=date(2026, 12, 2), calendar=CALENDAR, rules=RULES)
    assert said == "overdue 3 working day(s)"


@settings(max_examples=300, deadline=None)
@given(
    start=st.dates(date(2025, 1, 1), date(2026, 10, 1)),
    length=st.integers(0, 120),
    progress=st.integers(0, 100),
    offset=st.integers(0, 200),
)
def test_a_lag_reason_is_over_the_threshold_of_its_light(
    start: date, length: int, progress: int, offset: int
) -> None:
    timing = TaskTiming(TaskState.IN_PROGRESS, start, start + timedelta(days=length), progress)
    today = start + timedelta(days=offset)
    light = task_light(timing, today=today, calendar=CALENDAR, rules=RULES)
    said = light_reason(timing, today=today, calendar=CALENDAR, rules=RULES)
    assert (said is None) == (light == Light.GREEN)
    if said is not None and said.endswith("points behind schedule"):
        points = int(said.split()[0])
        limit = RULES.red_lag_points if light == Light.RED else RULES.yellow_lag_points
        assert points > limit
    if light == Light.RED and today <= timing.due_date:
        assert said is not None and said.endswith("points behind schedule")
