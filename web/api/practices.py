"""``/api/practices/…``: a chain's practice periods (each done or a gap), one period with its
task and records, one record with its problems and the task or factor request each became —
through ``services.practices`` as the pages read them (a firm or an outsider gets 404). Keys:
README, "Practice records"."""

from typing import Annotated, Any

from fastapi import APIRouter, Query

from chainops import wiring
from services import practices
from web.api.common import ApiRoute, ApiViewer
from web.api.schemas import ERRORS
from web.deps import Db

router = APIRouter(prefix="/practices", route_class=ApiRoute, tags=["practices"], responses=ERRORS)


@router.get("/periods", summary="A chain's practice periods, newest first")
def periods(
    session: Db,
    viewer: ApiViewer,
    chain: Annotated[str, Query(description="Chain code.")],
) -> dict[str, Any]:
    return practices.chain_periods(session, viewer, chain, wiring.today())


@router.get("/periods/{period_id:rowid}", summary="One period, its task and its records")
def period(period_id: int, session: Db, viewer: ApiViewer) -> dict[str, Any]:
    return practices.as_json(practices.period_view(session, viewer, period_id, wiring.today()))


@router.get(
    "/records/{record_id:rowid}", summary="One record and its problems, with what each became"
)
def record(record_id: int, session: Db, viewer: ApiViewer) -> dict[str, Any]:
    return practices.as_json(practices.record_view(session, viewer, record_id, wiring.today()))
