"""``/api/notices``: the caller's own notice deliveries (the office sees every one), and
acknowledging one (签收), which holds the task's ladder for a while — the same service the
acknowledgement link in the email calls (services/notices/acknowledgement.py)."""

from typing import Annotated

from fastapi import APIRouter, Query, Request

from services.notices import (
    acknowledge_notice,
    check_own_delivery,
    delivery,
    delivery_page,
    visible_delivery,
)
from services.paging import MAX_PAGE, MAX_PER_PAGE
from web.api.common import ApiRoute, ApiViewer, engine_rules, now
from web.api.item_schemas import Delivery
from web.api.schemas import ERRORS, Page
from web.deps import Db

router = APIRouter(prefix="/notices", route_class=ApiRoute, tags=["notices"], responses=ERRORS)


@router.get("", response_model=Page[Delivery], summary="Notice deliveries, newest first")
def list_notices(
    session: Db,
    viewer: ApiViewer,
    page: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 1,
    per_page: Annotated[int, Query(ge=1, le=MAX_PER_PAGE)] = 50,
) -> Page[Delivery]:
    """One row per delivery: the caller's own; the office's list holds every delivery."""
    rows, total = delivery_page(session=session, viewer=viewer, page=page, per_page=per_page)
    items = [Delivery.model_validate(r) for r in rows]
    return Page[Delivery](items=items, total=total, page=page, per_page=per_page)


@router.post("/{outbox_id:rowid}/ack", response_model=Delivery, summary="Acknowledge a notice")
def acknowledge(request: Request, outbox_id: int, session: Db, viewer: ApiViewer) -> Delivery:
    """By its recipient only; twice changes nothing the second time."""
    row = visible_delivery(session, viewer, outbox_id)
    check_own_delivery(viewer, row)
    acknowledged = acknowledge_notice(
        session=session,
        outbox_id=outbox_id,
        actor=viewer.actor,
        now=now(),
        rules=engine_rules(request),
    )
    return Delivery.model_validate(delivery(session=session, row=acknowledged))
