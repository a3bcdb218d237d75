"""``/api/rollups``: the closed months and their frozen figures (月通报), per chain, per
department and city-wide — for official units; a firm or an outsider finds nothing here
(404), as on the bulletin pages.

Closing and publishing a month stays with ``chainops rollup`` and the monthly flow."""

from datetime import date
from typing import Annotated

from fastapi import APIRouter, HTTPException, Path, Request

from services.people import NotVisible
from services.rollup import check_reader, closed_months, show_month
from web.api.common import ApiLocale, ApiRoute, ApiViewer
from web.api.item_schemas import MONTH, ClosedMonth, Rollup
from web.api.schemas import ERRORS
from web.deps import Db

router = APIRouter(prefix="/rollups", route_class=ApiRoute, tags=["rollups"], responses=ERRORS)


@router.get("", response_model=list[ClosedMonth], summary="The closed months, newest first")
def list_months(
    request: Request, session: Db, viewer: ApiViewer, locale: ApiLocale
) -> list[ClosedMonth]:
    """Each with the city's headline figures and whether its bulletin is published."""
    check_reader(viewer)
    reports = request.app.state.settings.reports_dir
    return [
        ClosedMonth(
            month=f"{m.month:%Y-%m}",
            closed_at=m.closed_at,
            published=m.published,
            figures=m.figures,
        )
        for m in closed_months(session=session, reports_dir=reports, locale=locale)
    ]


@router.get("/{month}", response_model=Rollup, summary="One closed month's frozen figures")
def show(
    month: Annotated[str, Path(pattern=MONTH, description="e.g. 2026-10")],
    session: Db,
    viewer: ApiViewer,
) -> Rollup:
    check_reader(viewer)
    try:
        first = date.fromisoformat(f"{month}-01")
    except ValueError:
        raise HTTPException(400, f"month: {month!r} is not a month like 2026-10") from None
    result = show_month(session=session, month=first)
    if result is None:
        raise NotVisible(f"{month} is not closed")
    return Rollup.model_validate(result.as_dict())
