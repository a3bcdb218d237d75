"""``/api/requests``: the factor-supply requests (要素保障诉求) the caller sees, one in full,
submitting one and moving it (accept, start, resolve, reject, confirm, reopen) — through
services/requests/ as ``chainops requests`` does."""

from typing import Annotated

from fastapi import APIRouter, HTTPException, Query, Request
from sqlmodel import Session

from mechanism.request_lifecycle import RequestAction
from mechanism.vocabulary import RequestState
from services import requests as request_service
from services.people import Viewer, own_credit_code
from services.requests import check_request_role, submit_request, visible_request, visible_requests
from web.api.common import (
    ApiLocale,
    ApiRoute,
    ApiViewer,
    engine_rules,
    factor_rules,
    now,
)
from web.api.item_schemas import RequestDetail, RequestRow, SubmitIn, UpdateIn
from web.api.schemas import ERRORS
from web.deps import Db

router = APIRouter(
    prefix="/requests", route_class=ApiRoute, tags=["factor requests"], responses=ERRORS
)


def _detail(
    request: Request, session: Session, viewer: Viewer, code: str, locale: str
) -> RequestDetail:
    rules = engine_rules(request)
    shown = request_service.show_request(
        session=session,
        code=code,
        today=rules.today(now()),
        rules=rules,
        factors=factor_rules(request),
        actor=viewer.actor,
        locale=locale,
    )
    return RequestDetail.model_validate(shown)


@router.get("", response_model=list[RequestRow], summary="The requests the caller sees")
def list_requests(
    request: Request,
    session: Db,
    viewer: ApiViewer,
    locale: ApiLocale,
    chain: Annotated[str | None, Query(description="Chain code.")] = None,
    state: RequestState | None = None,
) -> list[RequestRow]:
    """Each with its light as of today and the reason; a firm sees its own enterprise's only,
    a department those it handles, a team or leader those of its chains."""
    rules = engine_rules(request)
    rows = visible_requests(
        session=session,
        viewer=viewer,
        today=rules.today(now()),
        rules=rules,
        factors=factor_rules(request),
        chain=chain,
        state=state.value if state else None,
        locale=locale,
    )
    return [RequestRow.model_validate(r) for r in rows]


@router.post("", response_model=RequestDetail, summary="Submit a request")
def submit(
    request: Request, body: SubmitIn, session: Db, viewer: ApiViewer, locale: ApiLocale
) -> RequestDetail:
    """By the enterprise for itself, or by the chain's working group or the office for it; it
    goes to the department that handles its factor type."""
    credit_code = body.credit_code or own_credit_code(session=session, viewer=viewer)
    if credit_code is None:
        raise HTTPException(400, "credit_code: name the enterprise the request is for")
    created = submit_request(
        session=session,
        actor=viewer.actor,
        chain_code=body.chain,
        credit_code=credit_code,
        project_code=body.project,
        factor_type=body.factor_type,
        quantity=body.quantity,
        unit=body.unit,
        needed_by=body.needed_by,
        description=body.description,
        now=now(),
        rules=engine_rules(request),
        factors=factor_rules(request),
    )
    return _detail(request, session, viewer, created.code, locale)


@router.get("/{code}", response_model=RequestDetail, summary="One request in full")
def show(
    request: Request, code: str, session: Db, viewer: ApiViewer, locale: ApiLocale
) -> RequestDetail:
    found = visible_request(session, viewer, code)
    return _detail(request, session, viewer, found.code, locale)


@router.post("/{code}/{action}", response_model=RequestDetail, summary="Move a request")
def update(
    request: Request,
    code: str,
    action: RequestAction,
    session: Db,
    viewer: ApiViewer,
    locale: ApiLocale,
    body: UpdateIn | None = None,
) -> RequestDetail:
    """accept, start (with the plan as ``reply``), resolve (``reply``), reject (``reason``) —
    the handling department or the office; confirm or reopen (``satisfaction``) — the
    requester."""
    found = visible_request(session, viewer, code)
    check_request_role(session, viewer, found, action)
    given = body or UpdateIn()
    request_service.update_request(
        session=session,
        code=found.code,
        actor=viewer.actor,
        action=action.value,
        reply=given.reply,
        reason=given.reason,
        satisfaction=given.satisfaction,
        now=now(),
        rules=engine_rules(request),
        factors=factor_rules(request),
    )
    return _detail(request, session, viewer, found.code, locale)
