"""The city overview: chains with their lights and gaps, the red and yellow lists, failed
deliveries and the calendar warning — each limited to what the viewer may see. An
enterprise's contact sees its own key projects and factor requests instead: it reads no chain.
The calendar warning is for the office, who keep the calendar file it names."""

from datetime import timedelta
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from sqlmodel import Session, func, select

from chainops import wiring
from chainops.calendar_setup import fallback_warning, year_ranges
from mechanism.vocabulary import OPEN_REQUEST_STATES, Light, OutboxState
from models import Chain, Enterprise, FactorRequest, KeyProject, OutboxMessage
from services.city import city_overview, lit_tasks
from web.deps import CurrentViewer, Db, Locale
from web.i18n import translate
from web.templating import page

router = APIRouter()
LIST_LIMIT = 50  # the longest red or yellow list a page shows; the chain pages have the rest


@router.get("/", response_class=HTMLResponse)
def overview(request: Request, session: Db, viewer: CurrentViewer, locale: Locale) -> Any:
    settings = request.app.state.settings
    rules = request.app.state.rules
    today = rules.today(wiring.now())
    city = city_overview(session=session, today=today, totals=False, notices=False)
    ids = {c.code: c.id for c in session.exec(select(Chain)).all()}
    chains = [c for c in city.chains if viewer.reads_chain(ids[c.code] or 0)]
    years = rules.calendar.fallback_years(today, today + timedelta(days=365))
    warning = None
    if years and viewer.is_office and locale == "zh-CN":
        package = sorted(rules.calendar.package_years)
        warning = translate(
            locale,
            "calendar_fallback",
            years=year_ranges(years),
            covered=f"{package[0]}–{package[-1]}" if package else "—",
            file=settings.calendar_file,
        )
    elif years and viewer.is_office:
        warning = fallback_warning(rules.calendar, years, settings.calendar_file)
    return page(
        request,
        "overview.html",
        locale,
        {
            "viewer": viewer,
            "today": today,
            "chains": chains,
            "red": lit_tasks(session=session, viewer=viewer, light=Light.RED, limit=LIST_LIMIT),
            "yellow": lit_tasks(
                session=session, viewer=viewer, light=Light.YELLOW, limit=LIST_LIMIT
            ),
            "failed": _failed(session) if viewer.is_office else 0,
            "calendar_warning": warning,
            "firm": _firm(session, viewer.enterprise_id),
        },
    )


def _firm(session: Session, enterprise_id: int | None) -> dict[str, Any] | None:
    """An enterprise's own figures for its contact's home page (links lead to the lists)."""
    if enterprise_id is None:
        return None
    firm = session.get(Enterprise, enterprise_id)
    if firm is None:
        return None
    projects = session.exec(
        select(func.count()).where(KeyProject.enterprise_id == enterprise_id)
    ).one()
    states = session.exec(
        select(FactorRequest.state).where(FactorRequest.enterprise_id == enterprise_id)
    ).all()
    open_states = {state.value for state in OPEN_REQUEST_STATES}
    return {
        "name": firm.name,
        "projects": projects,
        "requests": len(states),
        "open": sum(1 for state in states if state in open_states),
    }


def _failed(session: Session) -> int:
    dead = select(func.count()).where(OutboxMessage.state == OutboxState.DEAD.value)
    return session.exec(dead).one()
