"""A task that is one event (a standing practice's period) is lit by its due date alone: no
progress is reported along the way, so it is never "behind schedule"."""

from datetime import date

from mechanism.calendar import WorkingCalendar
from mechanism.lights import (
    LightRules,
    TaskTiming,
    is_paced,
    light_reason,
    next_light_change,
    task_light,
)
from mechanism.vocabulary import Light, TaskSource, TaskState

CALENDAR = WorkingCalendar()
RULES = LightRules()
# 2026-Q4's tour: made on 1 October, due Thursday 31 December, nothing reported.
TOUR = TaskTiming(TaskState.ASSIGNED, date(2026, 10, 1), date(2026, 12, 31), 0, paced=False)


def test_only_practice_tasks_are_unpaced() -> None:
    assert not is_paced(TaskSource.PRACTICE.value)
    assert all(is_paced(s.value) for s in TaskSource if s is not TaskSource.PRACTICE)


def test_an_event_task_stays_green_until_its_due_date_nears() -> None:
    paced = TaskTiming(TaskState.ASSIGNED, date(2026, 10, 1), date(2026, 12, 31), 0)
    mid_quarter = date(2026, 11, 20)
    assert task_light(paced, today=mid_quarter, calendar=CALENDAR, rules=RULES) is Light.RED
    assert task_light(TOUR, today=mid_quarter, calendar=CALENDAR, rules=RULES) is Light.GREEN
    assert light_reason(TOUR, today=mid_quarter, calendar=CALENDAR, rules=RULES) is None
    # Three working days before the due date it turns yellow, saying why; red once overdue.
    assert task_light(TOUR, today=date(2026, 12, 28), calendar=CALENDAR, rules=RULES) is (
        Light.YELLOW
    )
    reason = light_reason(TOUR, today=date(2026, 12, 28), calendar=CALENDAR, rules=RULES)
    assert reason is not None and "临近完成时限" in reason.zh
    assert task_light(TOUR, today=date(2027, 1, 4), calendar=CALENDAR, rules=RULES) is Light.RED


def test_the_sweep_next_looks_at_an_event_task_when_its_due_date_nears() -> None:
    day = next_light_change(TOUR, today=date(2026, 10, 9), calendar=CALENDAR, rules=RULES)
    assert day == date(2026, 12, 28)
