"""Demand and capability items as lists show them (pages, CLI ``--json``, the JSON API): the
keys here are the documented ones (README, "Matchmaking: lists and the shortlist")."""

from typing import Any

from sqlmodel import Session, col, select
from sqlmodel.sql.expression import SelectOfScalar

from models import CapabilityItem, Chain, DemandItem, Enterprise, MapNode, Match


def _names(
    session: Session, rows: list[Any]
) -> tuple[dict[int, Chain], dict[int, Enterprise], dict[int, MapNode]]:
    chains = {
        c.id: c
        for c in session.exec(select(Chain).where(col(Chain.id).in_({r.chain_id for r in rows})))
    }
    firms = {
        e.id: e
        for e in session.exec(
            select(Enterprise).where(col(Enterprise.id).in_({r.enterprise_id for r in rows}))
        )
    }
    node_ids = {r.map_node_id for r in rows if r.map_node_id is not None}
    nodes = {n.id: n for n in session.exec(select(MapNode).where(col(MapNode.id).in_(node_ids)))}
    return chains, firms, nodes  # type: ignore[return-value]


def _common(
    row: Any, chains: dict[int, Chain], firms: dict[int, Enterprise], nodes: dict[int, MapNode]
) -> dict[str, Any]:
    firm = firms[row.enterprise_id]
    node = nodes.get(row.map_node_id) if row.map_node_id is not None else None
    return {
        "id": row.id,
        "chain": chains[row.chain_id].code,
        "credit_code": firm.credit_code,
        "enterprise": firm.name,
        "county": firm.county,
        "node": node.name if node else None,
        "node_status": node.status if node else None,
    }


def demand_rows(session: Session, query: SelectOfScalar[DemandItem]) -> list[dict[str, Any]]:
    rows = list(session.exec(query).all())
    chains, firms, nodes = _names(session, rows)
    matched: dict[int, int] = {}
    for demand_id in session.exec(
        select(Match.demand_id).where(col(Match.demand_id).in_({r.id for r in rows}))
    ):
        matched[demand_id] = matched.get(demand_id, 0) + 1
    return [
        {
            **_common(row, chains, firms, nodes),
            "item": row.item,
            "specification": row.specification,
            "amount_wan": row.amount_wan,
            "needed_by": row.needed_by,
            "status": row.status,
            "event_id": row.event_id,
            "matches": matched.get(row.id or 0, 0),
        }
        for row in rows
    ]


def capability_rows(
    session: Session, query: SelectOfScalar[CapabilityItem]
) -> list[dict[str, Any]]:
    rows = list(session.exec(query).all())
    chains, firms, nodes = _names(session, rows)
    return [
        {
            **_common(row, chains, firms, nodes),
            "product": row.product,
            "certifications": row.certifications,
            "capacity": row.capacity,
        }
        for row in rows
    ]
