"""Traffic lights (红黄绿灯) for key projects, and the monthly report deadline (月调度).

The rules are Yinchuan's, which Shandong cities use in the same shape (domain research §4),
with the thresholds as configuration:

- **start** (开工): the planned start month has passed and the project has not started —
  yellow once the month is missed by ``start_yellow_months``, red at ``start_red_months``;
- **investment** (投资完成率 against 序时进度): the cumulative investment of the year trails
  the share of the year elapsed — yellow at ``investment_yellow_points`` to
  ``investment_red_points`` percentage points behind, red beyond;
- **statistics entry** (纳统入库): started, but not entered into the statistics — yellow after
  ``statistics_yellow_months`` whole months, red after ``statistics_red_months``;
- **reporting** (月报): a monthly report that was due and is missing makes a project yellow,
  and the missing months count as nothing invested, so silence never looks better than a
  report of slow progress.

A light is the worst of these; every rule that made it yellow or red leaves a reason, a short
stable code with its number (``start_late:2``, ``investment_behind:23.5``), which
:func:`describe_reasons` turns into a sentence. A project in production or dropped from the
list is green with no reasons: there is nothing left to push.
"""

import calendar as gregorian
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from mechanism.vocabulary import Light, MilestoneKind, ProjectState
from mechanism.workdays import Workdays

_ORDER = {Light.GREEN: 0, Light.YELLOW: 1, Light.RED: 2}


@dataclass(frozen=True)
class ProjectRules:
    """Thresholds of the project lights and the report deadline; configuration, not code.

    Months are calendar months, points are percentage points, days are working days.
    ``report_deadline_working_day`` N: the report on a month is due by the Nth working day of
    the month after it. ``reminder_every_working_days``: while a report stays missing, the
    urging is repeated this often (0: once per month only).
    """

    start_yellow_months: int = 1
    start_red_months: int = 3
    investment_yellow_points: float = 10
    investment_red_points: float = 30
    statistics_yellow_months: int = 1
    statistics_red_months: int = 2
    report_deadline_working_day: int = 5
    reminder_every_working_days: int = 5

    def __post_init__(self) -> None:
        if not 1 <= self.start_yellow_months <= self.start_red_months:
            raise ValueError("need 1 <= start_yellow_months <= start_red_months")
        if not 0 < self.investment_yellow_points <= self.investment_red_points <= 100:
            raise ValueError("need 0 < investment_yellow_points <= investment_red_points <= 100")
        if not 1 <= self.statistics_yellow_months <= self.statistics_red_months:
            raise ValueError("need 1 <= statistics_yellow_months <= statistics_red_months")
        # Every month has at least ten working days, even February with the Spring Festival.
        if not 1 <= self.report_deadline_working_day <= 10:
            raise ValueError("report_deadline_working_day must be 1–10")
        if self.reminder_every_working_days < 0:
            raise ValueError("reminder_every_working_days must not be negative")


@dataclass(frozen=True)
class ProjectFacts:
    """What a project's light depends on: its ledger row, milestones and latest report.

    ``investment_completed`` is the cumulative investment of ``year`` through
    ``last_report_month`` (the first day of the latest month reported), in 万元.
    ``blocked_since``: the day the project began waiting on a factor request, if it does.
    """

    year: int
    year_planned_investment: float
    state: ProjectState = ProjectState.ACTIVE
    planned: Mapping[MilestoneKind, date] = field(default_factory=dict)
    actual: Mapping[MilestoneKind, date] = field(default_factory=dict)
    last_report_month: date | None = None
    investment_completed: float | None = None
    blocked_since: date | None = None


@dataclass(frozen=True)
class Assessment:
    """A project's light with the figures behind it, as lists and notices show them.

    ``as_of_month`` is the month the investment is judged at (None: nothing due yet);
    ``timing_progress`` and ``investment_rate`` are fractions at the end of that month.
    """

    light: Light
    reasons: tuple[str, ...]
    as_of_month: date | None
    timing_progress: float | None
    investment_rate: float | None
    months_missing: int


def month_of(day: date) -> date:
    """The first day of ``day``'s month: how months are written in the ledger."""
    return day.replace(day=1)


def add_months(month: date, n: int) -> date:
    """The first day of the month ``n`` months after ``month``'s (before, when negative)."""
    index = month.year * 12 + month.month - 1 + n
    return date(index // 12, index % 12 + 1, 1)


def months_between(earlier: date, later: date) -> int:
    """Calendar months from ``earlier``'s month to ``later``'s: 2026-03-31 → 2026-04-01 is 1."""
    return (later.year - earlier.year) * 12 + later.month - earlier.month


def whole_months(start: date, today: date) -> int:
    """Whole months from ``start`` to ``today``, as a person counts them: from 07-22 one month
    has passed on 08-22, not on 08-21. A month after 01-31 is the last day of February."""
    months = months_between(start, today)
    last_day = gregorian.monthrange(today.year, today.month)[1]
    if today.day < min(start.day, last_day):
        months -= 1
    return max(0, months)


def timing_progress(year: int, today: date) -> float:
    """序时进度: the share of ``year`` elapsed by the end of ``today``, 0..1.

    Counted in days, not months: months are 28 to 31 days long and a report may be judged on
    any day, so days give the same answer for the same time passed. At a month's end this is
    within about half a point of the bulletin's months/12 (end of October: 304/365 = 83.3%,
    against 10/12 = 83.3%; end of February: 16.2% against 16.7%).
    """
    first, last = date(year, 1, 1), date(year, 12, 31)
    if today < first:
        return 0.0
    if today >= last:
        return 1.0
    return ((today - first).days + 1) / ((last - first).days + 1)


def report_due(month: date, rules: ProjectRules, calendar: Workdays) -> date:
    """The deadline of the report on ``month``: the Nth working day of the following month.

    "No monthly report by the Nth working day of the month" is read as offices read 月调度:
    in each month, the report on the month before is due by its Nth working day (with N = 5,
    October's report is due on the fifth working day of November). The report is missing
    from that day on if it has not come in by the time the daily check runs, the way an
    urging slip (催办单) goes out on a task's due date itself.
    """
    last_day = add_months(month_of(month), 1) - timedelta(days=1)
    return calendar.add(last_day, rules.report_deadline_working_day)


def latest_due_month(today: date, rules: ProjectRules, calendar: Workdays) -> date:
    """The latest month whose report is due on or before ``today``."""
    previous = add_months(month_of(today), -1)
    if report_due(previous, rules, calendar) <= today:
        return previous
    return add_months(previous, -1)


def months_missing(
    facts: ProjectFacts, today: date, rules: ProjectRules, calendar: Workdays
) -> int:
    """Months of the project's year whose report is due and that no report covers yet.

    Counted after the latest report (a report runs the cumulative figure through its month);
    with no report at all, from January. The ledger is yearly: months after December are not
    the project's.
    """
    due = min(latest_due_month(today, rules, calendar), date(facts.year, 12, 1))
    first = date(facts.year, 1, 1)
    if facts.last_report_month is not None:
        first = max(first, add_months(month_of(facts.last_report_month), 1))
    return max(0, months_between(first, due) + 1)


def assess(
    facts: ProjectFacts, *, today: date, rules: ProjectRules, calendar: Workdays
) -> Assessment:
    """The light on ``today``, every reason for it, and the figures behind it."""
    if _finished(facts):
        return Assessment(Light.GREEN, (), None, None, None, 0)
    findings: list[tuple[Light, str]] = []
    start = _start_finding(facts, today, rules)
    if start:
        findings.append(start)
    as_of, timing, rate, investment = _investment(facts, today, rules, calendar)
    if investment:
        findings.append(investment)
    statistics = _statistics_finding(facts, today, rules)
    if statistics:
        findings.append(statistics)
    missing = months_missing(facts, today, rules, calendar)
    if missing > 0:
        findings.append((Light.YELLOW, f"report_missing:{missing}"))
    light = max((f[0] for f in findings), key=_ORDER.__getitem__, default=Light.GREEN)
    return Assessment(light, tuple(f[1] for f in findings), as_of, timing, rate, missing)


def project_light(
    facts: ProjectFacts, *, today: date, rules: ProjectRules, calendar: Workdays
) -> tuple[Light, tuple[str, ...]]:
    """The worst light of the project on ``today`` and every reason that contributed."""
    found = assess(facts, today=today, rules=rules, calendar=calendar)
    return found.light, found.reasons


@dataclass(frozen=True)
class StaleReport:
    """An urging (催报) due today: the latest month whose report is missing, how many months
    are missing, that month's deadline, and which round of reminders this is (0 on the
    deadline itself)."""

    month: date
    months_missing: int
    deadline: date
    round: int


def stale_report(
    facts: ProjectFacts, *, today: date, rules: ProjectRules, calendar: Workdays
) -> StaleReport | None:
    """Whether to urge the project's report today, and about which month.

    From the deadline on, while a month's report is missing: round 0 on the deadline day,
    round k once ``k × reminder_every_working_days`` working days have passed (weekly with
    the defaults; a check that misses a day still sends the round on its next run, and a
    round is sent once, so the round goes into the notice's key). Only the months of the
    project's ledger year are urged: December's report until January's falls due.
    """
    if _finished(facts):
        return None
    month = latest_due_month(today, rules, calendar)
    if month.year != facts.year:
        return None
    missing = months_missing(facts, today, rules, calendar)
    if missing == 0:
        return None
    deadline = report_due(month, rules, calendar)
    every = rules.reminder_every_working_days
    rounds = calendar.between(deadline, today) // every if every else 0
    return StaleReport(month, missing, deadline, rounds)


def _finished(facts: ProjectFacts) -> bool:
    return facts.state != ProjectState.ACTIVE or MilestoneKind.PRODUCTION in facts.actual


def _start_finding(
    facts: ProjectFacts, today: date, rules: ProjectRules
) -> tuple[Light, str] | None:
    """Not started, the planned start month past: 1 month late once the next month begins
    (planned 2026-03-xx: yellow from 2026-04-01, red from 2026-06-01 with the defaults).

    A project waiting on a factor request keeps its clock still for a start planned on or
    after the day it began waiting: the delay is the request's, and when the request is
    answered the planned date moves by the working days lost (services.requests.blocking). A start
    that was late already when the wait began stays late.
    """
    planned = facts.planned.get(MilestoneKind.CONSTRUCTION_START)
    if planned is None or MilestoneKind.CONSTRUCTION_START in facts.actual:
        return None
    if facts.blocked_since is not None and planned >= facts.blocked_since:
        return None
    late = months_between(planned, today)
    if late >= rules.start_red_months:
        return Light.RED, f"start_late:{late}"
    if late >= rules.start_yellow_months:
        return Light.YELLOW, f"start_late:{late}"
    return None


def _investment(
    facts: ProjectFacts, today: date, rules: ProjectRules, calendar: Workdays
) -> tuple[date | None, float | None, float | None, tuple[Light, str] | None]:
    """Investment against timing progress, judged at the end of the latest month that is
    either reported or due: the cumulative figure runs through its month, so comparing an
    October figure with late November would count a month of the calendar against the firm.
    A month that is due and unreported counts as nothing invested.

    lag = timing × 100 − completed / planned × 100, rounded to one decimal as bulletins print
    it, and the edges are on that figure: lag < yellow → green; yellow <= lag <= red → yellow
    (10.0 and 30.0 are yellow with the defaults); lag > red → red (30.1).
    """
    due = latest_due_month(today, rules, calendar)
    reported = facts.last_report_month
    as_of = max(due, month_of(reported)) if reported is not None else due
    as_of = min(as_of, date(facts.year, 12, 1))
    if as_of.year < facts.year or facts.year_planned_investment <= 0:
        return None, None, None, None
    timing = timing_progress(facts.year, add_months(as_of, 1) - timedelta(days=1))
    rate = (facts.investment_completed or 0.0) / facts.year_planned_investment
    lag = round(timing * 100 - rate * 100, 1)
    finding: tuple[Light, str] | None = None
    if lag > rules.investment_red_points:
        finding = Light.RED, f"investment_behind:{lag:.1f}"
    elif lag >= rules.investment_yellow_points:
        finding = Light.YELLOW, f"investment_behind:{lag:.1f}"
    return as_of, timing, rate, finding


def _statistics_finding(
    facts: ProjectFacts, today: date, rules: ProjectRules
) -> tuple[Light, str] | None:
    """Started but not entered into the statistics (纳统): whole months since the actual
    start (started 07-22: yellow from 08-22, red from 09-22 with the defaults)."""
    started = facts.actual.get(MilestoneKind.CONSTRUCTION_START)
    if started is None or MilestoneKind.STATISTICS_ENTRY in facts.actual:
        return None
    months = whole_months(started, today)
    if months >= rules.statistics_red_months:
        return Light.RED, f"statistics_late:{months}"
    if months >= rules.statistics_yellow_months:
        return Light.YELLOW, f"statistics_late:{months}"
    return None


_SENTENCES: dict[str, tuple[str, str]] = {
    "start_late": (
        "计划开工月份已过{n}个月未开工",
        "not started {n} month(s) after the planned start month",
    ),
    "investment_behind": (
        "投资完成率落后序时进度{n}个百分点",
        "investment {n} points behind timing progress",
    ),
    "statistics_late": (
        "开工后{n}个月未纳统入库",
        "not entered into the statistics {n} month(s) after the start",
    ),
    "report_missing": ("已{n}个月未报送月度进展", "monthly report missing for {n} month(s)"),
}
_ON_TRACK = ("正常推进", "on track")


def describe_reasons(reasons: Sequence[str], locale: str) -> str:
    """The reasons as one sentence in ``locale`` (zh-CN or en); on track when there are none.

    An unknown code is shown as it is: a list must never fail on a reason it cannot word.
    """
    column = 0 if locale.lower().startswith("zh") else 1
    if not reasons:
        return _ON_TRACK[column]
    parts = []
    for reason in reasons:
        code, _, number = reason.partition(":")
        sentence = _SENTENCES.get(code)
        parts.append(sentence[column].format(n=number) if sentence else reason)
    return ("；" if column == 0 else "; ").join(parts)
