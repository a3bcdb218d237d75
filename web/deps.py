"""What every page and API call depends on: a database session, the signed-in viewer, the
page language and, for forms, a valid CSRF token."""

from collections.abc import Iterator
from typing import Annotated, Any

from fastapi import Depends, Request
from sqlmodel import Session
from starlette.convertors import Convertor, register_url_convertor

from models import User
from models.db import session_scope
from services.people import Viewer, viewer_for
from web.i18n import LOCALES
from web.security import CSRF_FIELD, csrf_ok

SESSION_USER = "user_id"
SESSION_GENERATION = "generation"  # the user's session generation when the cookie was issued
SESSION_LOCALE = "locale"


class RowId(Convertor[int]):
    """A row id in a path, ``{task_id:rowid}``: digits the database can hold (at most 18, so
    below 2**63). Anything else matches no route, so it is a plain 404, never an overflow."""

    regex = "[1-9][0-9]{0,17}"

    def convert(self, value: str) -> int:
        return int(value)

    def to_string(self, value: int) -> str:
        return str(value)


register_url_convertor("rowid", RowId())


class LoginRequired(Exception):
    """No one is signed in: pages send the browser to the sign-in page."""


class BadForm(Exception):
    """A form came back without this session's CSRF token."""


def db(request: Request) -> Iterator[Session]:
    """A session committed when the page is done, rolled back if it fails."""
    with session_scope(request.app.state.engine) as session:
        yield session


# scope="function": the commit happens before the response is sent, so a failed commit is an
# error the user sees, never a page that says "done" for something that was not saved.
Db = Annotated[Session, Depends(db, scope="function")]


def locale(request: Request) -> str:
    chosen = request.session.get(SESSION_LOCALE)
    return chosen if chosen in LOCALES else str(request.app.state.settings.locale)


Locale = Annotated[str, Depends(locale)]


def viewer(request: Request, session: Db) -> Viewer:
    found = signed_in(request, session)
    if found is None:
        request.session.pop(SESSION_USER, None)
        raise LoginRequired()
    return found


def signed_in(request: Request, session: Session) -> Viewer | None:
    """Who is signed in on this request, if anyone (an error page shows them too)."""
    user_id = request.session.get(SESSION_USER)
    user = session.get(User, user_id) if isinstance(user_id, int) else None
    if user is None or not user.active:
        return None
    if request.session.get(SESSION_GENERATION) != user.session_generation:
        return None  # signed out, or the password changed, since this cookie was issued
    return viewer_for(session, user)


CurrentViewer = Annotated[Viewer, Depends(viewer)]


async def form(request: Request) -> dict[str, Any]:
    """The submitted form, once its CSRF token is checked (every POST from a page)."""
    data = await request.form()
    if not csrf_ok(request.session, data.get(CSRF_FIELD)):
        raise BadForm()
    return {key: value for key, value in data.multi_items()}


CheckedForm = Annotated[dict[str, Any], Depends(form)]
