"""``/api/investment/projects``: the investment pipeline the caller sees, and one project in
full (moves, signings, funds by month, filing task, key project) — through
services/investment as the pages and ``chainops investment projects`` do. Keys: README,
"Investment: the pipeline"."""

from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query, Request

from chainops import wiring
from services.investment import InvestmentHidden, InvestmentRefused, list_projects, show_project
from web.api.common import ApiRoute, ApiViewer
from web.api.schemas import ERRORS
from web.deps import Db

router = APIRouter(route_class=ApiRoute, tags=["investment"], responses=ERRORS)


@router.get("/investment/projects", summary="The investment projects the caller sees")
def projects(
    request: Request,
    session: Db,
    viewer: ApiViewer,
    chain: Annotated[str | None, Query(description="Chain code.")] = None,
    stage: Annotated[str | None, Query(description="lead, negotiating, … terminated")] = None,
    county: Annotated[str | None, Query(description="Where the project lands.")] = None,
    not_started: Annotated[bool, Query(description="Signed, not started, red first.")] = False,
    node: Annotated[str | None, Query(description="A chain-map node's name.")] = None,
) -> list[dict[str, Any]]:
    try:
        return list_projects(
            session=session,
            viewer=viewer,
            today=request.app.state.rules.today(wiring.now()),
            pipeline=wiring.pipeline_rules(request.app.state.settings),
            chain=chain,
            stage=stage,
            county=county,
            not_started=not_started,
            node=node,
        )
    except InvestmentRefused as exc:
        raise HTTPException(400, detail=str(exc)) from exc


@router.get("/investment/projects/{project_id:rowid}", summary="One investment project in full")
def project(request: Request, session: Db, viewer: ApiViewer, project_id: int) -> dict[str, Any]:
    rules = request.app.state.rules
    try:
        return show_project(
            session=session,
            viewer=viewer,
            project_id=project_id,
            today=rules.today(wiring.now()),
            pipeline=wiring.pipeline_rules(request.app.state.settings),
            calendar=rules.calendar,
        )
    except InvestmentHidden as exc:
        raise HTTPException(404, detail=str(exc)) from exc
