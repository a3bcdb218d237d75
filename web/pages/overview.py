"""The city overview at ``/city``: chains with their lights and gaps, the red and yellow lists,
failed deliveries and the calendar warning — each limited to what the viewer may see; for
those who read chains (the office, chain leaders, working groups). Everyone's home is the
to-do (web.pages.todo). The calendar warning is for the office, who keep the calendar file
it names."""

from datetime import date, timedelta
from functools import partial
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from sqlmodel import Session, col, func, select

from chainops import wiring
from chainops.calendar_setup import fallback_warning, split_fallback, year_ranges
from mechanism.calendar import WorkingCalendar
from mechanism.vocabulary import FAILED_OUTBOX_STATES, Light
from models import Chain, OutboxMessage
from services.city import city_overview, lit_tasks
from services.people import NotAllowed, Viewer
from services.projects import chains_among
from services.rollup import latest_supervision
from services.todo import red_projects, red_requests
from web.deps import CurrentViewer, Db, Locale
from web.i18n import translate
from web.templating import page

router = APIRouter()
LIST_LIMIT = 50  # the longest red or yellow list a page shows; the chain pages have the rest


@router.get("/city", response_class=HTMLResponse)
def overview(request: Request, session: Db, viewer: CurrentViewer, locale: Locale) -> Any:
    if not viewer.reads_city:
        raise NotAllowed("the city overview is for those who read chains")
    rules = request.app.state.rules
    today = rules.today(wiring.now())
    city = city_overview(session=session, today=today, totals=False, notices=False)
    ids = {c.code: c.id for c in session.exec(select(Chain)).all()}
    chains = [c for c in city.chains if viewer.reads_chain(ids[c.code] or 0)]
    warning = calendar_warning(request, viewer, locale, today)
    readable = None if viewer.reads_every_chain else [ids[c.code] or 0 for c in chains]
    lit = partial(
        lit_tasks, session=session, viewer=viewer, limit=LIST_LIMIT, today=today, rules=rules
    )
    return page(
        request,
        "overview.html",
        locale,
        {
            "viewer": viewer,
            "today": today,
            "chains": chains,
            "red": lit(light=Light.RED),
            "yellow": lit(light=Light.YELLOW),
            "red_projects": red_projects(
                session,
                readable,
                today=today,
                rules=rules,
                projects=wiring.project_rules(request.app.state.settings),
                limit=LIST_LIMIT,
            ),
            "red_requests": red_requests(
                session, readable, today=today, rules=rules, limit=LIST_LIMIT
            ),
            "choices": chains_among(session, select(Chain.id)),
            "failed": failed_deliveries(session) if viewer.is_office else 0,
            "calendar_warning": warning,
            "supervision": latest_supervision(session=session),
        },
    )


def calendar_warning(request: Request, viewer: Viewer, locale: str, today: date) -> str | None:
    """For the office, who keep the calendar file: the coming year's working days are
    guessed (its statutory holidays and weekends, no make-up days) because neither the
    package nor the file has its official schedule yet."""
    settings = request.app.state.settings
    rules = request.app.state.rules
    years = rules.calendar.fallback_years(today, today + timedelta(days=365))
    if not years or not viewer.is_office:
        return None
    if locale == "zh-CN":
        package = sorted(rules.calendar.package_years)
        return translate(
            locale,
            "calendar_fallback",
            years=year_ranges(years),
            covered=f"{package[0]}–{package[-1]}" if package else "—",
            file=settings.calendar_file,
            counted=_counted(rules.calendar, years, locale),
        )
    return fallback_warning(rules.calendar, years, settings.calendar_file)


def _counted(calendar: WorkingCalendar, years: list[int], locale: str) -> str:
    """How those years are counted: by the statutory holidays, or past them Monday–Friday."""
    statutory, weekdays = split_fallback(calendar, years)
    groups = [(statutory, "calendar_counted_statutory"), (weekdays, "calendar_counted_weekdays")]
    said = [(group, translate(locale, key)) for group, key in groups if group]
    if len(said) == 1:
        return said[0][1]
    return "；".join(f"{year_ranges(group)}年{text}" for group, text in said)


def failed_deliveries(session: Session) -> int:
    """Outbox rows that will not be retried: the office must look at them."""
    dead = select(func.count()).where(col(OutboxMessage.state).in_(FAILED_OUTBOX_STATES))
    return session.exec(dead).one()
