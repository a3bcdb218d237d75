"""``/api/plans``: the 一企一策 plans the caller sees, one in full, and the same changes as the
pages — a new plan, its targets, measures, the year-end actuals and the office's outcome —
through services/cultivation as ``chainops enterprises plans`` does. A plan the caller may not
see is 404, a change not theirs 403, a bad value 400 naming the field."""

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, HTTPException, Query
from pydantic import BaseModel, ConfigDict, Field

from chainops import wiring
from mechanism.cultivation import Figures
from services import cultivation
from services.cultivation import PlanRefused
from web.api.common import ApiRoute, ApiViewer, now
from web.api.schemas import ERRORS, Out
from web.deps import Db

router = APIRouter(prefix="/plans", route_class=ApiRoute, tags=["plans"], responses=ERRORS)


class FiguresIO(BaseModel):
    """A plan's five figures; null (or left out): not set."""

    model_config = ConfigDict(extra="forbid", from_attributes=True)

    revenue: float | None = Field(None, description="万元", allow_inf_nan=False)
    rd_intensity: float | None = Field(None, description="% of revenue: 3.5 is 3.5 %")
    local_suppliers: int | None = None
    zjtx_suppliers: int | None = None
    projects: int | None = None

    def figures(self) -> Figures:
        return Figures(**self.model_dump())


class PlanRow(Out):
    id: int
    chain: str
    chain_name_zh: str
    chain_name_en: str
    credit_code: str
    enterprise: str
    year: int
    target_kind: str = Field(description="chain_master or pilot")
    department: str
    department_name: str
    outcome: str | None = Field(description="met, partly, missed; null until confirmed")
    updated_at: datetime


class TargetLine(Out):
    target: str
    goal: float | None
    actual: float | None
    from_system: float | None
    reached: bool | None


class MeasureOut(Out):
    id: int
    position: int
    text: str
    factor_request: str | None
    project: str | None


class PlanDetail(PlanRow):
    targets: FiguresIO
    actuals: FiguresIO
    from_system: dict[str, int] = Field(description="What the system knows: the three counts.")
    lines: list[TargetLine]
    rule_outcome: str | None
    waiting: list[str]
    outcome_note: str | None
    measures: list[MeasureOut]
    may: dict[str, bool]


class PlanIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    chain: str
    credit_code: str
    year: int
    target_kind: str
    department: str | None = Field(None, description="Default: the chain's lead department.")
    targets: FiguresIO


class MeasureIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    text: str
    factor_request: str | None = None
    project: str | None = None


class OutcomeIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    outcome: str | None = Field(None, description="met, partly, missed; null: the rule's")
    note: str | None = None


@contextmanager
def _refusals() -> Iterator[None]:
    """The plan service's "no" to an input: 400 with its message, which names the field."""
    try:
        yield
    except PlanRefused as exc:
        raise HTTPException(400, detail=str(exc)) from exc


def _detail(session: Db, viewer: ApiViewer, plan_id: int) -> PlanDetail:
    return PlanDetail.model_validate(
        cultivation.show_plan(session=session, viewer=viewer, plan_id=plan_id)
    )


@router.get("", response_model=list[PlanRow], summary="The plans the caller sees")
def list_plans(
    session: Db,
    viewer: ApiViewer,
    chain: Annotated[str | None, Query(description="Chain code.")] = None,
    year: int | None = None,
) -> list[PlanRow]:
    """A firm sees its own plans, a department those it owns, a team or leader its chains'."""
    rows = cultivation.list_plans(session=session, viewer=viewer, chain_code=chain, year=year)
    return [PlanRow.model_validate(r) for r in rows]


@router.get("/{plan_id}", response_model=PlanDetail, summary="One plan in full")
def show(plan_id: int, session: Db, viewer: ApiViewer) -> PlanDetail:
    return _detail(session, viewer, plan_id)


@router.post("", response_model=PlanDetail, status_code=201, summary="A new plan")
def create(body: PlanIn, session: Db, viewer: ApiViewer) -> PlanDetail:
    with _refusals():
        plan = cultivation.create_plan(
            session=session,
            viewer=viewer,
            chain_code=body.chain,
            credit_code=body.credit_code,
            year=body.year,
            target_kind=body.target_kind,
            department_code=body.department,
            targets=body.targets.figures(),
            now=now(),
            today=wiring.today(),
        )
    assert plan.id is not None
    return _detail(session, viewer, plan.id)


@router.put("/{plan_id}/targets", response_model=PlanDetail, summary="New targets")
def edit(plan_id: int, body: FiguresIO, session: Db, viewer: ApiViewer) -> PlanDetail:
    with _refusals():
        cultivation.edit_plan(
            session=session,
            viewer=viewer,
            plan_id=plan_id,
            targets=body.figures(),
            department_code=None,
            now=now(),
        )
    return _detail(session, viewer, plan_id)


@router.post("/{plan_id}/measures", response_model=PlanDetail, summary="Add a measure")
def add_measure(plan_id: int, body: MeasureIn, session: Db, viewer: ApiViewer) -> PlanDetail:
    with _refusals():
        cultivation.add_measure(
            session=session,
            viewer=viewer,
            plan_id=plan_id,
            text=body.text,
            factor_request_code=body.factor_request,
            project_code=body.project,
            now=now(),
        )
    return _detail(session, viewer, plan_id)


@router.delete("/{plan_id}/measures/{measure_id}", response_model=PlanDetail)
def remove_measure(plan_id: int, measure_id: int, session: Db, viewer: ApiViewer) -> PlanDetail:
    with _refusals():
        cultivation.remove_measure(
            session=session, viewer=viewer, plan_id=plan_id, measure_id=measure_id, now=now()
        )
    return _detail(session, viewer, plan_id)


@router.put("/{plan_id}/actuals", response_model=PlanDetail, summary="The year-end actuals")
def record_actuals(plan_id: int, body: FiguresIO, session: Db, viewer: ApiViewer) -> PlanDetail:
    with _refusals():
        cultivation.record_actuals(
            session=session, viewer=viewer, plan_id=plan_id, actuals=body.figures(), now=now()
        )
    return _detail(session, viewer, plan_id)


@router.post("/{plan_id}/outcome", response_model=PlanDetail, summary="Confirm the outcome")
def confirm_outcome(plan_id: int, body: OutcomeIn, session: Db, viewer: ApiViewer) -> PlanDetail:
    """The office confirms the rule's outcome, or overrides it with a note."""
    with _refusals():
        cultivation.confirm_outcome(
            session=session,
            viewer=viewer,
            plan_id=plan_id,
            outcome=body.outcome,
            note=body.note,
            now=now(),
        )
    return _detail(session, viewer, plan_id)
