"""The channel status page for the office (``/channels``): each group robot and the SMS
channel, with its last success, its last error and what it delivered today."""

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from chainops import wiring
from services.notices import channel_status
from services.people import NotAllowed
from web.deps import CurrentViewer, Db, Locale
from web.templating import page

router = APIRouter()


@router.get("/channels", response_class=HTMLResponse)
def channels(request: Request, session: Db, viewer: CurrentViewer, locale: Locale) -> Any:
    if not viewer.is_office:
        raise NotAllowed("the channel status is for the office")
    rules = request.app.state.rules
    day_start = rules.start_of(rules.today(wiring.now()))
    shown = [
        {
            **status.__dict__,
            # In the office's time, like every other time on the pages.
            "last_success": status.last_success
            and f"{status.last_success.astimezone(rules.zone):%Y-%m-%d %H:%M}",
        }
        for status in channel_status(session=session, day_start=day_start)
    ]
    return page(request, "channels.html", locale, {"viewer": viewer, "channels": shown})
