"""The task lifecycle: which move is legal from which state, and who may make it.

assigned → accepted → in progress → submitted → signed off (销号); a submitted task may be
returned for rework; open tasks may be blocked (waiting on a factor request: the clock stops)
and cancelled. Extensions are asked for before the due date and decided by the office.

Some moves must say why (``Move.needs_reason``): returning, cancelling, blocking and asking
for an extension are judgements someone else will read in the trail (留痕), so a blank reason
is refused, not recorded.
"""

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from mechanism.statistical_due import lost_workdays
from mechanism.vocabulary import TaskState
from mechanism.wording import Said
from mechanism.workdays import Workdays


class Action(StrEnum):
    ACCEPT = "accept"
    START = "start"
    REPORT_PROGRESS = "report_progress"
    SUBMIT = "submit"
    RETURN = "return"
    SIGN_OFF = "sign_off"
    CANCEL = "cancel"
    BLOCK = "block"
    UNBLOCK = "unblock"
    REQUEST_EXTENSION = "request_extension"
    DECIDE_EXTENSION = "decide_extension"

    @property
    def zh(self) -> str:
        """The move as a Chinese page names it (the verb of "cannot …")."""
        return _ACTION_ZH[self]


class Role(StrEnum):
    """How someone stands to one task: roles are relative, not global (except the office)."""

    OWNER = "owner"
    LEAD_DEPARTMENT = "lead_department"
    TEAM = "team"
    LEADER = "leader"
    OFFICE = "office"
    SYSTEM = "system"

    @property
    def zh(self) -> str:
        return _ROLE_ZH[self]


_ACTION_ZH = {
    Action.ACCEPT: "签收",
    Action.START: "开始办理",
    Action.REPORT_PROGRESS: "报送进度",
    Action.SUBMIT: "报结",
    Action.RETURN: "退回",
    Action.SIGN_OFF: "销号",
    Action.CANCEL: "撤销",
    Action.BLOCK: "标记要素受阻",
    Action.UNBLOCK: "解除受阻",
    Action.REQUEST_EXTENSION: "申请延期",
    Action.DECIDE_EXTENSION: "审批延期",
}
_ROLE_ZH = {
    Role.OWNER: "责任人",
    Role.LEAD_DEPARTMENT: "牵头部门",
    Role.TEAM: "工作专班",
    Role.LEADER: "链长",
    Role.OFFICE: "链长制办公室",
    Role.SYSTEM: "系统",
}


@dataclass(frozen=True)
class Move:
    sources: frozenset[TaskState]
    target: TaskState | None  # None: the state does not change (or, unblocking, goes back)
    roles: frozenset[Role]
    needs_reason: bool = False  # the move is refused without a (non-blank) reason


_S = TaskState
_R = Role
_WORKING = frozenset({_S.ASSIGNED, _S.ACCEPTED, _S.IN_PROGRESS})
_HANDLERS = frozenset({_R.OWNER, _R.LEAD_DEPARTMENT})
_OFFICE = frozenset({_R.OFFICE})

MOVES: dict[Action, Move] = {
    Action.ACCEPT: Move(frozenset({_S.ASSIGNED}), _S.ACCEPTED, _HANDLERS | {_R.OFFICE}),
    Action.START: Move(frozenset({_S.ACCEPTED}), _S.IN_PROGRESS, _HANDLERS),
    Action.REPORT_PROGRESS: Move(
        frozenset({_S.ACCEPTED, _S.IN_PROGRESS}), _S.IN_PROGRESS, _HANDLERS
    ),
    Action.SUBMIT: Move(frozenset({_S.ACCEPTED, _S.IN_PROGRESS}), _S.SUBMITTED, _HANDLERS),
    Action.RETURN: Move(frozenset({_S.SUBMITTED}), _S.IN_PROGRESS, _OFFICE, needs_reason=True),
    Action.SIGN_OFF: Move(frozenset({_S.SUBMITTED}), _S.SIGNED_OFF, _OFFICE),
    Action.CANCEL: Move(
        _WORKING | {_S.SUBMITTED, _S.BLOCKED}, _S.CANCELLED, _OFFICE, needs_reason=True
    ),
    Action.BLOCK: Move(_WORKING, _S.BLOCKED, _HANDLERS | {_R.TEAM, _R.OFFICE}, needs_reason=True),
    Action.UNBLOCK: Move(
        frozenset({_S.BLOCKED}), None, _HANDLERS | {_R.TEAM, _R.OFFICE, _R.SYSTEM}
    ),
    Action.REQUEST_EXTENSION: Move(_WORKING, None, _HANDLERS, needs_reason=True),
    Action.DECIDE_EXTENSION: Move(_WORKING | {_S.BLOCKED}, None, _OFFICE),
}
"""The transition table. Reading it answers "can X do Y now?" for every screen and command."""

ASSIGNERS = frozenset({Role.OFFICE, Role.TEAM})
"""Who may assign a new task on a chain: the office, or that chain's working group."""


class IllegalMove(ValueError):
    """A move that the lifecycle does not allow; the message says why, for the user."""


def check_move(action: Action, state: TaskState, roles: frozenset[Role]) -> TaskState:
    """The state after ``action`` from ``state`` by someone holding ``roles``; raises IllegalMove.

    For moves that keep the state (extensions) the current state is returned; for unblocking
    the caller restores the state the task had before it was blocked.
    """
    move = MOVES[action]
    verb = action.value.replace("_", " ")
    if state not in move.sources:
        allowed = "、".join(s.zh for s in TaskState if s in move.sources)
        raise IllegalMove(
            Said(
                f"cannot {verb} a task that is {state.en.lower()} ({state.zh}); "
                f"allowed from: {allowed}",
                f"督办事项当前为「{state.zh}」，不能「{action.zh}」（仅限{allowed}状态）",
            )
        )
    if not roles & move.roles:
        holders = sorted(move.roles, key=lambda r: r.value)
        who = ", ".join(r.value for r in holders)
        who_zh = "、".join(r.zh for r in holders)
        raise IllegalMove(
            Said(f"only {who} may {verb} this task", f"只有{who_zh}可以「{action.zh}」此督办事项")
        )
    return move.target or state


_REASON_WANTED = {
    Action.RETURN: Said("give the reason for returning the task", "请填写退回理由"),
    Action.CANCEL: Said("give the reason for cancelling the task", "请填写撤销理由"),
    Action.BLOCK: Said("give the reason the task is blocked", "请填写受阻理由"),
    Action.REQUEST_EXTENSION: Said("give the reason for the extension", "请填写延期理由"),
}


def missing_reason(action: Action, reason: str | None) -> Said | None:
    """Why ``reason`` will not do for ``action`` (it is blank and the move needs one), or None."""
    if not MOVES[action].needs_reason or (reason and reason.strip()):
        return None
    verb = action.value.replace("_", " ")
    return _REASON_WANTED.get(action) or Said(
        f"give the reason to {verb}", f"请填写{action.zh}理由"
    )


def extension_problem(*, today: date, current_due: date, proposed_due: date) -> Said | None:
    """Why an extension request cannot be filed, or None.

    It must be filed on or before the current due date (a late request is an excuse, not a
    plan), and it must move the date later.
    """
    if today > current_due:
        return Said(
            f"an extension must be requested by the due date ({current_due}); today is {today}",
            f"延期申请须在完成时限（{current_due}）当天或之前提出；今天是 {today}",
        )
    if proposed_due <= current_due:
        return Said(
            f"the new due date {proposed_due} is not after the current one ({current_due})",
            f"申请延至的日期 {proposed_due} 须晚于当前完成时限（{current_due}）",
        )
    return None


def due_after_unblock(
    *, due: date, blocked_since: date, unblocked_on: date, calendar: Workdays
) -> date:
    """The due date once a block ends: moved by the working days the task was blocked.

    A task waiting on a factor request is not the owner's delay, so its clock pauses (the
    statistical due date moves by the same count: ``mechanism.statistical_due``).
    """
    lost = lost_workdays(blocked_since, unblocked_on, calendar)
    return calendar.add(due, lost) if lost else due
