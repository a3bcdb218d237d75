"""What the JSON API asks of a factor request before a move: whether the move could ever be
the viewer's, so "never yours" (403) is told apart from "not now" (the service's own refusal,
400). The role half of a move is checked against a state the move is allowed from
(``mechanism.request_lifecycle.REQUEST_MOVES``), without restating a rule here."""

from sqlmodel import Session

from mechanism.request_lifecycle import (
    REQUEST_MOVES,
    IllegalRequestMove,
    RequestAction,
    check_request_move,
)
from models import FactorRequest
from services.people import NotAllowed, Viewer
from services.requests.moves import roles_on_request


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
