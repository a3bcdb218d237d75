"""Factor-supply requests (要素保障诉求): their service levels, light and ladder (the moves:
``mechanism.request_lifecycle``).

submitted → accepted → in progress → resolved, or rejected with a reason → confirmed by the
requester, or reopened if unsatisfied (as Jiangmen does: a firm that is not satisfied sends the
request back). The handling department, chosen by factor type, owes three service levels in
working days: acknowledge (受理), plan (提出解决方案) and close (办结).

When each deadline counts from (the choice is ours; no Shandong rule was found):

- acknowledge: from the day the request was submitted;
- plan: from the day it was accepted (a department is not charged for planning before it has
  the request; a late acceptance is already charged to the acknowledge level);
- close: from the day it was submitted, or last reopened. The enterprise was promised an answer
  within ``close`` working days of asking: a slow acknowledgement does not buy more time.

A missed level climbs a ladder of its own (handling department → the chain's working group →
the chain leader), one rung per working day at most, like ``mechanism.ladder``. A request that
blocks tasks or projects stops their clocks, so it is at least yellow while it does.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from mechanism.ladder import RecipientRole
from mechanism.periods import period_end
from mechanism.request_lifecycle import ANSWERED
from mechanism.vocabulary import OPEN_REQUEST_STATES, FactorType, Light, RequestState
from mechanism.wording import zh as chinese
from mechanism.workdays import Workdays

_S = RequestState

# --- service levels and the rules they come with --------------------------------------------


class RequestStage(StrEnum):
    """The service level a request is being held to (the notices' ``stage``)."""

    ACKNOWLEDGE = "acknowledge"
    PLAN = "plan"
    CLOSE = "close"

    @property
    def noun(self) -> str:
        return {"acknowledge": "acknowledgement", "plan": "plan", "close": "closure"}[self.value]

    @property
    def noun_zh(self) -> str:
        return {"acknowledge": "受理", "plan": "出具方案", "close": "办结"}[self.value]


_STAGES = {
    _S.SUBMITTED: RequestStage.ACKNOWLEDGE,
    _S.ACCEPTED: RequestStage.PLAN,
    _S.IN_PROGRESS: RequestStage.CLOSE,
    _S.REOPENED: RequestStage.CLOSE,
}


def stage_of(state: RequestState) -> RequestStage | None:
    """The service level an open request is held to; None once it is answered."""
    return _STAGES.get(state)


@dataclass(frozen=True)
class ServiceLevels:
    """Working days to acknowledge, to give a plan (after acceptance) and to close."""

    acknowledge: int
    plan: int
    close: int

    def __post_init__(self) -> None:
        if min(self.acknowledge, self.plan, self.close) < 1:
            raise ValueError("service levels must be at least 1 working day")
        if self.close < self.acknowledge + self.plan:
            raise ValueError(
                f"close ({self.close}) must leave time to acknowledge and plan "
                f"({self.acknowledge} + {self.plan})"
            )


@dataclass(frozen=True)
class RequestRung:
    """A rung fires ``after_days`` working days after the stage deadline (0: on the day)."""

    level: int
    after_days: int
    recipients: tuple[RecipientRole, ...]


DEFAULT_REQUEST_LADDER = (
    RequestRung(0, 0, (RecipientRole.LEAD_DEPARTMENT,)),
    RequestRung(1, 2, (RecipientRole.WORKING_GROUP,)),
    RequestRung(2, 5, (RecipientRole.CHAIN_LEADER,)),
)
"""On the deadline the handling department is told; 2 working days late the chain's working
group; 5 working days late the chain leader."""

LADDER_ROLES = frozenset(RecipientRole) - {RecipientRole.OWNER, RecipientRole.ENTERPRISE}
"""Who a request's rung may go to: a request has no owner person, and the enterprise is the
one waiting, not the one to urge."""


@dataclass(frozen=True)
class FactorRules:
    """Routing (factor type → handling department code), service levels and the ladder."""

    routing: Mapping[FactorType, str]
    levels: Mapping[FactorType, ServiceLevels]
    ladder: tuple[RequestRung, ...] = DEFAULT_REQUEST_LADDER
    yellow_within_days: int = 1

    def __post_init__(self) -> None:
        for name, table in (("routing", self.routing), ("service levels", self.levels)):
            missing = [t.value for t in FactorType if t not in table]
            if missing:
                raise ValueError(f"{name}: no entry for {', '.join(missing)}")
        if not self.ladder:
            raise ValueError("the ladder needs at least one rung")
        if [r.level for r in self.ladder] != list(range(len(self.ladder))):
            raise ValueError("rung levels must be 0, 1, 2, … in order")
        days = [r.after_days for r in self.ladder]
        if days != sorted(days) or days[0] < 0:
            raise ValueError("rungs fire on or after the deadline, each no earlier than the last")
        for rung in self.ladder:
            if not rung.recipients or not set(rung.recipients) <= LADDER_ROLES:
                known = ", ".join(sorted(r.value for r in LADDER_ROLES))
                raise ValueError(f"rung {rung.level}: recipients must be some of {known}")
        if self.yellow_within_days < 0:
            raise ValueError("yellow_within_days must not be negative")


def stage_deadline(
    state: RequestState,
    *,
    submitted_on: date,
    accepted_on: date | None,
    reopened_on: date | None,
    levels: ServiceLevels,
    calendar: Workdays,
) -> date | None:
    """The deadline of the stage a request in ``state`` is in (None once it is answered).

    Each stage is a period from the day it began (counted from the day after, 民法典 §201);
    its deadline is the period's last day. A request imported as accepted has no acceptance
    day: its plan counts from submission.
    """
    stage = stage_of(state)
    if stage == RequestStage.ACKNOWLEDGE:
        return period_end(submitted_on, levels.acknowledge, calendar)
    if stage == RequestStage.PLAN:
        return period_end(accepted_on or submitted_on, levels.plan, calendar)
    if stage == RequestStage.CLOSE:
        return period_end(reopened_on or submitted_on, levels.close, calendar)
    return None


# --- the light --------------------------------------------------------------------------------

WITHIN_LEVEL = "within_level"
DUE_SOON = "due_soon"
OVERDUE = "overdue"
BLOCKS_WORK = "blocks_work"
AWAITING_REQUESTER = "awaiting_requester"
CLOSED = "closed"


def request_light(
    state: RequestState,
    stage_due: date | None,
    *,
    today: date,
    calendar: Workdays,
    blocking: bool = False,
    yellow_within_days: int = 1,
) -> tuple[Light, tuple[str, ...]]:
    """The light and the reason codes for it.

    Red when the stage deadline has passed; yellow when it is within ``yellow_within_days``
    working days, or when the request blocks tasks or projects (their clocks wait on it);
    green otherwise. Answered requests are green: they wait on the requester, not on a unit.
    """
    if state in ANSWERED:
        return Light.GREEN, (AWAITING_REQUESTER,)
    if state not in OPEN_REQUEST_STATES:
        return Light.GREEN, (CLOSED,)
    if stage_due is None:
        raise ValueError(f"an open request ({state.value}) needs its stage deadline")
    if today > stage_due:
        light, reasons = Light.RED, [OVERDUE]
    elif calendar.between(today, stage_due) <= yellow_within_days:
        light, reasons = Light.YELLOW, [DUE_SOON]
    else:
        light, reasons = Light.GREEN, [WITHIN_LEVEL]
    if blocking:
        reasons.append(BLOCKS_WORK)
        light = Light.RED if light == Light.RED else Light.YELLOW
    return light, tuple(reasons)


def explain(
    reasons: Iterable[str],
    *,
    stage: RequestStage | None,
    stage_due: date | None,
    today: date,
    calendar: Workdays,
    blocks: Iterable[str] = (),
    locale: str = "en",
) -> str:
    """The reason codes as one sentence for people, in English or Chinese."""
    zh = locale != "en"
    parts = []
    for code in reasons:
        if code in (WITHIN_LEVEL, DUE_SOON) and stage and stage_due:
            left = calendar.between(today, stage_due)
            if zh:
                when = "今日到期" if stage_due == today else f"剩余{left}个工作日"
                parts.append(f"{stage.noun_zh}时限{stage_due:%Y年%-m月%-d日}（{when}）")
            else:
                when = "today" if stage_due == today else f"{left} working day(s) left"
                parts.append(f"{stage.noun} due {stage_due} ({when})")
        elif code == OVERDUE and stage and stage_due:
            late = calendar.between(stage_due, today)
            parts.append(
                f"{stage.noun_zh}超时{late}个工作日（时限{stage_due:%Y年%-m月%-d日}）"
                if zh
                else f"{stage.noun} overdue since {stage_due} ({late} working day(s))"
            )
        elif code == BLOCKS_WORK:
            listed = "、".join(map(chinese, blocks)) if zh else ", ".join(blocks)
            parts.append(f"阻塞{listed or '其他工作'}" if zh else "blocks " + (listed or "work"))
        elif code == AWAITING_REQUESTER:
            parts.append(
                "已答复，待企业确认或重新提出"
                if zh
                else "answered; waiting for the requester to confirm or reopen"
            )
        elif code == CLOSED:
            parts.append("企业已确认办结" if zh else "confirmed by the requester")
    return ("；" if zh else "; ").join(parts)


# --- the ladder -------------------------------------------------------------------------------


@dataclass(frozen=True)
class RequestClock:
    """A request as its check sees it."""

    state: RequestState
    stage_due: date | None
    level: int  # highest rung sent for the current stage deadline; -1 for none
    blocking: bool = False


@dataclass(frozen=True)
class RequestEscalation:
    level: int
    stage: RequestStage
    recipients: tuple[RecipientRole, ...]
    reason: str


@dataclass(frozen=True)
class RequestDecision:
    light: Light
    reasons: tuple[str, ...]
    escalation: RequestEscalation | None
    next_look: date | None  # always after today; None while only a person can move it


def decide_request(
    clock: RequestClock, *, today: date, rules: FactorRules, calendar: Workdays
) -> RequestDecision:
    """What the check should do about a request on ``today``: its light, the rung to send (at
    most one a day), and the next day to look (when the light changes or a rung falls due)."""
    light, reasons = request_light(
        clock.state,
        clock.stage_due,
        today=today,
        calendar=calendar,
        blocking=clock.blocking,
        yellow_within_days=rules.yellow_within_days,
    )
    stage, due = stage_of(clock.state), clock.stage_due
    if stage is None or due is None:
        return RequestDecision(light, reasons, None, None)
    looks = [calendar.add(due, -rules.yellow_within_days), due + timedelta(days=1)]
    escalation = None
    above = rules.ladder[clock.level + 1 :]
    if above:
        rung = above[0]
        fires = calendar.add(due, rung.after_days)
        if today >= fires:
            escalation = RequestEscalation(
                rung.level, stage, rung.recipients, _reason(stage, due, today, calendar)
            )
            if len(above) > 1:
                tomorrow = calendar.add(today, 1)
                looks.append(max(calendar.add(due, above[1].after_days), tomorrow))
        else:
            looks.append(fires)
    upcoming = [day for day in looks if day > today]
    return RequestDecision(light, reasons, escalation, min(upcoming) if upcoming else None)


def _reason(stage: RequestStage, due: date, today: date, calendar: Workdays) -> str:
    if today <= due:
        return f"{stage.noun} due {due}, {calendar.between(today, due)} working day(s) left"
    return f"{stage.noun} overdue since {due} ({calendar.between(due, today)} working day(s))"


# --- codes ----------------------------------------------------------------------------------


def next_request_code(existing: Iterable[str], year: int) -> str:
    """The next code of ``year``: YS2026-001, YS2026-002, … (codes of other forms are ignored)."""
    prefix = f"YS{year}-"
    numbers = [
        int(code[len(prefix) :])
        for code in existing
        if code.startswith(prefix) and code[len(prefix) :].isdigit()
    ]
    return f"{prefix}{max(numbers, default=0) + 1:03d}"
