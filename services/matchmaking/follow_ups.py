"""Follow-up tasks of an intention (事后跟踪服务): when a match reaches an intention, a task at
+30 and at +90 working days (configurable), counted from the day after (民法典 §201,
``mechanism.periods``), for the event's host department — or, for a match made outside an
event, the chain's lead department — owned by ``services.people.department_owner``.

Made through ``assign_task`` as the system, so the ladder urges them like every task, and made
once: ``MatchFollowUp`` keeps one row per match and number of days, so a second call (a retried
move, a replayed demo) finds it and makes nothing.
"""

from dataclasses import dataclass
from datetime import date, datetime

from sqlmodel import Session, select

from mechanism.matchmaking import HeldRules
from mechanism.periods import period_end
from mechanism.vocabulary import TaskSource
from mechanism.wording import Said
from models import (
    CapabilityItem,
    Chain,
    DemandItem,
    Department,
    Enterprise,
    Match,
    MatchFollowUp,
    MatchmakingEvent,
    Task,
)
from services.config import EngineRules
from services.people import SYSTEM, department_owner, lead_department_of
from services.tasks import assign_task

_TITLE_ROOM = 60  # of the task title's 200 characters, what the demand and supplier may take


@dataclass(frozen=True)
class FollowUps:
    """The tasks made now (none when they were made before), and why none could be made."""

    tasks: tuple[Task, ...] = ()
    missing: Said | None = None


def make_follow_ups(
    *,
    session: Session,
    match: Match,
    day: date,
    now: datetime,
    rules: EngineRules,
    held: HeldRules,
) -> FollowUps:
    """The follow-up tasks of ``match``'s intention reached on ``day`` that are not made yet."""
    demand = session.get(DemandItem, match.demand_id)
    capability = session.get(CapabilityItem, match.capability_id)
    assert demand is not None and capability is not None
    chain = session.get(Chain, demand.chain_id)
    assert chain is not None
    event = session.get(MatchmakingEvent, match.event_id) if match.event_id else None
    department = (
        session.get(Department, event.host_department_id)
        if event is not None
        else lead_department_of(session, demand.chain_id)
    )
    if department is None or department.id is None:
        return FollowUps(
            missing=Said(
                f"no follow-up tasks: chain {chain.code} has no lead department on its roster",
                f"未生成跟踪任务：产业链{chain.name_zh}名册中没有牵头部门",
            )
        )
    owner = department_owner(session, department.id)
    if owner is None:
        return FollowUps(
            missing=Said(
                f"no follow-up tasks: department {department.code} has nobody to own them",
                f"未生成跟踪任务：部门{department.name_zh}没有人员可作责任人",
            )
        )
    made_before = set(
        session.exec(select(MatchFollowUp.after_days).where(MatchFollowUp.match_id == match.id))
    )
    supplier = session.get(Enterprise, capability.enterprise_id)
    half = _TITLE_ROOM // 2
    what = f"{demand.item[:half]} — {(supplier.name if supplier else '')[:half]}"
    made: list[Task] = []
    for days in held.follow_up_days:
        if days in made_before:
            continue
        due = period_end(day, days, rules.calendar)
        task = assign_task(
            session=session,
            actor=SYSTEM,
            chain_code=chain.code,
            title=f"融通对接跟踪服务（意向后{days}个工作日）：{what}",
            lead_department=department.code,
            owner_email=owner.email,
            start=day,
            due=due,
            source=TaskSource.MATCHMAKING,
            requirements=(
                f"对接 #{match.id}于{day}达成意向"
                f"（{match.intention_wan or 0:g}万元），请跟踪签约和履约进展并报告。"
            ),
            now=now,
            rules=rules,
        )
        session.add(MatchFollowUp(match_id=match.id or 0, after_days=days, task_id=task.id or 0))
        made.append(task)
    session.flush()
    return FollowUps(tasks=tuple(made))
