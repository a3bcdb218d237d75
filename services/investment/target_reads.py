"""Reading investment targets as a viewer may: the list (by chain, status, map node), one
target, and a chain's gaps — the weak or missing nodes of its map with no live target.

The row keys are the documented ones (README, "Investment: targets from the chain map"): the
pages, ``chainops investment targets … --json`` and ``/api/investment/targets`` show the same.
"""

from dataclasses import dataclass
from typing import Any

from sqlmodel import Session, col, func, select
from sqlmodel.sql.expression import SelectOfScalar

from mechanism.investment_targets import MOVES, NodeTargets, TargetStatus
from mechanism.investment_targets import target_gaps as gap_rule
from mechanism.vocabulary import Stage
from models import Chain, InvestmentProject, InvestmentTarget, MapNode, MapSegment
from services.investment import target_checks as check
from services.investment.access import InvestmentHidden, chain_filter, reads_chain_investment
from services.lookups import chain_by_code
from services.people import Viewer, runs_chain

MAX_LISTED = 500  # a page shows a chain's targets this long at most; the API pages them
_STAGE_ORDER = {stage.value: place for place, stage in enumerate(Stage)}


def hidden_target(session: Session, viewer: Viewer, target_id: int) -> InvestmentTarget:
    """The target, if ``viewer`` reads its chain's targets; else InvestmentHidden (the same
    for a target that does not exist)."""
    target = session.get(InvestmentTarget, target_id)
    if target is None or not reads_chain_investment(session, viewer, target.chain_id):
        raise InvestmentHidden(f"no target {target_id}")
    return target


def target_rows(session: Session, query: SelectOfScalar[InvestmentTarget]) -> list[dict[str, Any]]:
    targets = list(session.exec(query).all())
    chains = {
        c.id: c.code
        for c in session.exec(select(Chain).where(col(Chain.id).in_({t.chain_id for t in targets})))
    }
    node_ids = {t.map_node_id for t in targets if t.map_node_id is not None}
    nodes = {n.id: n for n in session.exec(select(MapNode).where(col(MapNode.id).in_(node_ids)))}
    projects: dict[int, int] = dict(
        session.exec(  # type: ignore[arg-type]
            select(InvestmentProject.target_id, func.count())
            .where(col(InvestmentProject.target_id).in_({t.id for t in targets}))
            .group_by(col(InvestmentProject.target_id))
        ).all()
    )
    rows = []
    for t in targets:
        node = nodes.get(t.map_node_id) if t.map_node_id is not None else None
        rows.append(
            {
                "id": t.id,
                "chain": chains[t.chain_id],
                "company": t.company_name,
                "credit_code": t.credit_code,
                "hq_region": t.hq_region,
                "source": t.source,
                "purpose": t.purpose,
                "node": node.name if node else None,
                "node_status": node.status if node else None,
                "priority": t.priority,
                "owner_group": t.owner_group,
                "status": t.status,
                "dropped_reason": t.dropped_reason,
                "note": t.note,
                "projects": projects.get(t.id or 0, 0),
                "updated_at": t.updated_at,
            }
        )
    return rows


def visible_target(session: Session, viewer: Viewer, target_id: int) -> dict[str, Any]:
    """The target as its row shows it, if ``viewer`` reads it (else InvestmentHidden)."""
    hidden_target(session, viewer, target_id)
    return target_rows(session, select(InvestmentTarget).where(InvestmentTarget.id == target_id))[0]


def list_targets(
    *,
    session: Session,
    viewer: Viewer | None,
    chain: str | None = None,
    status: str | None = None,
    node: str | None = None,
    limit: int = MAX_LISTED,
    offset: int = 0,
) -> list[dict[str, Any]]:
    """The targets ``viewer`` reads (None: the operator, every one), by chain, priority, id.
    ``node`` is a node's name: within ``chain`` it must be one of its map's."""
    query = select(InvestmentTarget).where(chain_filter(session, viewer, InvestmentTarget))
    if chain is not None:
        the_chain = chain_by_code(session, chain)
        query = query.where(InvestmentTarget.chain_id == the_chain.id)
        if (node or "").strip():
            found = check.node_named(session, the_chain, node)
            query = query.where(InvestmentTarget.map_node_id == (found.id if found else None))
    elif (node or "").strip():
        named = select(MapNode.id).where(MapNode.name == (node or "").strip())
        query = query.where(col(InvestmentTarget.map_node_id).in_(named))
    if status is not None and status.strip():
        query = query.where(InvestmentTarget.status == check.status(status).value)
    query = query.order_by(
        col(InvestmentTarget.chain_id), col(InvestmentTarget.priority), col(InvestmentTarget.id)
    )
    return target_rows(session, query.offset(offset).limit(limit))


def map_nodes(session: Session, chain_id: int) -> list[dict[str, Any]]:
    """The chain's map nodes in map order (upstream → midstream → downstream, then segment
    and node order), each with its segment, stage and count of live (not dropped) targets."""
    live = (
        select(InvestmentTarget.map_node_id, func.count().label("n"))
        .where(
            InvestmentTarget.chain_id == chain_id,
            InvestmentTarget.status != TargetStatus.DROPPED.value,
        )
        .group_by(col(InvestmentTarget.map_node_id))
        .subquery()
    )
    found = session.exec(
        select(MapNode, MapSegment, live.c.n)
        .join(MapSegment, col(MapSegment.id) == MapNode.segment_id)
        .outerjoin(live, live.c.map_node_id == MapNode.id)
        .where(MapSegment.chain_id == chain_id)
        .order_by(col(MapSegment.position), col(MapSegment.id), col(MapNode.id))
    ).all()
    rows: list[dict[str, Any]] = [
        {
            "node_id": node.id,
            "node": node.name,
            "status": node.status,
            "segment": segment.name,
            "stage": segment.stage,
            "note": node.note,
            "live_targets": int(count or 0),
        }
        for node, segment, count in found
    ]
    rows.sort(key=lambda r: _STAGE_ORDER.get(str(r["stage"]), len(_STAGE_ORDER)))  # stable
    return rows


def target_gaps(*, session: Session, viewer: Viewer | None, chain: str) -> list[dict[str, Any]]:
    """The chain's gaps (weak or missing nodes with no live target), in map order; keys:
    node, status, segment, stage, note. InvestmentHidden unless ``viewer`` reads the chain's
    targets (None: the operator)."""
    the_chain = chain_by_code(session, chain)
    if viewer is not None and not reads_chain_investment(session, viewer, the_chain.id or 0):
        raise InvestmentHidden(f"no chain {chain!r}")
    nodes = map_nodes(session, the_chain.id or 0)
    by_id = {n["node_id"]: n for n in nodes}
    gaps = gap_rule(
        NodeTargets(n["node_id"], n["node"], n["status"], n["live_targets"]) for n in nodes
    )
    return [
        {k: by_id[g.node_id][k] for k in ("node", "status", "segment", "stage", "note")}
        for g in gaps
    ]


@dataclass(frozen=True)
class TargetsPage:
    """A chain's targets page: the rows, its gaps, the map's nodes for the form, and whether the
    viewer manages (adds, edits, moves)."""

    chain: Chain
    rows: list[dict[str, Any]]
    gaps: list[dict[str, Any]]
    nodes: list[dict[str, Any]]
    may_manage: bool


def targets_page(
    *,
    session: Session,
    viewer: Viewer,
    chain_code: str,
    status: str | None = None,
    node: str | None = None,
) -> TargetsPage:
    """InvestmentHidden unless ``viewer`` reads the chain's targets; a bad filter is refused
    (InvestmentRefused naming it)."""
    chain = chain_by_code(session, chain_code)
    if not reads_chain_investment(session, viewer, chain.id or 0):
        raise InvestmentHidden(f"no chain {chain_code!r}")
    gaps = target_gaps(session=session, viewer=viewer, chain=chain.code)
    nodes = map_nodes(session, chain.id or 0)
    rows = list_targets(session=session, viewer=viewer, chain=chain.code, status=status, node=node)
    may = viewer.enterprise_id is None and runs_chain(session, viewer.actor, chain.id or 0)
    return TargetsPage(chain, rows, gaps, nodes, may)


@dataclass(frozen=True)
class TargetPage:
    row: dict[str, Any]
    chain: Chain
    nodes: list[dict[str, Any]]
    may_manage: bool
    moves: list[str]  # the statuses the target may move to now
    # the pipeline projects made from the target (id, code, name, stage), so a target can be
    # followed to production from its own page
    projects: list[dict[str, Any]]


def target_page(*, session: Session, viewer: Viewer, target_id: int) -> TargetPage:
    target = hidden_target(session, viewer, target_id)
    chain = session.get(Chain, target.chain_id)
    assert chain is not None
    may = viewer.enterprise_id is None and runs_chain(session, viewer.actor, chain.id or 0)
    moves = [m.value for m in MOVES[TargetStatus(target.status)]]
    projects = session.exec(
        select(
            InvestmentProject.id,
            InvestmentProject.code,
            InvestmentProject.name,
            InvestmentProject.stage,
        )
        .where(InvestmentProject.target_id == target_id)
        .order_by(col(InvestmentProject.code))
    ).all()
    return TargetPage(
        visible_target(session, viewer, target_id),
        chain,
        map_nodes(session, chain.id or 0),
        may,
        moves,
        [
            {"id": i, "code": code, "name": name, "stage": stage}
            for i, code, name, stage in projects
        ],
    )


def chain_page_gaps(
    *, session: Session, viewer: Viewer, chain: Chain
) -> list[dict[str, Any]] | None:
    """The short list the chain page shows ("links lacking targets"): the gaps, or None when
    the viewer does not read the chain's targets (the page then says nothing of them)."""
    if not reads_chain_investment(session, viewer, chain.id or 0):
        return None
    return target_gaps(session=session, viewer=viewer, chain=chain.code)
