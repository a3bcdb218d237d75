"""Figures on the supervision itself (督办成效): how the work the ladder watches gets done, and
what each rung of the ladder answers and resolves. Frozen by the monthly rollup as the
``supervision`` key of every chain, department and city scope; every figure is defined here,
once, as :mod:`mechanism.rollup` defines the others.

Two windows, the same definitions: ``month`` (the month) and ``year_to_date`` (1 January to the
month's end). "By month end" is as of the month's last day, whichever the window; dates are in
the city's zone; a cancelled task counts nowhere; working days come from the calendar.

tasks (督办事项)

- ``assigned``: tasks whose ``start_date`` is in the window; ``closed``: of those, signed off
  (销号) by month end; ``closure_rate`` (办结率) = closed ÷ assigned.
- ``due``: tasks whose *statistical* due date (:mod:`mechanism.statistical_due`, as
  :class:`mechanism.rollup.TaskTally` computes it: blocks up to month end move it, extensions
  do not) is in the window. Of those, by month end: ``closed_on_time`` signed off on or before
  it, ``closed_early`` (of the on-time ones) strictly before it, ``closed_late`` after it,
  ``open_overdue`` not signed off. ``on_time_rate`` (按时办结率) = closed_on_time ÷ due,
  ``overdue_rate`` (超期率) = (closed_late + open_overdue) ÷ due: every task of the cohort is
  one or the other, so the two rates add up to 1.
- ``signed_off``: tasks signed off within the window; their handling time is
  ``calendar.between(start_date, signed_off_on)`` working days (assigned → signed off);
  ``mean_handling_days`` and ``median_handling_days`` over them. A histogram of day counts is
  kept, not a list, so a tally's memory stays flat and tallies merge.
- ``urgings``: notices on the due cohort's tasks at level 1 or above (催办 and above) issued by
  month end; ``urgings_per_task`` = urgings ÷ due.
- ``extension_requests``: due-cohort tasks with at least one extension request (延期申请)
  filed by month end; ``extension_rate`` = that ÷ due.
- ``returned``: returns for rework (退回) of due-cohort tasks by month end; ``returned_tasks``:
  tasks returned at least once; ``returned_rate`` = returned_tasks ÷ due.

key-project reports (反馈及时率) — the monthly reports whose deadline
(:func:`mechanism.project_lights.report_due`) falls in the window, one per project of that
report's year that is not dropped (as the rollup's ``reports_missing`` reads them):
``reports_required``; ``reports_on_time``: in by the deadline, the deadline day included;
``reports_late`` = required − on time (late or still missing); ``feedback_on_time_rate`` = on
time ÷ required. Counted under the project's chain and department.

factor requests (满意率) — requests rated (``satisfaction`` given, confirmed in the window):
``requests_rated``; ``requests_satisfied``: rated 4 or 5 on the 1–5 scale (满意, 非常满意);
``satisfaction_rate`` = satisfied ÷ rated. Counted under the request's chain and department.

the ladder (督办阶梯, ``ladder``: the month only, chain and city scopes) — per level:

- ``notices``: notices issued in the month at that level (any subject); ``acknowledged``: of
  those, acknowledged (签收) by month end (the first acknowledgement of any recipient);
  ``median_…``/``p90_…_to_acknowledge``: the median and 90th percentile of the time from issue
  to that acknowledgement, in working days (``calendar.between(issued_on, acknowledged_on)``)
  and in hours. Percentiles interpolate linearly between the closest ranks (the "inclusive"
  method: the median of two values is their mean, the p90 of one value is that value).
- ``reached``/``resolved``: over the tasks signed off within the month, the task's top rung is
  the highest level of its notices issued by month end (−1: none). ``reached`` = tasks whose top
  rung is at least the level, ``resolved`` = tasks whose top rung is the level (closed without
  climbing further), ``resolved_share`` = resolved ÷ reached. ``kind``: the ladder rung's
  notice kind at that level (the chain's own ladder, if it has one; other notices — a factor
  request's, a stale report's — share the levels); a level outside the ladder is named by its
  notices' commonest kind.
- ``resolved_without_notice``: of those tasks, the ones with no notice at all;
  ``reached_supervision``: distinct tasks given a supervision notice (督办通知单) in the month.

Rates are to 4 decimals, days and hours to 1; None where there is nothing to divide.
"""

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from typing import ClassVar, NamedTuple

from mechanism.ladder import DEFAULT_LADDER
from mechanism.rollup import Figures, TaskRow, month_end
from mechanism.statistical_due import blocked_workdays, statistical_due
from mechanism.supervision_ladder import LadderNotice, ladder_figures
from mechanism.vocabulary import TaskState
from mechanism.workdays import Workdays

CANCELLED = TaskState.CANCELLED.value
# A task's shape, counted instead of each figure (a million tasks a month): where its start
# falls (0 outside the year to date, 1 in it, 2 in the month too), whether it was signed off
# by month end, where its statistical due date falls (likewise) and the due task's outcome.
SHAPES = 3 * 2 * 3 * 4

RUNGS = {rung.level: rung.kind.value for rung in DEFAULT_LADDER.rungs}
SATISFIED = 4  # 满意 (4) and 非常满意 (5) on the 1–5 scale


class TaskFacts(NamedTuple):
    """What the ladder and the office did about one task by month end (the service counts
    them per task in SQL): ``top_rung`` −1 when it never had a notice; ``supervised``: given a
    supervision notice within the month."""

    urgings: int = 0
    returns: int = 0
    extension_requested: bool = False
    top_rung: int = -1
    supervised: bool = False


NO_FACTS = TaskFacts()


class ReportRow(NamedTuple):
    """The monthly reports a scope's key projects owed by one deadline: how many, and how
    many came in by it (the deadline day included, in the city's zone)."""

    chain_id: int
    department_id: int | None
    deadline: date
    required: int
    on_time: int


class RatingRow(NamedTuple):
    """A rated factor request: the day its submitter confirmed it, and the 1–5 rating."""

    chain_id: int
    department_id: int | None
    confirmed_on: date
    satisfaction: int


def _ratio(part: float, whole: float) -> float | None:
    return round(part / whole, 4) if whole else None


def _rounded(value: float | None, digits: int = 1) -> float | None:
    return None if value is None else round(value, digits)


def histogram_median(histogram: Mapping[int, int]) -> float | None:
    """The median of the values a histogram (value → count) holds; None when empty."""
    total = sum(histogram.values())
    if not total:
        return None
    wanted = {(total - 1) // 2, total // 2}  # the middle rank, or the two middle ranks
    found: list[int] = []
    seen = 0
    for value in sorted(histogram):
        count = histogram[value]
        found += [value for rank in wanted if seen <= rank < seen + count]
        seen += count
    return sum(found) / len(found)


class WorkdayRanks(dict[date, int]):
    """Each day's working-day rank from an anchor, filled as days are asked for, so that
    ``ranks[b] - ranks[a] == calendar.between(a, b)`` (between adds up: a→anchor→b) is two
    lookups — a month's handling times are a million of them. Tallies may share one."""

    def __init__(self, calendar: Workdays, anchor: date) -> None:
        super().__init__()
        self.calendar, self.anchor = calendar, anchor

    def __missing__(self, day: date) -> int:
        rank = self[day] = self.calendar.between(self.anchor, day)
        return rank


@dataclass(slots=True)
class Window:
    """The counts of one window, before they become figures."""

    first: date
    assigned: int = 0
    closed: int = 0
    due: int = 0
    # the due cohort by month end: open overdue, on time (not early), early, late
    outcomes: list[int] = field(default_factory=lambda: [0, 0, 0, 0])
    handling: Counter[int] = field(default_factory=Counter)  # working days → tasks
    urgings: int = 0
    extensions: int = 0
    returned: int = 0
    returned_tasks: int = 0
    reports_required: int = 0
    reports_on_time: int = 0
    rated: int = 0
    satisfied: int = 0

    COUNTS: ClassVar = ("assigned", "closed", "due", "urgings", "extensions", "returned",
                        "returned_tasks", "reports_required", "reports_on_time", "rated",
                        "satisfied")  # fmt: skip

    def merge(self, other: "Window") -> None:
        for name in self.COUNTS:
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.outcomes = [a + b for a, b in zip(self.outcomes, other.outcomes, strict=True)]
        self.handling.update(other.handling)

    def add_facts(self, facts: TaskFacts) -> None:
        """A due task's urgings, extension request and returns."""
        self.urgings += facts.urgings
        self.extensions += facts.extension_requested
        self.returned += facts.returns
        self.returned_tasks += facts.returns > 0

    def figures(self) -> Figures:
        signed_off = sum(self.handling.values())
        days = sum(n * count for n, count in self.handling.items())
        open_overdue, on_time_not_early, early, late = self.outcomes
        on_time = on_time_not_early + early
        return {
            "assigned": self.assigned,
            "closed": self.closed,
            "closure_rate": _ratio(self.closed, self.assigned),
            "due": self.due,
            "closed_on_time": on_time,
            "closed_early": early,
            "closed_late": late,
            "open_overdue": open_overdue,
            "on_time_rate": _ratio(on_time, self.due),
            "overdue_rate": _ratio(late + open_overdue, self.due),
            "signed_off": signed_off,
            "mean_handling_days": round(days / signed_off, 1) if signed_off else None,
            "median_handling_days": _rounded(histogram_median(self.handling)),
            "urgings": self.urgings,
            "urgings_per_task": _ratio(self.urgings, self.due),
            "extension_requests": self.extensions,
            "extension_rate": _ratio(self.extensions, self.due),
            "returned": self.returned,
            "returned_tasks": self.returned_tasks,
            "returned_rate": _ratio(self.returned_tasks, self.due),
            "reports_required": self.reports_required,
            "reports_on_time": self.reports_on_time,
            "reports_late": self.reports_required - self.reports_on_time,
            "feedback_on_time_rate": _ratio(self.reports_on_time, self.reports_required),
            "requests_rated": self.rated,
            "requests_satisfied": self.satisfied,
            "satisfaction_rate": _ratio(self.satisfied, self.rated),
        }


class SupervisionTally:
    """The figures of the module docstring for one scope, counted one row at a time.

    Tasks stream through it with their :class:`TaskFacts` (the rollup keeps one tally per
    (chain, department) pair and merges them, as it does :class:`mechanism.rollup.TaskTally`);
    reports, ratings and the month's notices are added to each scope's tally directly.
    """

    def __init__(
        self,
        month: date,
        calendar: Workdays,
        *,
        facts: Mapping[int, TaskFacts] | None = None,
        ranks: "WorkdayRanks | None" = None,
    ) -> None:
        self.end = month_end(month)
        self.calendar = calendar
        self.facts = facts or {}
        self.ranks = WorkdayRanks(calendar, self.end) if ranks is None else ranks
        self.month = Window(month.replace(day=1))
        self.year = Window(date(month.year, 1, 1))
        self.shapes = [0] * SHAPES
        self.top_rungs: Counter[int] = Counter()  # top rung → tasks signed off in the month
        self.supervised = 0
        self.notices: list[LadderNotice] = []

    def add(self, task: TaskRow, facts: TaskFacts | None = None) -> None:
        """One task (every task of the city may come through: most fall in no window), with
        its facts, or those the tally was given by task id. Written for speed: a million
        tasks a month go through it."""
        _, start, due, state, _, signed, _, blocks, task_id = task
        if state == CANCELLED:
            return
        if facts is None:
            facts = self.facts.get(task_id, NO_FACTS)
        end, year, month = self.end, self.year, self.month
        first, month_first = year.first, month.first
        signed_by_end = signed if signed is not None and signed <= end else None
        closed = signed_by_end is not None
        # The task's shape (see SHAPES): one count per task, the windows' counts at the end.
        started = (2 if start >= month_first else 1) if first <= start <= end else 0
        if blocks:  # few tasks were ever blocked: the others need no calendar
            lost = blocked_workdays(blocks, as_of=end, calendar=self.calendar)
            due = statistical_due(due, lost, self.calendar)
        if first <= due <= end:
            in_month = due >= month_first
            # open overdue, on time (not early), early, late: Window.outcomes' order
            if signed_by_end is None:
                outcome = 0
            elif signed_by_end <= due:
                outcome = 1 if signed_by_end == due else 2
            else:
                outcome = 3
            self.shapes[((started * 2 + closed) * 3 + 1 + in_month) * 4 + outcome] += 1
            if facts is not NO_FACTS:
                year.add_facts(facts)
                if in_month:
                    month.add_facts(facts)
        else:
            self.shapes[(started * 2 + closed) * 12] += 1
        if signed_by_end is not None and signed_by_end >= first:
            ranks = self.ranks
            days = ranks[signed_by_end] - ranks[start]  # calendar.between(start, signed)
            year.handling[days] += 1
            if signed_by_end >= month_first:
                month.handling[days] += 1
                self.top_rungs[facts.top_rung] += 1
        if facts.supervised:
            self.supervised += 1

    def add_report(self, report: ReportRow) -> None:
        for window in (self.year, self.month):
            if window.first <= report.deadline <= self.end:
                window.reports_required += report.required
                window.reports_on_time += report.on_time

    def add_rating(self, rating: RatingRow) -> None:
        for window in (self.year, self.month):
            if window.first <= rating.confirmed_on <= self.end:
                window.rated += 1
                window.satisfied += rating.satisfaction >= SATISFIED

    def add_notice(self, notice: LadderNotice) -> None:
        """A notice issued in the month (the service reads only those)."""
        self.notices.append(notice)

    def merge(self, other: "SupervisionTally") -> None:
        """Add another tally of the same month (a pair's counts into its chain's, say)."""
        self.month.merge(other.month)
        self.year.merge(other.year)
        self.shapes = [a + b for a, b in zip(self.shapes, other.shapes, strict=True)]
        self.top_rungs.update(other.top_rungs)
        self.supervised += other.supervised
        self.notices.extend(other.notices)

    def figures(self, *, kinds: Mapping[int, str] | None = None) -> Figures:
        """The ``supervision`` key; with ``kinds`` (level → notice kind: the ladder's rungs),
        also its ``ladder``: a table row for each of those levels and any other level a
        notice or a top rung has."""
        year, month = self._windows()
        result: Figures = {"month": month.figures(), "year_to_date": year.figures()}
        if kinds is not None:
            result["ladder"] = self.ladder(kinds)
        return result

    def _windows(self) -> tuple[Window, Window]:
        """The year's and the month's windows with the counts their tasks' shapes give."""
        year, month = replace(self.year), replace(self.month)
        year.outcomes, month.outcomes = list(year.outcomes), list(month.outcomes)
        for shape, count in enumerate(self.shapes):
            if not count:
                continue
            rest, outcome = divmod(shape, 4)
            rest, due = divmod(rest, 3)
            started, closed = divmod(rest, 2)
            for window, level in ((year, 1), (month, 2)):
                if started >= level:
                    window.assigned += count
                    window.closed += count * closed
                if due >= level:
                    window.due += count
                    window.outcomes[outcome] += count
        return year, month

    def ladder(self, kinds: Mapping[int, str]) -> Figures:
        """The ladder figures of the module docstring (:mod:`mechanism.supervision_ladder`)."""
        return ladder_figures(self.notices, self.top_rungs, self.supervised, kinds, self.calendar)


def supervision_figures(
    *,
    month: date,
    calendar: Workdays,
    tasks: Iterable[tuple[TaskRow, TaskFacts]] = (),
    reports: Iterable[ReportRow] = (),
    ratings: Iterable[RatingRow] = (),
    notices: Iterable[LadderNotice] | None = None,
    kinds: Mapping[int, str] | None = None,
) -> Figures:
    """The ``supervision`` key for rows at hand (one scope's); the ladder when ``notices``
    are given (``kinds`` defaults to the rungs of the default ladder)."""
    tally = SupervisionTally(month, calendar)
    for task, facts in tasks:
        tally.add(task, facts)
    for report in reports:
        tally.add_report(report)
    for rating in ratings:
        tally.add_rating(rating)
    if notices is None:
        return tally.figures()
    for notice in notices:
        tally.add_notice(notice)
    return tally.figures(kinds=RUNGS if kinds is None else kinds)
