"""Who is asking a command of the enterprise and investment halves (``--by EMAIL``), and what a
refusal looks like: the same rule as the pages, so the CLI shows no one more than the web does.

Without ``--by`` a command reads as the operator, who sees everything the office sees; a change
needs ``--by``. A refusal — not visible, not allowed, an unknown chain or person, or one of the
command's own — rolls the session back and exits 1 with its message: nothing is kept.
"""

from collections.abc import Iterator
from contextlib import contextmanager

from sqlmodel import Session

from chainops.cli.common import fail, open_session
from services.lookups import UnknownChain
from services.people import (
    Actor,
    NotAllowed,
    NotVisible,
    UnknownPerson,
    Viewer,
    viewer_by_email,
)

_ALWAYS: tuple[type[Exception], ...] = (NotAllowed, NotVisible, UnknownChain, UnknownPerson)


def office_viewer() -> Viewer:
    """The operator's view without ``--by``: everything, as the office sees it."""
    return Viewer(user_id=0, username="cli", actor=Actor("cli", is_office=True), is_office=True)


@contextmanager
def asking(
    by: str | None, refusals: tuple[type[Exception], ...] = ()
) -> Iterator[tuple[Session, Viewer]]:
    """A session and who is asking; ``refusals`` (besides the usual ones) become clear errors."""
    with open_session() as session:
        try:
            yield session, viewer_by_email(session, by) if by else office_viewer()
        except (*_ALWAYS, *refusals) as exc:
            session.rollback()
            raise fail(str(exc)) from exc
