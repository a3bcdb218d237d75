"""Sign in, sign out and the page language. Sign-in is throttled per account, and per client
address at a much higher threshold (the address is the proxy's ``X-Forwarded-For`` only when
the peer is one of ``CHAINOPS_TRUSTED_PROXIES``: the app's ProxyHeadersMiddleware sees to it)."""

import math
from datetime import UTC, datetime
from typing import Annotated
from urllib.parse import urlsplit

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel, Field
from starlette.routing import Match

from services.people import (
    check_password,
    clear_sign_in_failures,
    end_sessions,
    record_failed_sign_in,
    sign_in_wait,
)
from web.deps import (
    SESSION_GENERATION,
    SESSION_LOCALE,
    SESSION_USER,
    CheckedForm,
    Db,
    Locale,
    signed_in,
)
from web.i18n import LOCALES, translate
from web.security import CSRF_FIELD, csrf_ok
from web.templating import page

router = APIRouter()


class SignIn(BaseModel):
    """The sign-in form, read by FastAPI itself: a form without an account or a password is
    not one this page sent, so it gets FastAPI's own 422, not the page."""

    username: str
    password: str
    csrf_token: str = Field(default="", alias=CSRF_FIELD)
    next: str = "/"


def _safe_next(target: str | None) -> str:
    """Only a path on this site: a sign-in link must not send anyone elsewhere."""
    if not target:
        return "/"
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return "/"
    return target


@router.get("/login", response_class=HTMLResponse)
def login_page(request: Request, locale: Locale, next: str | None = None) -> Response:
    return page(request, "login.html", locale, {"next": _safe_next(next), "error": None})


@router.post("/login", response_class=HTMLResponse)
def login(
    request: Request,
    session: Db,
    locale: Locale,
    form: Annotated[SignIn, Form()],
) -> Response:
    target = _safe_next(form.next)

    def again(status: int, key: str, **values: object) -> Response:
        error = translate(locale, key, **values)
        context = {"next": target, "error": error}
        return page(request, "login.html", locale, context, status_code=status)

    if not csrf_ok(request.session, form.csrf_token):
        return again(400, "bad_form")
    now = datetime.now(UTC)
    address = request.client.host if request.client else "unknown"
    wait = sign_in_wait(session=session, username=form.username, address=address, now=now)
    if wait is not None:
        return again(429, "throttled", minutes=max(1, math.ceil(wait.total_seconds() / 60)))
    user = check_password(session=session, username=form.username, password=form.password)
    if user is None:
        record_failed_sign_in(session=session, username=form.username, address=address, now=now)
        return again(401, "bad_login")
    clear_sign_in_failures(session=session, username=form.username)
    chosen = request.session.get(SESSION_LOCALE)
    request.session.clear()  # a new session on sign-in: no fixation
    request.session[SESSION_USER] = user.id
    request.session[SESSION_GENERATION] = user.session_generation
    if chosen:
        request.session[SESSION_LOCALE] = chosen
    return RedirectResponse(target, status_code=303)


@router.post("/logout")
def logout(request: Request, session: Db, form: CheckedForm) -> Response:
    """Sign out for real: the account's every session ends, so a saved copy of this cookie
    (or one left on another machine) no longer signs anyone in."""
    viewer = signed_in(request, session)
    if viewer is not None:
        end_sessions(session=session, user_id=viewer.user_id)
        session.commit()
    request.session.clear()
    return RedirectResponse("/login", status_code=303)


@router.get("/lang/{code}")
def language(request: Request, code: str, next: str | None = None) -> Response:
    """Switch the page language (a link, so it works before signing in too), back to the
    page one was on — or the nearest page above it, when that was a form's answer."""
    if code in LOCALES:
        request.session[SESSION_LOCALE] = code
    return RedirectResponse(_page_at(request, _safe_next(next)), status_code=303)


def _page_at(request: Request, target: str) -> str:
    """``target`` if a page answers GET there; else the nearest path above it that does.

    A refused form re-shows its page at the address it was posted to (``/projects/X/report``,
    ``/tasks/5/accept``), which answers POST only: the language link there must land on the
    item's own page (``/projects/X``), not on "Not found"."""
    path = urlsplit(target).path
    while path != "/":
        scope = {"type": "http", "method": "GET", "path": path, "root_path": ""}
        if any(route.matches(scope)[0] is Match.FULL for route in request.app.router.routes):
            return target if path == urlsplit(target).path else path
        path = path.rstrip("/").rsplit("/", 1)[0] or "/"
    return target if urlsplit(target).path == "/" else "/"
