"""``/api/projects``: the key projects the caller sees, one in full, and the monthly report
(月调度) — by the enterprise for its own, or by the chain's working group or the office —
through services/projects/ as ``chainops projects report`` does."""

from datetime import date
from typing import Annotated

from fastapi import APIRouter, HTTPException, Query, Request
from sqlmodel import Session

from services import projects as project_service
from services import requests as request_service
from services.people import Viewer
from services.projects import visible_project, visible_projects
from services.requests import submit_request
from web.api.common import (
    ApiLocale,
    ApiRoute,
    ApiViewer,
    engine_rules,
    factor_rules,
    now,
    project_rules,
)
from web.api.item_schemas import (
    ProjectDetail,
    ProjectReported,
    ProjectRow,
    ReportIn,
    RequestDetail,
)
from web.api.schemas import ERRORS, Problem
from web.deps import Db

router = APIRouter(prefix="/projects", route_class=ApiRoute, tags=["projects"], responses=ERRORS)


def _detail(
    request: Request, session: Session, viewer: Viewer, code: str, locale: str
) -> ProjectDetail:
    rules = engine_rules(request)
    row = project_service.show_project(
        session=session,
        code=code,
        actor=viewer.actor,
        today=rules.today(now()),
        rules=project_rules(request),
        calendar=rules.calendar,
        locale=locale,
    )
    return ProjectDetail.model_validate(row)


@router.get("", response_model=list[ProjectRow], summary="The key projects the caller sees")
def list_projects(
    request: Request,
    session: Db,
    viewer: ApiViewer,
    locale: ApiLocale,
    chain: Annotated[str | None, Query(description="Chain code.")] = None,
) -> list[ProjectRow]:
    """Each with its light as of today and the reason for it; a firm sees its own only."""
    rules = engine_rules(request)
    rows = visible_projects(
        session=session,
        viewer=viewer,
        today=rules.today(now()),
        rules=project_rules(request),
        calendar=rules.calendar,
        chain=chain,
        locale=locale,
    )
    return [ProjectRow.model_validate(r) for r in rows]


@router.get("/{code}", response_model=ProjectDetail, summary="One key project in full")
def show(
    request: Request, code: str, session: Db, viewer: ApiViewer, locale: ApiLocale
) -> ProjectDetail:
    project = visible_project(session, viewer, code)
    return _detail(request, session, viewer, project.code, locale)


@router.post(
    "/{code}/reports",
    response_model=ProjectReported,
    summary="Report a month",
    responses={409: {"model": Problem, "description": "The month has a report: replace it?"}},
)
def report(
    request: Request,
    code: str,
    body: ReportIn,
    session: Db,
    viewer: ApiViewer,
    locale: ApiLocale,
) -> ProjectReported:
    """Investment in the month, milestones reached, problems; a problem can become a
    factor-supply request in the same step. All of it happens, or none. A month already
    reported differently is 409, naming that report, unless ``"replace": true``."""
    project = visible_project(session, viewer, code)
    rules, moment = engine_rules(request), now()
    try:
        month = date.fromisoformat(f"{body.month}-01")
    except ValueError:
        raise HTTPException(400, f"month: {body.month!r} is not a month like 2026-10") from None
    need = body.factor_request
    if need is not None and not (body.problems or "").strip():
        raise HTTPException(400, "problems: a factor request needs the problem it is for")
    try:
        done = project_service.report_month(
            session=session,
            project_code=project.code,
            actor=viewer.actor,
            month=month,
            month_investment=body.month_investment,
            milestones_reached=body.milestones,
            problems=body.problems,
            now=moment,
            rules=rules,
            projects=project_rules(request),
            locale=locale,
            replace=body.replace,
        )
    except project_service.ReportExists as exc:
        raise HTTPException(409, f'{exc}; send "replace": true to replace it') from exc
    raised = None
    if need is not None:
        factors = factor_rules(request)
        created = submit_request(
            session=session,
            actor=viewer.actor,
            chain_code=done.chain_code,
            credit_code=done.credit_code,
            project_code=done.project.code,
            factor_type=need.factor_type,
            quantity=need.quantity,
            unit=need.unit,
            needed_by=need.needed_by,
            description=body.problems or "",
            now=moment,
            rules=rules,
            factors=factors,
        )
        shown = request_service.show_request(
            session=session,
            code=created.code,
            today=rules.today(moment),
            rules=rules,
            factors=factors,
            actor=viewer.actor,
            locale=locale,
        )
        raised = RequestDetail.model_validate(shown)
    return ProjectReported(
        project=_detail(request, session, viewer, project.code, locale), factor_request=raised
    )
