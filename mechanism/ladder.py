"""The escalation ladder (提醒 → 催办 → 协调 → 督办), as data, and the sweep's decision for a task.

Each rung fires a number of working days from the due date (negative: before it) and goes to
recipients named by role. A task climbs one rung per working day at most, so a task found long
overdue is urged before it is supervised, never all four at once. An acknowledged notice holds
the ladder for ``hold_days`` working days, a period counted from the day after the
acknowledgement (``mechanism.periods``); reported progress renews the hold from the day of the
report. The rungs' own days are offsets from the due date, not periods.
"""

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from mechanism.lights import LightRules, TaskTiming, next_light_change, task_light
from mechanism.periods import after_period, period_end, within_period
from mechanism.vocabulary import Light, NoticeKind, TaskState
from mechanism.workdays import Workdays


class RecipientRole(StrEnum):
    OWNER = "owner"
    LEAD_DEPARTMENT = "lead_department"
    WORKING_GROUP = "working_group"
    CHAIN_LEADER = "chain_leader"
    CHIEF_CHAIN_LEADER = "chief_chain_leader"
    OFFICE = "office"
    ENTERPRISE = "enterprise"  # the enterprise's contact (its own projects and requests)
    CO_DEPARTMENT = "co_department"  # a task's co-handling unit (协办单位): told of hand-overs


@dataclass(frozen=True)
class Rung:
    level: int
    kind: NoticeKind
    days_from_due: int
    recipients: tuple[RecipientRole, ...]


@dataclass(frozen=True)
class Ladder:
    rungs: tuple[Rung, ...]
    # An acknowledgement holds the ladder on the next this many working days (a period).
    hold_days: int = 3
    # A supervision notice (督办通知单) asks the chain leader for written feedback (书面反馈)
    # within this many working days of its issue, counted from the day after (民法典 §201).
    feedback_days: int = 3

    def __post_init__(self) -> None:
        if not self.rungs:
            raise ValueError("a ladder needs at least one rung")
        if [r.level for r in self.rungs] != list(range(len(self.rungs))):
            raise ValueError("rung levels must be 0, 1, 2, … in order")
        days = [r.days_from_due for r in self.rungs]
        if days != sorted(days):
            raise ValueError("each rung must fire no earlier than the one below it")
        if any(not r.recipients for r in self.rungs):
            raise ValueError("every rung needs at least one recipient role")
        if self.hold_days < 1:
            raise ValueError("an acknowledgement must hold the ladder at least one working day")
        if self.feedback_days < 1:
            raise ValueError("written feedback needs at least one working day")


DEFAULT_LADDER = Ladder(
    rungs=(
        Rung(0, NoticeKind.REMINDER, -3, (RecipientRole.OWNER,)),
        Rung(1, NoticeKind.URGING_SLIP, 0, (RecipientRole.OWNER, RecipientRole.LEAD_DEPARTMENT)),
        Rung(2, NoticeKind.COORDINATION, 3, (RecipientRole.WORKING_GROUP,)),
        Rung(3, NoticeKind.SUPERVISION, 8, (RecipientRole.CHAIN_LEADER,)),
    ),
    hold_days=3,
)
"""Reminder 3 working days before due; urging slip on the due date to the owner and lead
department; coordination notice to the working group 3 working days later; supervision notice
to the chain leader 5 working days after that."""


@dataclass(frozen=True)
class LadderState:
    """A task as the ladder sees it."""

    timing: TaskTiming
    level: int  # highest rung already sent for the current due date; -1 for none
    hold_until: date | None = None  # the last day an acknowledgement holds the ladder (included)


@dataclass(frozen=True)
class Escalation:
    level: int
    kind: NoticeKind
    recipients: tuple[RecipientRole, ...]
    reason: str
    feedback_due: date | None = None  # a supervision notice's deadline for written feedback


@dataclass(frozen=True)
class Decision:
    light: Light
    escalation: Escalation | None
    next_look: date | None  # the day the sweep must look again; None while nothing can happen


def _next_rung(
    ladder: Ladder, level: int, *, today: date, due: date, calendar: Workdays
) -> Rung | None:
    """The rung to climb next. A rung before the due date (a reminder) is skipped once the
    rung above it is already due: reminding someone of a deadline that has come is noise."""
    above = ladder.rungs[level + 1 :]
    for index, rung in enumerate(above):
        following = above[index + 1] if index + 1 < len(above) else None
        if (
            rung.days_from_due < 0
            and following is not None
            and calendar.add(due, following.days_from_due) <= today
        ):
            continue
        return rung
    return None


def decide(
    task: LadderState, *, today: date, ladder: Ladder, calendar: Workdays, rules: LightRules
) -> Decision:
    """What the sweep should do about ``task`` on ``today``: its light, the rung to send (if
    any), and the next day to look again (always after ``today``, so a sweep terminates)."""
    timing = task.timing
    light = task_light(timing, today=today, calendar=calendar, rules=rules)
    if timing.state not in (TaskState.ASSIGNED, TaskState.ACCEPTED, TaskState.IN_PROGRESS):
        return Decision(light, None, None)  # closed, submitted or blocked: the ladder rests
    looks = [next_light_change(timing, today=today, calendar=calendar, rules=rules)]
    due = timing.due_date
    escalation = None
    if task.hold_until is not None and within_period(today, task.hold_until):
        looks.append(after_period(task.hold_until, calendar))
    else:
        rung = _next_rung(ladder, task.level, today=today, due=due, calendar=calendar)
        if rung is not None:
            fires = calendar.add(due, rung.days_from_due)
            if today >= fires:
                escalation = Escalation(
                    rung.level,
                    rung.kind,
                    rung.recipients,
                    _reason(rung, timing, today, calendar),
                    feedback_due(rung, today=today, ladder=ladder, calendar=calendar),
                )
                tomorrow = calendar.add(today, 1)
                following = _next_rung(
                    ladder, rung.level, today=tomorrow, due=due, calendar=calendar
                )
                if following is not None:
                    at = calendar.add(due, following.days_from_due)
                    looks.append(max(at, tomorrow))
            else:
                looks.append(fires)
    upcoming = [day for day in looks if day is not None and day > today]
    return Decision(light, escalation, min(upcoming) if upcoming else None)


def _reason(rung: Rung, timing: TaskTiming, today: date, calendar: Workdays) -> str:
    if today <= timing.due_date:
        left = calendar.between(today, timing.due_date)
        return f"due {timing.due_date}, {left} working day(s) left, progress {timing.progress}%"
    late = calendar.between(timing.due_date, today)
    return f"overdue since {timing.due_date} ({late} working day(s)), progress {timing.progress}%"


def feedback_due(rung: Rung, *, today: date, ladder: Ladder, calendar: Workdays) -> date | None:
    """By when a notice issued ``today`` on ``rung`` wants written feedback: a supervision
    notice the last day of a period of ``feedback_days`` working days from its issue (its
    deadline, and its .ics date, since the task's own due date is long past by then); other
    rungs ask for none."""
    if rung.kind is not NoticeKind.SUPERVISION:
        return None
    return period_end(today, ladder.feedback_days, calendar)


def hold_until(*, today: date, ladder: Ladder, calendar: Workdays) -> date:
    """The last day an acknowledgement on ``today`` (or progress reported under one) holds the
    ladder: ``hold_days`` working days counted from the day after, so the held rung fires on
    the working day after that at the earliest."""
    return period_end(today, ladder.hold_days, calendar)


@dataclass(frozen=True)
class LadderConfig:
    """The city's default ladder and the chains that override it."""

    default: Ladder = DEFAULT_LADDER
    per_chain: tuple[tuple[str, Ladder], ...] = ()

    def for_chain(self, chain_code: str) -> Ladder:
        return dict(self.per_chain).get(chain_code, self.default)
