"""What the pipeline's pages show: a chain's pipeline by stage (with its add form for those who
manage it), the city's pipeline across the chains the viewer reads with the signed-but-not-
started list, and one project with the forms its managers may use."""

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlmodel import Session, select

from mechanism.investment import PipelineRules
from mechanism.wording import Said
from mechanism.workdays import Workdays
from models import Chain
from services.investment import projects_checks as check
from services.investment.access import InvestmentHidden, reads_chain_investment
from services.investment.pipeline import list_projects, show_project, stage_counts
from services.lookups import chain_nodes
from services.people import Viewer, runs_chain


@dataclass(frozen=True)
class ChainPipeline:
    chain: Chain
    rows: list[dict[str, Any]]
    counts: list[dict[str, Any]]
    may_manage: bool
    nodes: list[tuple[str, str]]  # the map's nodes (name, status), for the add form
    node: str | None = None  # the node the list is narrowed to (the chain map's links)


def chain_pipeline(
    *,
    session: Session,
    viewer: Viewer,
    chain_code: str,
    today: date,
    pipeline: PipelineRules,
    node: str | None = None,
) -> ChainPipeline:
    """The chain's pipeline (its projects on ``node`` only, when given), or InvestmentHidden
    when the viewer does not read the chain."""
    try:
        chain = check.chain_named(session, chain_code)
    except ValueError as exc:
        raise InvestmentHidden(
            Said(f"no chain {chain_code!r}", f"没有产业链 {chain_code!r}")
        ) from exc
    if not reads_chain_investment(session, viewer, chain.id or 0):
        raise InvestmentHidden(Said(f"no chain {chain_code!r}", f"没有产业链 {chain_code!r}"))
    node = (node or "").strip() or None
    rows = list_projects(
        session=session, viewer=viewer, today=today, pipeline=pipeline, chain=chain.code, node=node
    )
    return ChainPipeline(
        chain=chain,
        rows=rows,
        counts=stage_counts(rows),
        may_manage=viewer.enterprise_id is None
        and runs_chain(session, viewer.actor, chain.id or 0),
        nodes=chain_nodes(session, chain.id or 0),
        node=node,
    )


@dataclass(frozen=True)
class CityPipeline:
    rows: list[dict[str, Any]]
    counts: list[dict[str, Any]]
    not_started: list[dict[str, Any]]


def city_pipeline(
    *, session: Session, viewer: Viewer, today: date, pipeline: PipelineRules
) -> CityPipeline:
    """Every project the viewer sees, and the signed-not-started ones, red and yellow first."""
    rows = list_projects(session=session, viewer=viewer, today=today, pipeline=pipeline)
    waiting = list_projects(
        session=session, viewer=viewer, today=today, pipeline=pipeline, not_started=True
    )
    return CityPipeline(rows=rows, counts=stage_counts(rows), not_started=waiting)


@dataclass(frozen=True)
class ProjectView:
    row: dict[str, Any]
    may_manage: bool


def project_view(
    *,
    session: Session,
    viewer: Viewer,
    project_id: int,
    today: date,
    pipeline: PipelineRules,
    calendar: Workdays,
) -> ProjectView:
    row = show_project(
        session=session,
        viewer=viewer,
        project_id=project_id,
        today=today,
        pipeline=pipeline,
        calendar=calendar,
    )
    chain = session.exec(select(Chain).where(Chain.code == row["chain"])).one()
    may = viewer.enterprise_id is None and runs_chain(session, viewer.actor, chain.id or 0)
    return ProjectView(row=row, may_manage=may)
