"""Keep a task's light and next sweep time true after anything about it changes."""

from datetime import date, datetime
from typing import Any

from sqlmodel import Session

from mechanism.ladder import Decision, Ladder, LadderState, decide, hold_until
from mechanism.lights import TaskTiming, is_paced
from mechanism.vocabulary import TaskState
from models import Chain, Task
from services.audit import audit
from services.config import EngineRules
from services.people import Actor


def task_timing(task: Task) -> TaskTiming:
    """What the task's light depends on (a standing practice's task is not paced)."""
    return TaskTiming(
        state=TaskState(task.state),
        start_date=task.start_date,
        due_date=task.due_date,
        progress=task.progress,
        paced=is_paced(task.source),
    )


def ladder_state(task: Task) -> LadderState:
    return LadderState(task_timing(task), task.ladder_level, task.hold_until)


def ladder_for(session: Session, task: Task, rules: EngineRules) -> Ladder:
    """The ladder of the task's chain (the city default unless the chain overrides it)."""
    chain = session.get(Chain, task.chain_id)
    assert chain is not None
    return rules.ladders.for_chain(chain.code)


def new_hold(session: Session, task: Task, *, now: datetime, rules: EngineRules) -> date:
    """The last day the task's ladder is held by an acknowledgement today, or by progress
    reported today under one: a period counted from tomorrow."""
    ladder = ladder_for(session, task, rules)
    return hold_until(today=rules.today(now), ladder=ladder, calendar=rules.calendar)


def refresh(session: Session, task: Task, *, now: datetime, rules: EngineRules) -> Decision:
    """Recompute the light and ``next_action_at``; an escalation due now is left to the sweep
    (``next_action_at = now``) so that notices are only ever written in one place."""
    decision = decide(
        ladder_state(task),
        today=rules.today(now),
        ladder=ladder_for(session, task, rules),
        calendar=rules.calendar,
        rules=rules.lights,
    )
    task.light = decision.light.value
    if decision.escalation is not None:
        task.next_action_at = now
    elif decision.next_look is not None:
        task.next_action_at = rules.start_of(decision.next_look)
    else:
        task.next_action_at = None
    return decision


def record(
    session: Session,
    *,
    actor: Actor,
    task: Task,
    action: str,
    now: datetime,
    before: str | None = None,
    after: str | None = None,
    detail: dict[str, Any] | None = None,
) -> None:
    """The append-only trail: who did what to the task, when, from which state to which."""
    audit(
        session,
        actor=actor,
        entity_type="task",
        entity_id=task.id,
        action=action,
        now=now,
        before=before,
        after=after,
        detail=detail,
    )
