"""What people do to a task: accept, start, report progress, submit, return, sign off, cancel,
block and unblock. Each checks the lifecycle table, applies the move, keeps the light and next
sweep time true, and leaves an audit event.

A move whose reason the lifecycle requires (return, cancel, block) is refused with a blank one.
A move that takes the task where the office can no longer decide an extension (submitted,
cancelled) closes a pending extension request as withdrawn, so none waits forever."""

from datetime import datetime
from typing import Any

from sqlmodel import Session, select

from mechanism.lifecycle import MOVES, Action, check_move, due_after_unblock, missing_reason
from mechanism.periods import within_period
from mechanism.vocabulary import OPEN_REQUEST_STATES, RequestState, TaskState
from mechanism.wording import Said
from models import ExtensionRequest, FactorRequest, ProgressReport, Task, TaskBlock
from services.config import EngineRules
from services.people import Actor, roles_on
from services.tasks.clock import new_hold, record, refresh
from services.tasks.handover import tell_handover


class TaskNotFound(LookupError):
    """No task with that id."""


class BadTaskInput(ValueError):
    """A value that does not fit the task (progress over 100, an unknown request, …)."""


def load_task(session: Session, task_id: int) -> Task:
    task = session.get(Task, task_id)
    if task is None:
        raise TaskNotFound(Said(f"no task {task_id}", f"没有编号为 {task_id} 的督办事项"))
    return task


def _reason(
    session: Session, task_id: int, action: Action, actor: Actor, reason: str | None
) -> str:
    """The reason, trimmed; BadTaskInput if the move needs one and it is blank.

    The lifecycle is asked first, so a move that is not allowed at all says so rather than
    asking for a reason it would refuse anyway."""
    task = load_task(session, task_id)
    check_move(action, TaskState(task.state), roles_on(session, actor, task))
    problem = missing_reason(action, reason)
    if problem:
        raise BadTaskInput(problem)
    return (reason or "").strip()


def _move(
    session: Session,
    task_id: int,
    action: Action,
    actor: Actor,
    *,
    now: datetime,
    rules: EngineRules,
    detail: dict[str, Any] | None = None,
    **changes: Any,
) -> Task:
    """Check ``action`` for ``actor``, apply it with ``changes``, refresh, audit."""
    task = load_task(session, task_id)
    before = TaskState(task.state)
    after = check_move(action, before, roles_on(session, actor, task))
    for name, value in changes.items():
        setattr(task, name, value)
    task.state = after.value
    task.updated_at = now
    refresh(session, task, now=now, rules=rules)
    session.add(task)
    record(
        session,
        actor=actor,
        task=task,
        action=action.value,
        now=now,
        before=before.value,
        after=after.value,
        detail=detail,
    )
    if after not in MOVES[Action.DECIDE_EXTENSION].sources:
        _withdraw_pending_extensions(session, task, actor=actor, now=now, moved_to=after)
    session.flush()
    return task


def _withdraw_pending_extensions(
    session: Session, task: Task, *, actor: Actor, now: datetime, moved_to: TaskState
) -> None:
    """Close the task's pending extension requests as withdrawn (已撤回).

    The rule: an extension request lives only while the office may decide it (the lifecycle's
    DECIDE_EXTENSION sources). Submitting the task says the work is done in the time it had,
    and cancelling ends it, so the extra time asked for is moot; left pending, the request
    could never be decided and would read "pending" forever. If a submitted task is returned
    for rework, its owner asks again (by the due date, as any extension).
    """
    pending = session.exec(
        select(ExtensionRequest).where(
            ExtensionRequest.task_id == task.id, ExtensionRequest.state == "pending"
        )
    ).all()
    for request in pending:
        request.state = "withdrawn"
        request.decided_at = now
        session.add(request)
        record(
            session,
            actor=actor,
            task=task,
            action="withdraw_extension",
            now=now,
            detail={"request": request.id, "state": moved_to.value},
        )


def accept_task(
    *, session: Session, task_id: int, actor: Actor, now: datetime, rules: EngineRules
) -> Task:
    """The owner (or the office on their behalf) signs for the task (签收)."""
    return _move(session, task_id, Action.ACCEPT, actor, now=now, rules=rules)


def start_task(
    *, session: Session, task_id: int, actor: Actor, now: datetime, rules: EngineRules
) -> Task:
    return _move(session, task_id, Action.START, actor, now=now, rules=rules)


def report_progress(
    *,
    session: Session,
    task_id: int,
    actor: Actor,
    progress: int,
    note: str | None,
    now: datetime,
    rules: EngineRules,
) -> Task:
    """Report progress once: the report is the record, the task shows the latest figure.

    Progress reported while an acknowledgement holds the ladder renews the hold: the ladder
    goes on only if nothing moves.
    """
    if not 0 <= progress <= 100:
        raise BadTaskInput(
            Said(
                f"progress must be 0–100, not {progress}",
                f"进度须在 0–100 之间，不能是 {progress}",
            )
        )
    task = load_task(session, task_id)
    changes: dict[str, Any] = {"progress": progress}
    if task.hold_until is not None and within_period(rules.today(now), task.hold_until):
        # Moving renews it: a new period from the day of the report, counted from the day after.
        changes["hold_until"] = new_hold(session, task, now=now, rules=rules)
    before = task.progress
    moved = _move(
        session,
        task_id,
        Action.REPORT_PROGRESS,
        actor,
        now=now,
        rules=rules,
        detail={"progress": [before, progress], "note": note},
        **changes,
    )
    session.add(
        ProgressReport(
            task_id=task_id,
            reported_by_id=actor.person_id,
            reported_at=now,
            progress=progress,
            note=note,
        )
    )
    session.flush()
    return moved


def submit_task(
    *,
    session: Session,
    task_id: int,
    actor: Actor,
    note: str | None,
    now: datetime,
    rules: EngineRules,
) -> Task:
    """The owner reports the task done (报结) and waits for the office to sign it off; the
    office is told."""
    task = _move(
        session,
        task_id,
        Action.SUBMIT,
        actor,
        now=now,
        rules=rules,
        detail={"note": note},
        submitted_at=now,
        progress=100,
    )
    tell_handover(session, task, "submitted", actor=actor, now=now, rules=rules, note=note)
    return task


def return_task(
    *,
    session: Session,
    task_id: int,
    actor: Actor,
    reason: str,
    now: datetime,
    rules: EngineRules,
) -> Task:
    """The office sends a submitted task back for more work (退回), saying why; the owner is
    told."""
    reason = _reason(session, task_id, Action.RETURN, actor, reason)
    task = _move(
        session,
        task_id,
        Action.RETURN,
        actor,
        now=now,
        rules=rules,
        detail={"reason": reason},
        submitted_at=None,
    )
    tell_handover(session, task, "returned", actor=actor, now=now, rules=rules, reason=reason)
    return task


def sign_off_task(
    *, session: Session, task_id: int, actor: Actor, now: datetime, rules: EngineRules
) -> Task:
    """The office closes the task (销号); statistics call it on time when signed off by its
    statistical due date (``mechanism.statistical_due``). The owner is told."""
    task = _move(
        session,
        task_id,
        Action.SIGN_OFF,
        actor,
        now=now,
        rules=rules,
        signed_off_on=rules.today(now),
    )
    tell_handover(session, task, "signed_off", actor=actor, now=now, rules=rules)
    return task


def cancel_task(
    *,
    session: Session,
    task_id: int,
    actor: Actor,
    reason: str,
    now: datetime,
    rules: EngineRules,
) -> Task:
    """The office cancels the task (撤销), saying why."""
    reason = _reason(session, task_id, Action.CANCEL, actor, reason)
    return _move(
        session, task_id, Action.CANCEL, actor, now=now, rules=rules, detail={"reason": reason}
    )


def block_task(
    *,
    session: Session,
    task_id: int,
    actor: Actor,
    reason: str,
    request_code: str | None,
    now: datetime,
    rules: EngineRules,
) -> Task:
    """The task waits on an open factor request (要素保障诉求); its clock stops until unblocked.

    A block names its request: the lifecycle's "blocked" means waiting on a factor request,
    and the request's answer is what releases the task
    (``services.requests.blocking.release_items``).
    A block on nothing would pause the clock with nothing to end it.
    """
    reason = _reason(session, task_id, Action.BLOCK, actor, reason)
    request_code = (request_code or "").strip()
    if not request_code:
        raise BadTaskInput(
            Said(
                "name the factor request the task waits on (its code, e.g. YS2026-001)",
                "请填写督办事项所等待的要素保障诉求编号（如 YS2026-001）",
            )
        )
    request = session.exec(select(FactorRequest).where(FactorRequest.code == request_code)).first()
    if request is None:
        raise BadTaskInput(
            Said(
                f"no factor request {request_code!r}",
                f"没有编号为 {request_code!r} 的要素保障诉求",
            )
        )
    if request.state not in OPEN_REQUEST_STATES:
        state = RequestState(request.state)
        raise BadTaskInput(
            Said(
                f"factor request {request_code} is {state.en.lower()} ({state.zh}): "
                "a task can only wait on an open request",
                f"要素保障诉求 {request_code} 当前为「{state.zh}」："
                "督办事项只能因尚未办结的诉求受阻",
            )
        )
    request_id = request.id
    task = load_task(session, task_id)
    return _move(
        session,
        task_id,
        Action.BLOCK,
        actor,
        now=now,
        rules=rules,
        detail={"reason": reason, "request": request_code},
        blocked_since=rules.today(now),
        state_before_block=task.state,
        blocked_by_request_id=request_id,
    )


def unblock_task(
    *, session: Session, task_id: int, actor: Actor, now: datetime, rules: EngineRules
) -> Task:
    """The block ends: the due date moves by the working days lost, the state comes back.

    The block is kept as a ``TaskBlock``: statistics move the original due date by it too.
    """
    task = load_task(session, task_id)
    check_move(Action.UNBLOCK, TaskState(task.state), roles_on(session, actor, task))
    today = rules.today(now)
    since = task.blocked_since or today
    new_due = due_after_unblock(
        due=task.due_date, blocked_since=since, unblocked_on=today, calendar=rules.calendar
    )
    session.add(
        TaskBlock(
            task_id=task_id,
            request_id=task.blocked_by_request_id,
            blocked_since=since,
            unblocked_on=today,
        )
    )
    before = task.state
    task.state = task.state_before_block or TaskState.IN_PROGRESS.value
    task.due_date, old_due = new_due, task.due_date
    task.blocked_since = task.state_before_block = task.blocked_by_request_id = None
    task.updated_at = now
    refresh(session, task, now=now, rules=rules)
    session.add(task)
    record(
        session,
        actor=actor,
        task=task,
        action=Action.UNBLOCK.value,
        now=now,
        before=before,
        after=task.state,
        detail={
            "blocked_since": since.isoformat(),
            "due_date": [old_due.isoformat(), new_due.isoformat()],
        },
    )
    session.flush()
    return task
