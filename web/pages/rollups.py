"""Monthly bulletins (月度通报): the closed months, one month's bulletin as published (or its
frozen figures when the file is missing), and its workbook. Every official unit reads them;
firms and outsiders get 404, as for anything they may not see."""

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from notifications.reports.formats import closed_at_label, month_label, percent
from notifications.reports.practices_section import practices_section
from services.rollup import (
    bulletin,
    bulletin_xlsx,
    check_reader,
    closed_months,
    parse_month,
    workbook_name,
)
from web.deps import CurrentViewer, Db, Locale
from web.pages.rollup_investment import investment_part
from web.templating import page

router = APIRouter()
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _formats(locale: str) -> dict[str, Any]:
    def figure(key: str, value: Any) -> str:
        if value is None:
            return "—"
        if key.endswith("_rate"):
            return percent(value)
        if key == "score":
            return f"{value:.1f}"
        return str(value)

    return {
        "month_label": lambda month: month_label(month, locale),
        "closed_label": lambda moment: closed_at_label(moment, locale),
        "figure": figure,
    }


@router.get("/rollups", response_class=HTMLResponse)
def rollups(request: Request, session: Db, viewer: CurrentViewer, locale: Locale) -> Response:
    check_reader(viewer)
    reports_dir = request.app.state.settings.reports_dir
    months = closed_months(session=session, reports_dir=reports_dir, locale=locale)
    context = {"viewer": viewer, "months": months, **_formats(locale)}
    return page(request, "rollups.html", locale, context)


@router.get("/rollups/{month}", response_class=HTMLResponse)
def rollup(
    request: Request,
    session: Db,
    viewer: CurrentViewer,
    locale: Locale,
    month: str,
    chain: str | None = None,
) -> Response:
    """The bulletin; ``?chain=CODE`` (the link in a chain leader's mail) puts that chain's
    line first."""
    check_reader(viewer)
    settings = request.app.state.settings
    shown = bulletin(
        session=session,
        month=parse_month(month),
        reports_dir=settings.reports_dir,
        locale=locale,
        office_name=settings.office_name,
        chain=chain,
    )
    context = {"viewer": viewer, "bulletin": shown, "view": shown.view, **_formats(locale)}
    context |= investment_part(shown.view, shown.highlight, locale)  # issue 17
    context["practices"] = practices_section(shown.view, locale)  # issue 18
    return page(request, "rollup.html", locale, context)


@router.get("/rollups/{month}/xlsx")
def rollup_xlsx(
    request: Request, session: Db, viewer: CurrentViewer, locale: Locale, month: str
) -> Response:
    check_reader(viewer)
    settings = request.app.state.settings
    first = parse_month(month)
    content = bulletin_xlsx(
        session=session,
        month=first,
        reports_dir=settings.reports_dir,
        locale=locale,
        office_name=settings.office_name,
    )
    name = workbook_name(first, locale)
    return Response(
        content,
        media_type=XLSX,
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
