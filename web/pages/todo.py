"""The to-do home (待办) at ``/``: what is waiting on the signed-in person today, most urgent
first, each line linked to its item. A firm's contact also finds its own figures here; the
city overview moved to ``/city`` (web.pages.overview) for those who read chains."""

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from sqlmodel import Session, func, select

from chainops import wiring
from mechanism.vocabulary import OPEN_REQUEST_STATES
from models import Chain, Enterprise, FactorRequest, KeyProject
from services.projects import chains_among
from services.todo import LISTS, build_todo
from web.deps import CurrentViewer, Db, Locale
from web.pages.overview import calendar_warning, failed_deliveries
from web.pages.task_wording import helpers
from web.templating import page

router = APIRouter()


@router.get("/", response_class=HTMLResponse)
def todo(request: Request, session: Db, viewer: CurrentViewer, locale: Locale) -> Any:
    rules = request.app.state.rules
    today = rules.today(wiring.now())
    found = build_todo(
        session=session,
        viewer=viewer,
        today=today,
        rules=rules,
        projects=wiring.project_rules(request.app.state.settings),
    )
    return page(
        request,
        "todo.html",
        locale,
        {
            **helpers(locale, rules.zone),
            "chains": chains_among(session, select(Chain.id)),
            "viewer": viewer,
            "todo": found,
            "lists": LISTS,
            "firm": _firm(session, viewer.enterprise_id),
            "calendar_warning": calendar_warning(request, viewer, locale, today),
            "failed": failed_deliveries(session) if viewer.is_office else 0,
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
