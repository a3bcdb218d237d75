"""Traffic lights (红黄绿灯) for tasks: from the due date, progress against time, and state.

Red: overdue, or far behind the elapsed share of the task's working days. Yellow: due within
a few working days, or lagging. Green: on track. Without new progress a light only gets worse
as days pass, which is what lets the sweep predict the next day it must look at a task.

A task that is one event rather than a stretch of work — a standing practice's period (a tour
held on a day, a dispatch meeting) — has no progress to report along the way, so it is not
paced: its light follows the due date alone. Judging it by progress against elapsed time would
turn every quarter's tour red a third of the way through the quarter, or push its owner into
reporting progress nobody needs (基层减负: no report asked for its own sake).
"""

from dataclasses import dataclass
from datetime import date, timedelta

from mechanism.vocabulary import Light, TaskSource, TaskState
from mechanism.wording import Said
from mechanism.workdays import Workdays


@dataclass(frozen=True)
class LightRules:
    """Thresholds, in working days and percentage points; configuration, not code."""

    yellow_within_days: int = 3
    yellow_lag_points: int = 20
    red_lag_points: int = 40

    def __post_init__(self) -> None:
        if self.yellow_within_days < 0:
            raise ValueError("yellow_within_days must not be negative")
        if not 0 < self.yellow_lag_points <= self.red_lag_points <= 100:
            raise ValueError("need 0 < yellow_lag_points <= red_lag_points <= 100")


@dataclass(frozen=True)
class TaskTiming:
    """The facts a light depends on."""

    state: TaskState
    start_date: date
    due_date: date
    progress: int
    paced: bool = True  # False: one event, lit by its due date alone (module docstring)


EVENT_SOURCES = frozenset({TaskSource.PRACTICE.value})
"""Sources of tasks that are one event, not paced by progress (module docstring)."""


def is_paced(source: str) -> bool:
    """Whether a task of ``source`` is lit by its progress against time as well as its due date."""
    return source not in EVENT_SOURCES


def elapsed_working_days(timing: TaskTiming, today: date, calendar: Workdays) -> tuple[int, int]:
    """(working days elapsed since the start, working days from start to due), elapsed capped."""
    total = max(0, calendar.between(timing.start_date, timing.due_date))
    elapsed = min(total, max(0, calendar.between(timing.start_date, today)))
    return elapsed, total


def lags_more_than(timing: TaskTiming, points: int, today: date, calendar: Workdays) -> bool:
    """Whether progress trails the elapsed share by more than ``points``; in whole numbers,
    so that 11/20 of the time against 35% is exactly 20 points behind, not 20.000000000000007.
    A task that is not paced never lags."""
    if not timing.paced:
        return False
    elapsed, total = elapsed_working_days(timing, today, calendar)
    if total == 0:
        return 100 - timing.progress > points
    return elapsed * 100 > (timing.progress + points) * total


def task_light(timing: TaskTiming, *, today: date, calendar: Workdays, rules: LightRules) -> Light:
    """The light of a task on ``today``."""
    if timing.state in (TaskState.SIGNED_OFF, TaskState.CANCELLED, TaskState.SUBMITTED):
        return Light.GREEN  # finished, or waiting on the office: nothing for the owner to do
    if timing.state == TaskState.BLOCKED:
        return Light.YELLOW  # its clock is stopped, but it needs someone's attention
    if today > timing.due_date:
        return Light.RED
    if lags_more_than(timing, rules.red_lag_points, today, calendar):
        return Light.RED
    remaining = calendar.between(today, timing.due_date)
    if remaining <= rules.yellow_within_days or lags_more_than(
        timing, rules.yellow_lag_points, today, calendar
    ):
        return Light.YELLOW
    return Light.GREEN


def next_light_change(
    timing: TaskTiming, *, today: date, calendar: Workdays, rules: LightRules
) -> date | None:
    """The first day after ``today`` on which the light will differ if nothing is reported.

    Only a few days can change a light: the day the due date comes within the yellow window,
    the day after the due date, and the days the elapsed share passes progress plus each lag
    threshold. The earliest of those that changes the light is the answer.
    """
    if timing.state not in (TaskState.ASSIGNED, TaskState.ACCEPTED, TaskState.IN_PROGRESS):
        return None
    now = task_light(timing, today=today, calendar=calendar, rules=rules)
    if now == Light.RED:
        return None
    due = timing.due_date
    last_working_day = due if calendar.is_workday(due) else calendar.add(due, -1)
    candidates = {
        calendar.add(last_working_day, -rules.yellow_within_days),
        due + timedelta(days=1),
    }
    _, total = elapsed_working_days(timing, today, calendar)
    for threshold in (rules.yellow_lag_points, rules.red_lag_points) if timing.paced else ():
        # First k (working days elapsed) with k*100 > (progress + threshold)*total.
        k = (timing.progress + threshold) * total // 100 + 1
        if k <= total:
            candidates.add(calendar.add(timing.start_date, k))
    for day in sorted(d for d in candidates if d > today):
        if task_light(timing, today=day, calendar=calendar, rules=rules) != now:
            return day
    return None


def light_reason(
    timing: TaskTiming, *, today: date, calendar: Workdays, rules: LightRules
) -> Said | None:
    """Why a task is red or yellow on ``today``, in words (None when it is green).

    The same tests as :func:`task_light`, in its order, so the words always name the test
    that set the light: overdue first, then far behind, then near its due date or lagging.
    """
    light = task_light(timing, today=today, calendar=calendar, rules=rules)
    if light == Light.GREEN:
        return None
    if timing.state == TaskState.BLOCKED:
        return Said("blocked, its clock stopped", "受阻，时限暂停")
    if today > timing.due_date:
        # Counted from the day after the due date (民法典 §201); a weekend after a Friday due
        # date is past it by no working day yet.
        late = calendar.between(timing.due_date, today)
        if late <= 0:
            return Said(f"past its due date {timing.due_date}", f"已过完成时限 {timing.due_date}")
        return Said(f"overdue {late} working day(s)", f"逾期 {late} 个工作日")
    elapsed, total = elapsed_working_days(timing, today, calendar)
    # The elapsed share rounded up, as lags_more_than compares it exactly.
    behind = (-(-elapsed * 100 // total) if total else 100) - timing.progress
    limit = rules.red_lag_points if light == Light.RED else rules.yellow_lag_points
    if timing.paced and behind > limit:
        return Said(f"{behind} points behind schedule", f"进度落后 {behind} 个百分点")
    left = calendar.between(today, timing.due_date)
    return Said(f"due soon ({left} working day(s) left)", f"临近完成时限（剩 {left} 个工作日）")
