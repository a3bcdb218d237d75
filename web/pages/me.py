"""A person's notification settings (``/me/notifications``): one digest per run or one mail per
notice, the language of notices, and which channels besides email the person allows among
those the office runs (group-robot mentions, SMS). Signed-in people only, and only their own
address: the page takes no address, it is the viewer's (``chainops notices prefer`` sets any
address's from the command line).
"""

from typing import Annotated, Literal

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from pydantic import BeforeValidator
from sqlmodel import Session

from chainops import wiring
from mechanism.wording import in_language
from services.notices import preference_for, set_preference
from services.people import Viewer
from web.deps import CheckedForm, CurrentViewer, Db, Locale
from web.flash import confirm, confirmation
from web.forms import FormRefused, PageForm, Trimmed, always, read_form
from web.i18n import said, translate
from web.templating import page

router = APIRouter()
PATH = "/me/notifications"


def _ticked(value: object) -> bool:
    """A checkbox: sent (any value) when ticked, left out when not."""
    return value is not None and value != ""


Ticked = BeforeValidator(_ticked)


class NotificationSettings(PageForm):
    delivery: Annotated[Literal["digest", "each"], Trimmed, always(said("prefs.bad_delivery"))]
    locale: Annotated[Literal["zh-CN", "en"], Trimmed, always(said("prefs.bad_locale"))]
    robot_mentions: Annotated[bool, Ticked] = False
    sms: Annotated[bool, Ticked] = False


def _address(viewer: Viewer) -> str:
    """The viewer's own address: the person's email, or the contact's sign-in address."""
    return viewer.actor.label.strip().lower()


@router.get(PATH, response_class=HTMLResponse)
def notification_settings(
    request: Request, session: Db, viewer: CurrentViewer, locale: Locale
) -> Response:
    return _render(request, session, viewer, locale, done=confirmation(request, PATH))


@router.post(PATH, response_class=HTMLResponse)
def save_notification_settings(
    request: Request, session: Db, viewer: CurrentViewer, locale: Locale, form: CheckedForm
) -> Response:
    # A checkbox left unticked is not sent at all: read it as False, not as "keep".
    values = {"robot_mentions": None, "sms": None, **form}
    try:
        given = read_form(NotificationSettings, values)
    except FormRefused as exc:
        error = translate(
            locale,
            "feedback.check_field",
            field=translate(locale, f"prefs.{exc.field}"),
            message=in_language(exc, locale),
        )
        return _render(request, session, viewer, locale, error=error)
    set_preference(
        session=session,
        email=_address(viewer),
        locale=given.locale,
        digest=given.delivery == "digest",
        robot_mentions=given.robot_mentions,
        sms=given.sms,
        now=wiring.now(),
    )
    return confirm(request, PATH, translate(locale, "prefs.saved"))


def _render(
    request: Request,
    session: Session,
    viewer: Viewer,
    locale: str,
    *,
    error: str | None = None,
    done: list[str] | None = None,
) -> Response:
    default = str(request.app.state.settings.locale)
    preference = preference_for(session=session, email=_address(viewer), default_locale=default)
    context = {
        "viewer": viewer,
        "preference": preference,
        "error": error,
        "done": done or [],
    }
    return page(
        request, "me_notifications.html", locale, context, status_code=400 if error else 200
    )
