"""``/api/enterprises``, ``/api/designations``, ``/api/library``: enterprises with their titles,
the titles with their deadlines, the cultivation library — and adding, moving, approving a
title, entering and exiting a candidate — through services/enterprises/ as ``chainops
enterprises`` does, with the same permissions (a firm: its own enterprise only)."""

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query, Request
from pydantic import BaseModel, ConfigDict, Field

from chainops import wiring
from services import enterprises as service
from web.api.common import ApiRoute, ApiViewer, engine_rules, now
from web.api.schemas import ERRORS
from web.deps import Db

router = APIRouter(route_class=ApiRoute, tags=["enterprises"], responses=ERRORS)

Row = dict[str, Any]
Page = Annotated[int, Query(ge=1, le=1_000_000)]
PerPage = Annotated[int, Query(ge=1, le=200)]


@contextmanager
def _answers() -> Iterator[None]:
    try:
        yield
    except service.EnterpriseNotFound as exc:
        raise HTTPException(404, detail=str(exc)) from exc
    except service.EnterpriseInputError as exc:
        raise HTTPException(400, detail=str(exc)) from exc


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid")


class DesignationIn(_In):
    credit_code: str = Field(max_length=18)
    kind: str = Field(max_length=32)
    recognized_on: date | None = None
    valid_until: date | None = None
    review_due: date | None = None
    data_update_due: date | None = None
    batch: str | None = Field(default=None, max_length=64)
    doc_no: str | None = Field(default=None, max_length=100)
    chain: str | None = Field(default=None, max_length=32)
    candidate: bool = False


class MoveIn(_In):
    to: str = Field(max_length=16)
    reason: str | None = Field(default=None, max_length=500)
    recognized_on: date | None = None
    valid_until: date | None = None
    doc_no: str | None = Field(default=None, max_length=100)


class CandidateIn(_In):
    credit_code: str = Field(max_length=18)
    target_kind: str = Field(max_length=32)
    entered_on: date | None = None
    cycle_months: int | None = Field(default=None, ge=1, le=120)


class ExitIn(_In):
    reason: str = Field(max_length=32)
    left_on: date | None = None
    note: str | None = Field(default=None, max_length=500)


class RefuseIn(_In):
    reason: str = Field(min_length=1, max_length=500)


def _common(request: Request) -> dict[str, Any]:
    rules = engine_rules(request)
    return {"today": rules.today(now()), "calendar": rules.calendar, "kinds": _kinds(request)}


def _kinds(request: Request) -> Any:
    return wiring.designation_kinds(request.app.state.settings)


def _title(row: Any) -> Row:
    return {
        "id": row.id, "kind": row.kind, "status": row.status, "chain_id": row.chain_id,
        "recognized_on": row.recognized_on, "valid_until": row.valid_until,
        "review_due": row.review_due, "data_update_due": row.data_update_due,
        "approved_on": row.approved_on,
    }  # fmt: skip


@router.get("/enterprises", summary="The enterprises the caller sees, with their titles")
def list_enterprises(
    request: Request,
    session: Db,
    viewer: ApiViewer,
    chain: str | None = None,
    kind: str | None = None,
    status: str | None = None,
    due_within: Annotated[int | None, Query(ge=0, le=1000)] = None,
    page: Page = 1,
    per_page: PerPage = 50,
) -> list[Row]:
    with _answers():
        rows, _ = service.list_enterprises(
            session=session, viewer=viewer, chain=chain, kind=kind, status=status,
            due_within=due_within, page=page, per_page=per_page, **_common(request),
        )  # fmt: skip
    return rows


@router.get("/enterprises/{credit_code}", summary="One enterprise: titles, candidacies, chains")
def show_enterprise(request: Request, session: Db, viewer: ApiViewer, credit_code: str) -> Row:
    with _answers():
        return service.enterprise_page(
            session=session, viewer=viewer, credit_code=credit_code, **_common(request)
        )


@router.get("/designations", summary="Titles with their deadlines")
def list_designations(
    request: Request,
    session: Db,
    viewer: ApiViewer,
    chain: str | None = None,
    kind: str | None = None,
    status: str | None = None,
    due_within: Annotated[int | None, Query(ge=0, le=1000)] = None,
    credit_code: str | None = None,
    page: Page = 1,
    per_page: PerPage = 50,
) -> list[Row]:
    with _answers():
        rows, _ = service.list_designations(
            session=session, viewer=viewer, chain=chain, kind=kind, status=status,
            due_within=due_within, credit_code=credit_code, page=page, per_page=per_page,
            **_common(request),
        )  # fmt: skip
    return rows


@router.post("/designations", status_code=201, summary="Recognise or propose a title")
def add_designation(request: Request, session: Db, viewer: ApiViewer, body: DesignationIn) -> Row:
    common = _common(request)
    with _answers():
        row = service.add_designation(
            session=session, viewer=viewer, credit_code=body.credit_code, kind=body.kind,
            recognized_on=body.recognized_on, valid_until_on=body.valid_until,
            review_due=body.review_due, data_update_due=body.data_update_due, batch=body.batch,
            doc_no=body.doc_no, chain=body.chain, candidate=body.candidate,
            kinds=common["kinds"], now=now(), today=common["today"],
        )  # fmt: skip
    return _title(row)


@router.post("/designations/{designation_id}/move", summary="Move a title")
def move_designation(
    request: Request, session: Db, viewer: ApiViewer, designation_id: int, body: MoveIn
) -> Row:
    common = _common(request)
    with _answers():
        row = service.move_designation(
            session=session, viewer=viewer, designation_id=designation_id, to=body.to,
            reason=body.reason, recognized_on=body.recognized_on,
            valid_until_on=body.valid_until, doc_no=body.doc_no, kinds=common["kinds"],
            now=now(), today=common["today"],
        )  # fmt: skip
    return _title(row)


@router.post("/designations/{designation_id}/approve", summary="The chain leader approves")
def approve(request: Request, session: Db, viewer: ApiViewer, designation_id: int) -> Row:
    common = _common(request)
    with _answers():
        row = service.approve_designation(
            session=session, viewer=viewer, designation_id=designation_id,
            kinds=common["kinds"], now=now(), today=common["today"],
        )  # fmt: skip
    return _title(row)


@router.post("/designations/{designation_id}/refuse", summary="The chain leader refuses")
def refuse(
    request: Request, session: Db, viewer: ApiViewer, designation_id: int, body: RefuseIn
) -> Row:
    with _answers():
        row = service.refuse_designation(
            session=session, viewer=viewer, designation_id=designation_id, reason=body.reason,
            kinds=_kinds(request), now=now(),
        )  # fmt: skip
    return _title(row)


@router.get("/library", summary="The cultivation library's candidates")
def list_library(
    request: Request,
    session: Db,
    viewer: ApiViewer,
    chain: str | None = None,
    target_kind: str | None = None,
    overdue: bool = False,
    include_left: bool = False,
) -> list[Row]:
    common = _common(request)
    with _answers():
        chain_id = service.chain_id_of(session, chain) if chain else None
        return service.list_candidates(
            session=session, viewer=viewer, today=common["today"], chain_id=chain_id,
            target_kind=target_kind, include_left=include_left, overdue_only=overdue,
            kinds=common["kinds"],
        )  # fmt: skip


@router.post("/library", status_code=201, summary="Enter a candidate")
def add_candidate(request: Request, session: Db, viewer: ApiViewer, body: CandidateIn) -> Row:
    common = _common(request)
    with _answers():
        row = service.add_candidate(
            session=session, viewer=viewer, credit_code=body.credit_code,
            target_kind=body.target_kind, entered_on=body.entered_on or common["today"],
            cycle_months=body.cycle_months, kinds=common["kinds"], now=now(),
        )  # fmt: skip
    return {"id": row.id, "target_kind": row.target_kind, "entered_on": row.entered_on}


@router.post("/library/{candidate_id}/exit", summary="A candidate leaves, with the reason")
def exit_candidate(
    request: Request, session: Db, viewer: ApiViewer, candidate_id: int, body: ExitIn
) -> Row:
    common = _common(request)
    with _answers():
        row = service.exit_candidate(
            session=session, viewer=viewer, candidate_id=candidate_id, reason=body.reason,
            left_on=body.left_on or common["today"], note=body.note, now=now(),
        )  # fmt: skip
    return {"id": row.id, "left_on": row.left_on, "exit_reason": row.exit_reason}
