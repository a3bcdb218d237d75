"""Feedback and complaints (意见与投诉): the form every notice links to, open to anyone with
the link, signed in or not (``/feedback?notice=ID``), and the office's list
(``/feedback/list``, 403 for anyone else) with its "handled" mark.

The form is CSRF-checked like every other (the token lives in the session cookie, which an
anonymous visitor has too); a refused field re-shows the form (400) with the field named and
nothing stored; too many messages from one address in an hour is 429.
"""

import math
from typing import Annotated, Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from pydantic import Field

from chainops import wiring
from mechanism.vocabulary import FeedbackKind
from mechanism.wording import in_language
from models.feedback import FEEDBACK_TEXT_LENGTH
from notifications.render import kind_label
from services.feedback import (
    FeedbackRefused,
    FeedbackThrottled,
    check_office,
    list_feedback,
    mark_handled,
    sender_of,
    submit_feedback,
)
from services.people import Viewer
from web.deps import CheckedForm, CurrentViewer, Db, Locale, signed_in
from web.flash import confirm, confirmation
from web.forms import (
    FormRefused,
    OptionalText,
    PageForm,
    Text,
    WholeNumber,
    always,
    read_form,
)
from web.i18n import said, translate
from web.templating import page

router = APIRouter()
LIST_LIMIT = 500  # newest first; older messages stay in the database and in `feedback list`


class FeedbackForm(PageForm):
    kind: Text = ""
    text: Text = ""
    name: OptionalText = None
    contact: OptionalText = None
    notice: Annotated[int | None, WholeNumber, Field(ge=1), always(said("feedback.bad_notice"))] = (
        None
    )


@router.get("/feedback", response_class=HTMLResponse)
def feedback_form(
    request: Request, session: Db, locale: Locale, notice: str | None = None
) -> Response:
    viewer = signed_in(request, session)
    chosen = notice.strip() if notice and notice.strip().isdigit() else None
    known = sender_of(session, viewer)
    values = {"notice": chosen, "kind": FeedbackKind.FEEDBACK.value}
    if known is not None:
        values |= {"name": known.name, "contact": known.contact}
    done = confirmation(request, "/feedback")
    return _render(request, viewer, locale, values, done=done)


@router.post("/feedback", response_class=HTMLResponse)
def send_feedback(request: Request, session: Db, locale: Locale, form: CheckedForm) -> Response:
    viewer = signed_in(request, session)
    try:
        given = read_form(FeedbackForm, form)
        submit_feedback(
            session=session,
            kind=given.kind,
            text=given.text,
            name=given.name,
            contact=given.contact,
            notice_id=given.notice,
            viewer=viewer,
            address=request.client.host if request.client else "unknown",
            now=wiring.now(),
        )
    except (FormRefused, FeedbackRefused) as exc:
        session.rollback()
        field = exc.field or ""
        error = translate(
            locale,
            "feedback.check_field",
            field=translate(locale, f"feedback.field.{field}"),
            message=in_language(exc, locale),
        )
        return _render(request, viewer, locale, form, error=error, error_field=field)
    except FeedbackThrottled as exc:
        session.rollback()
        minutes = max(1, math.ceil(exc.wait.total_seconds() / 60))
        error = translate(locale, "feedback.throttled", minutes=minutes)
        return _render(request, viewer, locale, form, error=error, status_code=429)
    return confirm(request, "/feedback", translate(locale, "feedback.sent"))


def _render(
    request: Request,
    viewer: Viewer | None,
    locale: str,
    values: dict[str, Any],
    *,
    error: str | None = None,
    error_field: str | None = None,
    done: list[str] | None = None,
    status_code: int | None = None,
) -> Response:
    context = {
        "viewer": viewer,
        "form": values,
        "kinds": list(FeedbackKind),
        "text_limit": FEEDBACK_TEXT_LENGTH,
        "error": error,
        "error_field": error_field,
        "done": done or [],
    }
    status = status_code or (400 if error else 200)
    return page(request, "feedback.html", locale, context, status_code=status)


@router.get("/feedback/list", response_class=HTMLResponse)
def feedback_list(
    request: Request, session: Db, viewer: CurrentViewer, locale: Locale, unhandled: str = ""
) -> Response:
    check_office(viewer)
    only = unhandled == "1"
    rows = list_feedback(session=session, unhandled_only=only, limit=LIST_LIMIT)
    context = {
        "viewer": viewer,
        "rows": rows,
        "unhandled": only,
        "zone": request.app.state.rules.zone,
        "kind_label": lambda code: kind_label(code, locale),
        "feedback_kind": lambda code: _kind_name(code, locale),
        "done": confirmation(request, "/feedback/list"),
    }
    return page(request, "feedback_list.html", locale, context)


@router.post("/feedback/{feedback_id:rowid}/handled")
def handled(
    request: Request,
    feedback_id: int,
    session: Db,
    viewer: CurrentViewer,
    locale: Locale,
    form: CheckedForm,
) -> Response:
    check_office(viewer)
    mark_handled(
        session=session,
        feedback_id=feedback_id,
        actor=viewer.actor,
        now=wiring.now(),
    )
    return confirm(request, "/feedback/list", translate(locale, "feedback.marked", id=feedback_id))


def _kind_name(code: str, locale: str) -> str:
    kind = FeedbackKind.parse(code)
    if kind is None:
        return code
    return kind.zh if locale == "zh-CN" else kind.en
