"""The lifecycle of a factor-supply request (要素保障诉求): who may make which move from which
state, and what each move needs — the table the services, pages and CLI all read.

submitted → accepted → in progress → resolved, or rejected with a reason → confirmed by the
requester, or reopened if unsatisfied. ``mechanism.factor_requests`` holds the service levels,
light and ladder that run on top of it.
"""

from dataclasses import dataclass
from enum import StrEnum

from mechanism.vocabulary import OPEN_REQUEST_STATES, RequestState
from mechanism.wording import Said


class RequestAction(StrEnum):
    ACCEPT = "accept"
    START = "start"  # a plan (解决方案) is given; work on it begins
    RESOLVE = "resolve"
    REJECT = "reject"
    CONFIRM = "confirm"
    REOPEN = "reopen"


class RequestRole(StrEnum):
    """How someone stands to one request (the office role is global)."""

    LEAD_DEPARTMENT = "lead_department"  # a member of the handling department
    OFFICE = "office"
    REQUESTER = "requester"  # the enterprise itself, or the team or office that submitted


@dataclass(frozen=True)
class RequestMove:
    sources: frozenset[RequestState]
    target: RequestState
    roles: frozenset[RequestRole]
    needs: str | None = None  # the input the move cannot do without: reply, reason, satisfaction


_S = RequestState
_HANDLERS = frozenset({RequestRole.LEAD_DEPARTMENT, RequestRole.OFFICE})
_REQUESTER = frozenset({RequestRole.REQUESTER})
ANSWERED = frozenset({_S.RESOLVED, _S.REJECTED})

REQUEST_MOVES: dict[RequestAction, RequestMove] = {
    RequestAction.ACCEPT: RequestMove(frozenset({_S.SUBMITTED}), _S.ACCEPTED, _HANDLERS),
    RequestAction.START: RequestMove(
        frozenset({_S.ACCEPTED, _S.REOPENED}), _S.IN_PROGRESS, _HANDLERS, "reply"
    ),
    RequestAction.RESOLVE: RequestMove(
        frozenset({_S.ACCEPTED, _S.IN_PROGRESS, _S.REOPENED}), _S.RESOLVED, _HANDLERS, "reply"
    ),
    RequestAction.REJECT: RequestMove(OPEN_REQUEST_STATES, _S.REJECTED, _HANDLERS, "reason"),
    RequestAction.CONFIRM: RequestMove(ANSWERED, _S.CONFIRMED, _REQUESTER, "satisfaction"),
    RequestAction.REOPEN: RequestMove(ANSWERED, _S.REOPENED, _REQUESTER, "reason"),
}
"""Who may do what from where. A request must be accepted before it is resolved: the
acknowledgement is the first service level and the record that the department has it."""

_WHO = {
    _HANDLERS: Said("the handling department or the office", "承办部门或市链长制办公室"),
    _REQUESTER: Said("the requester", "诉求提出方"),
}

_DO_ZH = {
    RequestAction.ACCEPT: "受理",
    RequestAction.START: "出具方案",
    RequestAction.RESOLVE: "答复解决",
    RequestAction.REJECT: "不予支持",
    RequestAction.CONFIRM: "确认办结",
    RequestAction.REOPEN: "重新提出",
}
"""Each move as the request pages name it (the buttons say the same)."""

_NEEDS_ZH = {"reply": "答复", "reason": "理由"}


class IllegalRequestMove(ValueError):
    """A move the request lifecycle does not allow; the message says why, for the user.

    ``needs`` names the input that was missing (reply, reason, satisfaction), so the command
    line can point at its option; a page has its own field for it."""

    def __init__(self, message: str, needs: str | None = None) -> None:
        super().__init__(message)
        self.needs = needs


def check_request_move(
    action: RequestAction,
    state: RequestState,
    roles: frozenset[RequestRole],
    *,
    reply: str | None = None,
    reason: str | None = None,
    satisfaction: int | None = None,
) -> RequestState:
    """The state after ``action`` from ``state`` by someone holding ``roles``, given the inputs;
    raises IllegalRequestMove naming what is wrong."""
    move = REQUEST_MOVES[action]
    do = _DO_ZH[action]
    if state not in move.sources:
        allowed = "、".join(s.zh for s in RequestState if s in move.sources)
        raise IllegalRequestMove(
            Said(
                f"cannot {action.value} a factor request that is {state.en.lower()} ({state.zh}); "
                f"allowed from: {allowed}",
                f"要素保障诉求当前为「{state.zh}」，不能「{do}」（仅限{allowed}状态）",
            )
        )
    if not roles & move.roles:
        who = _WHO[move.roles]
        raise IllegalRequestMove(
            Said(f"only {who} may {action.value} this request", f"只有{who.zh}可以「{do}」此诉求")
        )
    given = {"reply": reply, "reason": reason}
    if move.needs in given and not (given[move.needs] or "").strip():
        if action == RequestAction.START:
            what, what_zh = "the plan", "解决方案"
        else:
            what, what_zh = f"a {move.needs}", _NEEDS_ZH[str(move.needs)]
        raise IllegalRequestMove(
            Said(f"{action.value}: give {what}", f"{do}：请填写{what_zh}"), needs=move.needs
        )
    if move.needs == "satisfaction" and satisfaction is None:
        raise IllegalRequestMove(
            Said(
                f"{action.value}: give the satisfaction, 1 (poor) to 5 (very)",
                f"{do}：请评价满意度，1（不满意）至 5（非常满意）",
            ),
            needs=move.needs,
        )
    if satisfaction is not None and not 1 <= satisfaction <= 5:
        raise IllegalRequestMove(
            Said(
                f"satisfaction must be 1 to 5, not {satisfaction}",
                f"满意度须为 1 至 5，不能是 {satisfaction}",
            )
        )
    return move.target
