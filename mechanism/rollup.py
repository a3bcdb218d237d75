"""Month-end rollup arithmetic (月调度/月通报): the figures of one month for one scope.

The service loads plain rows (:class:`TaskRow`, :class:`ProjectRow`, :class:`RequestRow`,
:class:`NoticeRow`) and this module turns them into figures, as of the last day of the month.
Every figure is defined here, once, so a bulletin read a year later means what it meant then:

tasks (督办事项) — a cancelled task counts nowhere; "in the month" is by the city's calendar date.

- ``total``: tasks started on or before month end;
- ``due_this_month``: tasks whose *statistical* due date (:mod:`mechanism.statistical_due`: the
  original due date moved by the working days the task was blocked up to month end; an approved
  extension does not move it) falls in the month;
- ``done_on_time``: signed off (销号) within the month, on or before the statistical due date —
  an extension is the owner's delay, a block on a factor request is not;
- ``done_late``: signed off within the month after the statistical due date;
- ``open_by_light``: tasks started by month end and not signed off by then, by their stored light
  (the light the sweep last gave them; the rollup is closed right after month end, so that is the
  month-end light);
- ``on_time_rate``: on time / (on time + late), or None when nothing was signed off.

key projects (重点项目) — projects of the month's year that were not dropped.

- ``investment_planned``: the sum of the year's planned investment (万元);
- ``investment_completed``: the sum of each project's cumulative investment of the year by its
  latest report on a month up to this one (a project that never reported counts as 0);
- ``completion_rate``: completed / planned, or None when nothing was planned;
- ``timing_progress``: 序时进度 at month end (:func:`mechanism.project_lights.timing_progress`);
- ``against_timing``: completion rate minus timing progress (negative: behind), or None;
- ``milestones_hit`` / ``milestones_missed``: milestones planned within the month, reached by their
  planned date or not (a milestone reached only after month end is missed as of month end);
- ``reports_missing``: projects whose report on the previous month — due within this month (by
  its 5th working day) — was not in by month end; none in January (nothing due on December of
  the year before). The report on this month itself is not due until next month.

factor requests (要素保障诉求) — "closed" means answered (``resolved_at``: resolved or rejected),
which is what the close service level (办结时限) is measured against.

- ``opened``: submitted within the month; ``closed``: answered within the month;
- ``closed_within_level``: of those closed, answered within the close service level, counted in
  working days from submission;
- ``median_working_days_to_close``: the median of those working days, or None.

the ladder (督办阶梯) — notices issued within the month.

- ``notices_by_level``: how many at each rung (keys are the level as text, for JSON);
- ``median_hours_to_acknowledge``: from issue to the first acknowledgement (签收) of any of its
  recipients, in hours to one decimal, or None; the service passes only acknowledgements made
  by month end, so a late one does not change a closed month.

:func:`changes` compares a month with the previous month's frozen figures.
"""

import calendar as gregorian
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from statistics import median
from typing import Any, NamedTuple

from mechanism.project_lights import timing_progress
from mechanism.statistical_due import Block, blocked_workdays, statistical_due
from mechanism.vocabulary import Light, ProjectState, TaskState
from mechanism.workdays import Workdays

Figures = dict[str, Any]
"""A scope's figures: section → figure → number (or a mapping of numbers); JSON as it is."""


class TaskRow(NamedTuple):
    """A task as the rollup sees it (a tuple: a city has a million of them, made per row).

    ``department_id``: the lead department (责任单位) the task is ranked under; ``blocks``: the
    periods it waited on a factor request (:data:`mechanism.statistical_due.Block`), ended or
    not; ``task_id``: for the facts counted per task (``mechanism.supervision.TaskFacts``).
    The current (extended) due date is not here: no figure counts against it.
    """

    chain_id: int
    start_date: date
    original_due_date: date
    state: str
    light: str
    signed_off_on: date | None
    department_id: int | None = None
    blocks: tuple[Block, ...] = ()
    task_id: int = 0


@dataclass(frozen=True)
class ProjectRow:
    """A project with what the rollup needs of its reports and milestones.

    ``investment_completed``: the cumulative investment of the latest report on a month up to
    the rollup's month (0 if none); ``milestones``: (planned, actual) dates.
    """

    chain_id: int
    year: int
    year_planned_investment: float
    state: str
    investment_completed: float
    previous_report_in: bool
    milestones: tuple[tuple[date | None, date | None], ...] = ()
    department_id: int | None = None


@dataclass(frozen=True)
class RequestRow:
    """``close_level``: the close service level of the request's factor type, in working days;
    ``department_id``: the handling department."""

    chain_id: int
    submitted_on: date
    closed_on: date | None
    close_level: int
    department_id: int | None = None


@dataclass(frozen=True)
class NoticeRow:
    """``acknowledged_at``: the first acknowledgement of any recipient, if one was made;
    ``kind``: the notice's kind (the supervision figures name a rung by it)."""

    chain_id: int | None
    level: int
    issued_on: date
    issued_at: datetime
    acknowledged_at: datetime | None
    kind: str = ""


def month_end(month: date) -> date:
    """The last day of ``month``'s month."""
    return month.replace(day=gregorian.monthrange(month.year, month.month)[1])


def _in_month(day: date | None, month: date) -> bool:
    return day is not None and (day.year, day.month) == (month.year, month.month)


def _ratio(part: float, whole: float) -> float | None:
    return round(part / whole, 4) if whole else None


def _median(values: Sequence[float], digits: int) -> float | None:
    return round(float(median(values)), digits) if values else None


class TaskTally:
    """The task figures of the module docstring, counted one task at a time.

    The service streams a million tasks through one tally per scope; nothing is kept but the
    counts, so memory does not grow with the city.
    """

    def __init__(self, month: date, calendar: Workdays) -> None:
        self.month = (month.year, month.month)
        self.end = month_end(month)
        self.calendar = calendar
        self.total = self.due = self.on_time = self.late = 0
        self.open_by_light = {light.value: 0 for light in Light}

    def add(self, task: TaskRow) -> None:
        if task.state == TaskState.CANCELLED or task.start_date > self.end:
            return
        self.total += 1
        due, signed = task.original_due_date, task.signed_off_on
        if task.blocks:  # few tasks were ever blocked: the others need no calendar
            lost = blocked_workdays(task.blocks, as_of=self.end, calendar=self.calendar)
            due = statistical_due(due, lost, self.calendar)
        if (due.year, due.month) == self.month:
            self.due += 1
        if signed is not None and (signed.year, signed.month) == self.month:
            if signed <= due:
                self.on_time += 1
            else:
                self.late += 1
        if signed is None or signed > self.end:
            self.open_by_light[task.light] = self.open_by_light.get(task.light, 0) + 1

    def merge(self, other: "TaskTally") -> None:
        """Add another tally of the same month (a pair's counts into its chain's, say)."""
        self.total += other.total
        self.due += other.due
        self.on_time += other.on_time
        self.late += other.late
        for light, count in other.open_by_light.items():
            self.open_by_light[light] = self.open_by_light.get(light, 0) + count

    def figures(self) -> Figures:
        return {
            "total": self.total,
            "due_this_month": self.due,
            "done_on_time": self.on_time,
            "done_late": self.late,
            "open_by_light": dict(self.open_by_light),
            "on_time_rate": _ratio(self.on_time, self.on_time + self.late),
        }


def task_figures(tasks: Iterable[TaskRow], month: date, calendar: Workdays) -> Figures:
    """The task figures of the module docstring, for rows at hand (blocks counted in working
    days via ``calendar``)."""
    tally = TaskTally(month, calendar)
    for task in tasks:
        tally.add(task)
    return tally.figures()


def project_figures(projects: Iterable[ProjectRow], month: date) -> Figures:
    """The key-project figures of the module docstring."""
    end = month_end(month)
    rows = [p for p in projects if p.year == month.year and p.state != ProjectState.DROPPED]
    planned = round(sum(p.year_planned_investment for p in rows), 2)
    completed = round(sum(p.investment_completed for p in rows), 2)
    rate = _ratio(completed, planned)
    timing = round(timing_progress(month.year, end), 4)
    due = [(plan, actual) for p in rows for plan, actual in p.milestones if _in_month(plan, month)]
    hit = sum(1 for plan, actual in due if actual is not None and plan and actual <= plan)
    return {
        "investment_planned": planned,
        "investment_completed": completed,
        "completion_rate": rate,
        "timing_progress": timing,
        "against_timing": None if rate is None else round(rate - timing, 4),
        "milestones_hit": hit,
        "milestones_missed": len(due) - hit,
        "reports_missing": sum(1 for p in rows if not p.previous_report_in),
    }


def request_figures(requests: Iterable[RequestRow], month: date, calendar: Workdays) -> Figures:
    """The factor-request figures of the module docstring (working days via ``calendar``)."""
    rows = list(requests)
    closed = [r for r in rows if _in_month(r.closed_on, month)]
    days = [(calendar.between(r.submitted_on, r.closed_on), r) for r in closed if r.closed_on]
    return {
        "opened": sum(1 for r in rows if _in_month(r.submitted_on, month)),
        "closed": len(closed),
        "closed_within_level": sum(1 for n, r in days if n <= r.close_level),
        "median_working_days_to_close": _median([n for n, _ in days], 1),
    }


def ladder_figures(notices: Iterable[NoticeRow], month: date) -> Figures:
    """The ladder figures of the module docstring."""
    rows = [n for n in notices if _in_month(n.issued_on, month)]
    by_level: dict[str, int] = {}
    for notice in sorted(rows, key=lambda n: n.level):
        by_level[str(notice.level)] = by_level.get(str(notice.level), 0) + 1
    hours = [
        (n.acknowledged_at - n.issued_at).total_seconds() / 3600
        for n in rows
        if n.acknowledged_at is not None
    ]
    return {"notices_by_level": by_level, "median_hours_to_acknowledge": _median(hours, 1)}


def scope_figures(
    *,
    month: date,
    tasks: Iterable[TaskRow],
    projects: Iterable[ProjectRow],
    requests: Iterable[RequestRow],
    notices: Iterable[NoticeRow],
    calendar: Workdays,
) -> Figures:
    """All sections for one scope; the service passes the rows of one chain, or of the city."""
    return {
        "tasks": task_figures(tasks, month, calendar),
        "projects": project_figures(projects, month),
        "requests": request_figures(requests, month, calendar),
        "ladder": ladder_figures(notices, month),
    }


def flatten(figures: Mapping[str, Any], prefix: str = "") -> dict[str, float | int | None]:
    """Numeric figures by dotted name (``tasks.open_by_light.red``): what changes compare."""
    flat: dict[str, float | int | None] = {}
    for key, value in figures.items():
        name = f"{prefix}{key}"
        if isinstance(value, Mapping):
            flat.update(flatten(value, f"{name}."))
        elif value is None or (isinstance(value, int | float) and not isinstance(value, bool)):
            flat[name] = value
    return flat


_NOT_COMPARED = {"changes", "weights", "ranking_rules"}


def changes(
    current: Mapping[str, Any], previous: Mapping[str, Any] | None
) -> dict[str, float | int | None]:
    """This month minus the previous month, per numeric figure (环比).

    None where either month has no value: no previous rollup, or a rate with nothing to divide.
    A ladder rung the previous month did not reach counts as 0 notices there. The
    ``changes``, ``weights`` and ``ranking_rules`` sections are not compared: they are not
    figures of the month.
    """
    now_flat = flatten({k: v for k, v in current.items() if k not in _NOT_COMPARED})
    before: dict[str, float | int | None] = {}
    if previous is not None:
        before = flatten({k: v for k, v in previous.items() if k not in _NOT_COMPARED})
    result: dict[str, float | int | None] = {}
    for name, value in now_flat.items():
        old = before.get(name)
        if previous is not None and old is None and name.startswith("ladder.notices_by_level."):
            old = 0
        if value is None or old is None:
            result[name] = None
        else:
            delta = value - old
            result[name] = round(delta, 4) if isinstance(delta, float) else delta
    return result


def first_working_day(month_start: date, is_workday: Callable[[date], bool]) -> date:
    """The month's first working day (after New Year or National Day, not the 1st)."""
    day = month_start
    while not is_workday(day):
        day += timedelta(days=1)
    return day
