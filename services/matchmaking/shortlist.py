"""The shortlist of candidate suppliers for one demand, and the chain master's choice from it.

The ranking is ``mechanism.shortlist.rank``; this module only gathers what it ranks, and
never every capability of the chain: a province's library holds 100,000 of them. The candidates
are read one rank class at a time — the demand's own node, then the chain's weak and missing
nodes, then the rest of the chain where the supplier is in the same county or holds a title —
each class in the ranking's own order within it (same county, then tier, then id), a page at a
time, until ``top`` different suppliers are in hand. Since the classes come in rank order and
each is read in rank order, the suppliers read so far are exactly the best ``top``: the pure
ranking then orders and explains them. The tier used for the order inside a class is the same
rule as ``mechanism.designations.counts``, written as SQL over the kinds' ranks.
"""

from dataclasses import dataclass
from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col, select

from mechanism.designations import DEFAULT_KINDS, HOLDING, Kind
from mechanism.shortlist import DEFAULT_TOP, GAP_STATUSES, Line, Offer, Title, Wanted, rank
from models import (
    CapabilityItem,
    DemandItem,
    Designation,
    Enterprise,
    MapNode,
    MapSegment,
    Match,
)

PAGE = 2  # read a class ``PAGE * top`` rows at a time


@dataclass(frozen=True)
class _Class:
    where: sa.ColumnElement[bool]
    needs_reason: bool = False  # the rest of the chain: same county or a title, else no line


def tier_expression(today: date, kinds: tuple[Kind, ...]) -> sa.ColumnElement[int]:
    """The rank of the highest title the capability's enterprise holds that counts today."""
    ranks = sa.case({k.code: k.rank for k in kinds}, value=col(Designation.kind), else_=0)
    best = (
        select(sa.func.max(ranks))
        .where(
            Designation.enterprise_id == CapabilityItem.enterprise_id,
            col(Designation.status).in_(sorted(HOLDING)),
            sa.or_(col(Designation.valid_until).is_(None), col(Designation.valid_until) >= today),
        )
        .correlate(CapabilityItem)
        .scalar_subquery()
    )
    return sa.func.coalesce(best, 0)


def gap_nodes(session: Session, chain_id: int) -> set[int]:
    """The chain map's weak and missing nodes."""
    return {
        int(node_id)
        for node_id in session.exec(
            select(MapNode.id)
            .join(MapSegment, col(MapSegment.id) == MapNode.segment_id)
            .where(MapSegment.chain_id == chain_id, col(MapNode.status).in_(GAP_STATUSES))
        )
        if node_id is not None
    }


def matched_enterprises(session: Session, demand_id: int) -> set[int]:
    return set(
        session.exec(
            select(CapabilityItem.enterprise_id)
            .join(Match, col(Match.capability_id) == CapabilityItem.id)
            .where(Match.demand_id == demand_id)
        ).all()
    )


def shortlist_for(
    session: Session,
    demand: DemandItem,
    today: date,
    *,
    top: int = DEFAULT_TOP,
    kinds: tuple[Kind, ...] = DEFAULT_KINDS,
) -> list[Line]:
    """The ranked, explained shortlist of ``demand`` as of ``today``."""
    assert demand.id is not None
    firm = session.get(Enterprise, demand.enterprise_id)
    county = firm.county if firm is not None else None
    matched = matched_enterprises(session, demand.id)
    wanted = Wanted(demand.map_node_id, demand.enterprise_id, county, frozenset(matched))
    pool = _candidates(session, demand, wanted, today, top, kinds)
    return rank(wanted, _offers(session, pool), today, kinds=kinds, top=top)


def _classes(session: Session, demand: DemandItem) -> list[_Class]:
    node = demand.map_node_id
    gaps = gap_nodes(session, demand.chain_id) - {node}
    at_node = col(CapabilityItem.map_node_id)
    classes = []
    if node is not None:
        classes.append(_Class(at_node == node))
    if gaps:
        classes.append(_Class(at_node.in_(sorted(gaps))))
    elsewhere = sa.or_(at_node.is_(None), at_node.not_in(sorted(gaps | {node} - {None})))
    classes.append(
        _Class(sa.and_(col(CapabilityItem.chain_id) == demand.chain_id, elsewhere), True)
    )
    return classes


def _candidates(
    session: Session,
    demand: DemandItem,
    wanted: Wanted,
    today: date,
    top: int,
    kinds: tuple[Kind, ...],
) -> list[int]:
    """The capability ids that may make the shortlist, read class by class in rank order."""
    if top <= 0:
        return []
    tier = tier_expression(today, kinds)
    # Without a county nothing is in the same one: the order and the reasons skip it (and no
    # constant is ever an ORDER BY term, which PostgreSQL would read as a column position).
    same_county: sa.ColumnElement[int] | None = (
        sa.case((col(Enterprise.county) == wanted.county, 1), else_=0) if wanted.county else None
    )
    order = [*([same_county.desc()] if same_county is not None else []), tier.desc()]
    excluded = {wanted.enterprise_id} | set(wanted.matched_enterprises)
    found: list[int] = []
    suppliers: set[int] = set()
    for rank_class in _classes(session, demand):
        query = (
            select(CapabilityItem.id, CapabilityItem.enterprise_id)
            .join(Enterprise, col(Enterprise.id) == CapabilityItem.enterprise_id)
            .where(rank_class.where, col(CapabilityItem.enterprise_id).not_in(sorted(excluded)))
            .order_by(*order, col(CapabilityItem.id))
        )
        if rank_class.needs_reason:
            reasons = [tier > 0, *([same_county == 1] if same_county is not None else [])]
            query = query.where(sa.or_(*reasons))
        offset, size = 0, PAGE * top
        while len(suppliers) < top:
            rows = session.exec(query.offset(offset).limit(size)).all()
            for capability_id, enterprise_id in rows:
                found.append(int(capability_id or 0))
                suppliers.add(enterprise_id)
            if len(rows) < size:
                break
            offset += size
        if len(suppliers) >= top:
            break
    return found


def _offers(session: Session, capability_ids: list[int]) -> list[Offer]:
    if not capability_ids:
        return []
    rows = session.exec(
        select(CapabilityItem, Enterprise, MapNode)
        .join(Enterprise, col(Enterprise.id) == CapabilityItem.enterprise_id)
        .join(MapNode, col(MapNode.id) == CapabilityItem.map_node_id, isouter=True)
        .where(col(CapabilityItem.id).in_(capability_ids))
    ).all()
    firm_ids = {firm.id for _, firm, _ in rows}
    titles: dict[int, list[Title]] = {}
    designations = session.exec(
        select(Designation).where(col(Designation.enterprise_id).in_(firm_ids))
    )
    for title in designations:
        enterprise_id, kind, status, until = (
            title.enterprise_id,
            title.kind,
            title.status,
            title.valid_until,
        )
        titles.setdefault(enterprise_id, []).append(Title(kind, status, until))
    return [
        Offer(
            capability_id=capability.id or 0,
            enterprise_id=firm.id or 0,
            enterprise_name=firm.name,
            product=capability.product,
            node_id=capability.map_node_id,
            node_name=node.name if node is not None else None,
            node_status=node.status if node is not None else None,
            county=firm.county,
            titles=tuple(titles.get(firm.id or 0, ())),
        )
        for capability, firm, node in rows
    ]


def line_row(line: Line, credit_codes: dict[int, str]) -> dict[str, Any]:
    """A shortlist line as the CLI's ``--json`` and the API give it (keys in the README)."""
    offer, tier = line.offer, line.tier
    return {
        "place": line.place,
        "capability_id": offer.capability_id,
        "credit_code": credit_codes.get(offer.enterprise_id),
        "enterprise": offer.enterprise_name,
        "county": offer.county,
        "product": offer.product,
        "node": offer.node_name,
        "same_node": line.same_node,
        "gap_node": line.gap_node,
        "same_county": line.same_county,
        "tier": tier.kind.code if tier else None,
        "tier_valid_until": tier.valid_until if tier else None,
        "why": str(line.why),
        "why_zh": line.why.zh,
    }
