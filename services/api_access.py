"""What the JSON API asks before it calls a service, beyond what the page modules already
answer (``services.task_page.visible_task``, ``services.project_page.visible_project``,
``services.request_page.visible_request``): whether the viewer reads a chain or received a
notice, and whether a move could ever be theirs — so it can answer 404 or 403 as the pages do.

*Seeing* comes from :class:`services.access.Viewer`: what the viewer may not see is reported
exactly like what does not exist (the same exception, the same message). *Acting* comes from
the lifecycle tables themselves (``mechanism.lifecycle.MOVES``,
``mechanism.factor_requests.REQUEST_MOVES``): the role half of a move is checked against a
state the move is allowed from, so "never yours" (403) is told apart from "not now" (the
service's own refusal, 400) without restating a rule here.
"""

from sqlmodel import Session, select

from mechanism.lifecycle import MOVES, Action, IllegalMove, check_move
from mechanism.request_lifecycle import (
    REQUEST_MOVES,
    IllegalRequestMove,
    RequestAction,
    check_request_move,
)
from models import Chain, FactorRequest, OutboxMessage, Task
from services.access import NotAllowed, Viewer
from services.actors import roles_on
from services.factor_requests import roles_on_request
from services.notice_page import is_recipient


class NotVisible(LookupError):
    """Not there, or not the viewer's to see: the message is the same either way."""


def visible_chain(session: Session, viewer: Viewer, code: str) -> Chain:
    chain = session.exec(select(Chain).where(Chain.code == code)).first()
    if chain is None or chain.id is None or not viewer.reads_chain(chain.id):
        raise NotVisible(f"no chain {code!r}")
    return chain


def visible_delivery(session: Session, viewer: Viewer, outbox_id: int) -> OutboxMessage:
    """One delivery of a notice: the recipient's own; the office sees every one."""
    row = session.get(OutboxMessage, outbox_id)
    if row is None or not (viewer.is_office or is_recipient(viewer, row)):
        raise NotVisible(f"no notice delivery {outbox_id}")
    return row


def check_own_delivery(viewer: Viewer, row: OutboxMessage) -> None:
    """Acknowledging says "I have read it": only the recipient can say that."""
    if not is_recipient(viewer, row):
        raise NotAllowed(
            f"notice delivery {row.id} is addressed to {row.recipient_email}: "
            "only its recipient may acknowledge it"
        )


def check_assigns(session: Session, viewer: Viewer, chain_code: str) -> None:
    """NotAllowed unless the viewer runs the chain (the office, or its working group).

    An unknown code is left to the assignment service, which names the field."""
    chain = session.exec(select(Chain).where(Chain.code == chain_code)).first()
    if chain is not None and chain.id is not None and not viewer.runs_chain(chain.id):
        raise NotAllowed(
            f"only the office or the {chain.code} chain's working group may assign its tasks"
        )


def check_task_role(session: Session, viewer: Viewer, task: Task, action: Action) -> None:
    """NotAllowed if ``action`` is never the viewer's on ``task``, whatever its state."""
    move = MOVES[action]
    some_state = min(move.sources)  # any state the move starts from: only the roles decide
    try:
        check_move(action, some_state, roles_on(session, viewer.actor, task))
    except IllegalMove as exc:
        raise NotAllowed(str(exc)) from None


def check_request_role(
    session: Session, viewer: Viewer, request: FactorRequest, action: RequestAction
) -> None:
    """NotAllowed if ``action`` is never the viewer's on ``request``, whatever its state.

    Only the role is asked here; missing inputs (a reply, a reason) are the service's to
    refuse, with its message."""
    move = REQUEST_MOVES[action]
    roles = roles_on_request(session, viewer.actor, request)
    if not roles & move.roles:
        try:
            check_request_move(action, min(move.sources), roles)
        except IllegalRequestMove as exc:
            raise NotAllowed(str(exc)) from None
