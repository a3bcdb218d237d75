"""What the pipeline's pages, the CLI and the JSON API read: the projects a viewer sees, each
with its size band and, when signed and not started, its light; and one project in full (its
moves, signings, funds by month, filing task and key project).

The keys of these rows are the ``--json`` and API contract (README, "Investment: the
pipeline").
"""

from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlmodel import Session, col, select

from mechanism.investment import (
    ROAD,
    InvestorRank,
    NotStartedLight,
    PipelineRules,
    ProjectStage,
    SigningKind,
    filing_due,
    not_started_light,
    signed_not_started,
    size_band,
)
from mechanism.workdays import Workdays
from models import (
    Chain,
    Enterprise,
    FundsArrival,
    InvestmentMove,
    InvestmentProject,
    InvestmentSigning,
    KeyProject,
    MapNode,
    MapSegment,
    Person,
    Task,
)
from services.investment import projects_checks as check
from services.investment.access import chain_filter
from services.investment.projects import visible_project
from services.people import Viewer

_ORDER = {stage.value: i for i, stage in enumerate((*ROAD, ProjectStage.TERMINATED))}
_LIGHT_ORDER = {NotStartedLight.RED.value: 0, NotStartedLight.YELLOW.value: 1}


def _label(value: str | None, vocabulary: Any) -> dict[str, str] | None:
    found = vocabulary.parse(value) if value else None
    return None if found is None else {"code": found.value, "zh": found.zh, "en": found.en}


def project_row(
    project: InvestmentProject,
    *,
    chain: Chain,
    today: date,
    pipeline: PipelineRules,
    names: dict[str, dict[int, str]],
) -> dict[str, Any]:
    """One project as the lists show it (the ``--json`` keys)."""
    band = size_band(project.contract_amount_wan, project.planned_investment_wan)
    light = not_started_light(project.stage, project.signed_on, today, pipeline)
    stage = ProjectStage(project.stage)
    return {
        "id": project.id,
        "code": project.code,
        "name": project.name,
        "chain": chain.code,
        "chain_zh": chain.name_zh,
        "stage": stage.value,
        "stage_zh": stage.zh,
        "investor": project.investor_name,
        "investor_credit_code": project.investor_credit_code,
        "investor_rank": project.investor_rank,
        "county": project.county,
        "node": names["node"].get(project.map_node_id or 0),
        "target_id": project.target_id,
        "planned_wan": project.planned_investment_wan,
        "contract_wan": project.contract_amount_wan,
        "size_band": band.value if band is not None else None,
        "size_band_zh": band.zh if band is not None else None,
        "signed_on": project.signed_on.isoformat() if project.signed_on else None,
        "filed_on": project.filed_on.isoformat() if project.filed_on else None,
        "started_on": project.started_on.isoformat() if project.started_on else None,
        "not_started": signed_not_started(project.stage, project.signed_on),
        "light": light.value if light is not None else None,
        "sponsor": names["person"].get(project.sponsor_leader_id or 0),
        "officer": names["person"].get(project.service_officer_id or 0),
        "enterprise": names["enterprise"].get(project.enterprise_id or 0),
        "key_project": names["key_project"].get(project.key_project_id or 0),
        "terminated_reason": project.terminated_reason,
    }


def _names(session: Session, projects: Sequence[InvestmentProject]) -> dict[str, dict[int, str]]:
    """The emails, node names, enterprise names and key-project codes the rows refer to,
    loaded once for the rows, not once a row."""

    def ids(attribute: str) -> list[int]:
        return sorted({getattr(p, attribute) for p in projects if getattr(p, attribute)})

    people = ids("sponsor_leader_id") + ids("service_officer_id")

    def pairs(id_column: Any, value: Any, wanted: list[int]) -> dict[int, str]:
        rows = session.exec(select(id_column, value).where(col(id_column).in_(wanted)))
        return {int(key): str(text) for key, text in rows}

    return {
        "person": pairs(Person.id, Person.email, people),
        "node": pairs(MapNode.id, MapNode.name, ids("map_node_id")),
        "enterprise": pairs(Enterprise.id, Enterprise.name, ids("enterprise_id")),
        "key_project": pairs(KeyProject.id, KeyProject.code, ids("key_project_id")),
    }


def list_projects(
    *,
    session: Session,
    viewer: Viewer | None,
    today: date,
    pipeline: PipelineRules,
    chain: str | None = None,
    stage: str | None = None,
    county: str | None = None,
    not_started: bool = False,
    node: str | None = None,
) -> list[dict[str, Any]]:
    """The projects ``viewer`` sees (None: the operator, every one), filtered; by chain, then
    stage along the road, then code. ``not_started``: the signed-but-not-started ones only,
    red first, then yellow, then green, the longest waiting first. ``node``: a map node's
    name (the chain map's links), within ``chain`` when one is given."""
    query = select(InvestmentProject)
    if viewer is not None and viewer.enterprise_id is not None:
        query = query.where(InvestmentProject.enterprise_id == viewer.enterprise_id)
    else:
        query = query.where(chain_filter(session, viewer, InvestmentProject))
    if chain:
        found = check.chain_named(session, chain)
        query = query.where(InvestmentProject.chain_id == found.id)
    if stage:
        query = query.where(InvestmentProject.stage == check.stage(stage).value)
    if node and node.strip():
        named = (
            select(MapNode.id)
            .join(MapSegment, col(MapSegment.id) == MapNode.segment_id)
            .where(MapNode.name == node.strip())
        )
        if chain:
            named = named.where(MapSegment.chain_id == found.id)
        query = query.where(col(InvestmentProject.map_node_id).in_(named))
    if county and county.strip():
        query = query.where(InvestmentProject.county == county.strip())
    if not_started:
        query = query.where(
            col(InvestmentProject.signed_on).is_not(None),
            col(InvestmentProject.stage).in_(
                [ProjectStage.SIGNED.value, ProjectStage.REGISTERED.value]
            ),
        )
    projects = list(session.exec(query))
    chains = {c.id: c for c in session.exec(select(Chain))}
    names = _names(session, projects)
    rows = [
        project_row(p, chain=chains[p.chain_id], today=today, pipeline=pipeline, names=names)
        for p in projects
    ]
    if not_started:
        rows.sort(key=lambda r: (_LIGHT_ORDER.get(r["light"], 2), r["signed_on"], r["code"]))
    else:
        rows.sort(key=lambda r: (r["chain"], _ORDER[r["stage"]], r["code"]))
    return rows


def stage_counts(rows: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """Projects and amounts per stage along the road (every stage, even with none)."""
    counts = []
    for stage in (*ROAD, ProjectStage.TERMINATED):
        here = [r for r in rows if r["stage"] == stage.value]
        counts.append(
            {
                "stage": stage.value,
                "stage_zh": stage.zh,
                "stage_en": stage.en,
                "projects": len(here),
                "contract_wan": round(sum(r["contract_wan"] or 0 for r in here), 2),
                "planned_wan": round(sum(r["planned_wan"] or 0 for r in here), 2),
            }
        )
    return counts


def show_project(
    *,
    session: Session,
    viewer: Viewer | None,
    project_id: int,
    today: date,
    pipeline: PipelineRules,
    calendar: Workdays,
) -> dict[str, Any]:
    """One project with its moves, signings, funds by month, filing task and key project."""
    project = visible_project(session, viewer, project_id)
    chain = session.get(Chain, project.chain_id)
    assert chain is not None
    row = project_row(
        project, chain=chain, today=today, pipeline=pipeline, names=_names(session, [project])
    )
    row["investor_rank_label"] = _label(project.investor_rank, InvestorRank)
    row["moves"] = [
        {
            "from": m.from_stage,
            "to": m.to_stage,
            "on": m.moved_on.isoformat(),
            "by": m.created_by,
            "note": m.note,
        }
        for m in session.exec(
            select(InvestmentMove)
            .where(InvestmentMove.project_id == project.id)
            .order_by(col(InvestmentMove.id))
        )
    ]
    row["signings"] = [
        {
            "kind": s.kind,
            "kind_zh": SigningKind(s.kind).zh,
            "signed_on": s.signed_on.isoformat(),
            "amount_wan": s.amount_wan,
            "counted_wan": s.counted_wan,
            "by": s.created_by,
        }
        for s in session.exec(
            select(InvestmentSigning)
            .where(InvestmentSigning.project_id == project.id)
            .order_by(col(InvestmentSigning.signed_on), col(InvestmentSigning.id))
        )
    ]
    funds = list(
        session.exec(
            select(FundsArrival)
            .where(FundsArrival.project_id == project.id)
            .order_by(col(FundsArrival.month))
        )
    )
    row["funds"] = [{"month": f.month.isoformat()[:7], "amount_wan": f.amount_wan} for f in funds]
    row["funds_total_wan"] = round(sum(f.amount_wan for f in funds), 2)
    row["filing_due"] = (
        filing_due(project.signed_on, pipeline, calendar).isoformat() if project.signed_on else None
    )
    task = session.get(Task, project.filing_task_id) if project.filing_task_id else None
    row["filing_task"] = (
        None
        if task is None
        else {
            "id": task.id,
            "title": task.title,
            "due": task.due_date.isoformat(),
            "state": task.state,
        }
    )
    return row
