"""Extension requests (延期申请): filed by the due date, decided by the office.

The office is told of a request, the owner of the decision (``services.tasks.handover``).
Approval moves the current due date and restarts the ladder for it; the original due date
stays, because statistics count against it (an extension is the owner's delay; only a block
moves the statistical due date, ``mechanism.statistical_due``). A request still pending when
the task is submitted or cancelled is closed as withdrawn (``services.tasks.moves``): the
office can no longer decide it, and it must not read "pending" forever.
"""

from datetime import date, datetime

from sqlmodel import Session, select

from mechanism.lifecycle import (
    Action,
    IllegalMove,
    check_move,
    extension_problem,
    missing_reason,
)
from mechanism.vocabulary import TaskState
from mechanism.wording import Said, zh
from models import ExtensionRequest, Task
from services.config import EngineRules
from services.people import Actor, roles_on
from services.tasks.clock import record, refresh
from services.tasks.handover import tell_handover
from services.tasks.moves import load_task
from services.tasks.particulars import due_problem


class ExtensionRefused(ValueError):
    """The request cannot be filed or decided; the message says why."""


_DECIDED_ZH = {"approved": "已同意", "denied": "未同意", "withdrawn": "已撤回"}


def request_extension(
    *,
    session: Session,
    task_id: int,
    actor: Actor,
    proposed_due: date,
    reason: str,
    now: datetime,
    rules: EngineRules,
) -> ExtensionRequest:
    task = load_task(session, task_id)
    check_move(Action.REQUEST_EXTENSION, TaskState(task.state), roles_on(session, actor, task))
    problem = extension_problem(
        today=rules.today(now), current_due=task.due_date, proposed_due=proposed_due
    )
    problem = problem or missing_reason(Action.REQUEST_EXTENSION, reason)
    problem = problem or due_problem(
        proposed_due, rules.today(now), ("proposed due date", "申请延期至")
    )
    if problem:
        raise ExtensionRefused(problem)
    pending = session.exec(
        select(ExtensionRequest).where(
            ExtensionRequest.task_id == task_id, ExtensionRequest.state == "pending"
        )
    ).first()
    if pending is not None:
        raise ExtensionRefused(
            Said(
                f"extension request {pending.id} is still waiting for a decision",
                f"延期申请 {pending.id} 尚待审批，不能再次申请",
            )
        )
    request = ExtensionRequest(
        task_id=task_id,
        requested_by_id=actor.person_id,
        requested_at=now,
        current_due_date=task.due_date,
        proposed_due_date=proposed_due,
        reason=reason.strip(),
    )
    session.add(request)
    session.flush()
    record(
        session,
        actor=actor,
        task=task,
        action="request_extension",
        now=now,
        detail={"request": request.id, "to": proposed_due.isoformat(), "reason": reason.strip()},
    )
    tell_handover(
        session,
        task,
        "extension_requested",
        actor=actor,
        now=now,
        rules=rules,
        proposed_due=proposed_due.isoformat(),
        reason=reason.strip(),
    )
    return request


def decide_extension(
    *,
    session: Session,
    request_id: int,
    actor: Actor,
    approve: bool,
    note: str | None,
    now: datetime,
    rules: EngineRules,
) -> ExtensionRequest:
    request = session.get(ExtensionRequest, request_id)
    if request is None:
        raise ExtensionRefused(
            Said(f"no extension request {request_id}", f"没有编号为 {request_id} 的延期申请")
        )
    if request.state != "pending":
        decided = _DECIDED_ZH.get(request.state, request.state)
        raise ExtensionRefused(
            Said(
                f"extension request {request_id} was already {request.state}",
                f"延期申请 {request_id} 已审批（{decided}）",
            )
        )
    task = session.get(Task, request.task_id)
    assert task is not None
    try:
        check_move(Action.DECIDE_EXTENSION, TaskState(task.state), roles_on(session, actor, task))
    except IllegalMove as exc:
        raise ExtensionRefused(Said(str(exc), zh(exc))) from exc
    request.state = "approved" if approve else "denied"
    request.decided_by_id = actor.person_id
    request.decided_at = now
    request.decision_note = note
    detail: dict[str, object] = {"request": request.id, "decision": request.state, "note": note}
    if approve:
        detail["due_date"] = [task.due_date.isoformat(), request.proposed_due_date.isoformat()]
        task.due_date = request.proposed_due_date
        task.ladder_level = -1  # a new due date starts a new ladder
        task.hold_until = None
        task.updated_at = now
        refresh(session, task, now=now, rules=rules)
        session.add(task)
    session.add(request)
    record(session, actor=actor, task=task, action="decide_extension", now=now, detail=detail)
    tell_handover(
        session,
        task,
        "extension_decided",
        actor=actor,
        now=now,
        rules=rules,
        decision=request.state,
        proposed_due=request.proposed_due_date.isoformat(),
        note=note,
    )
    session.flush()
    return request
