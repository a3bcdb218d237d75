"""The chain masters' demand lists (需求清单) and the SMEs' capability lists (产品/能力清单):
entering and editing an item, and the items a viewer sees.

An enterprise enters items for itself on the chains it belongs to; the chain's working group
and the office for any enterprise. Every item names its chain-map node by the node's name
within the chain (the same as the workbook's sheets). Each change is audited.
"""

from datetime import date, datetime
from typing import Any

from sqlmodel import Session, col, select

from mechanism.supply_lists import DemandStatus
from mechanism.wording import Said
from models import CapabilityItem, Chain, DemandItem, EnterpriseMembership, MapNode
from services.audit import audit
from services.lookups import chain_by_code
from services.matchmaking import supply_checks as check
from services.matchmaking.supply_access import (
    SupplyHidden,
    SupplyInputError,
    item_filter,
    may_edit,
    sees_item,
)
from services.matchmaking.supply_rows import capability_rows, demand_rows
from services.people import Actor, Viewer

MAX_LISTED = 500  # a page shows a chain's list this long at most; the API pages it


def _owner(session: Session, actor: Actor, chain: Chain, credit_code: str | None) -> int:
    """The enterprise the item is for: the firm's own, or the one named; a firm must be on
    the chain (its lists are about the chains it belongs to)."""
    if credit_code is None:
        if actor.enterprise_id is None:
            raise SupplyInputError(
                "credit_code",
                Said("credit code: name the enterprise", "统一社会信用代码：请填写企业"),
            )
        enterprise_id = actor.enterprise_id
    else:
        firm = check.enterprise_by_code(session, credit_code)
        assert firm.id is not None
        enterprise_id = firm.id
    may_edit(session, actor, chain, enterprise_id)
    if actor.enterprise_id is not None:
        member = session.exec(
            select(EnterpriseMembership.id).where(
                EnterpriseMembership.chain_id == chain.id,
                EnterpriseMembership.enterprise_id == enterprise_id,
            )
        ).first()
        if member is None:
            raise SupplyInputError(
                "chain",
                Said(
                    f"chain: your enterprise is not on the {chain.code} chain",
                    f"产业链：本企业不在 {chain.code} 产业链上",
                ),
            )
    return enterprise_id


def _node_id(node: MapNode | None) -> int | None:
    return node.id if node is not None else None


def add_demand(
    *,
    session: Session,
    actor: Actor,
    chain_code: str,
    credit_code: str | None,
    item: str,
    node: str | None = None,
    specification: str | None = None,
    amount_wan: float | None = None,
    needed_by: date | None = None,
    event_id: int | None = None,
    now: datetime,
) -> DemandItem:
    """A new open line on the enterprise's demand list."""
    chain = chain_by_code(session, chain_code)
    enterprise_id = _owner(session, actor, chain, credit_code)
    demand = DemandItem(
        chain_id=chain.id or 0,
        enterprise_id=enterprise_id,
        item=check.text("item", item, model=DemandItem, required=True) or "",
        map_node_id=_node_id(check.node_named(session, chain, node)),
        specification=check.text("specification", specification, model=DemandItem),
        amount_wan=check.amount(amount_wan),
        needed_by=check.needed_by(needed_by),
        event_id=check.event_of(session, chain, event_id),
        status=DemandStatus.OPEN.value,
        created_at=now,
    )
    session.add(demand)
    session.flush()
    audit(
        session,
        actor=actor,
        entity_type="demand_item",
        entity_id=demand.id,
        action="created",
        now=now,
        detail=check.jsonable(demand.model_dump(exclude={"id", "created_at"})),
    )
    return demand


def edit_demand(
    *,
    session: Session,
    actor: Actor,
    demand_id: int,
    viewer: Viewer,
    item: str,
    node: str | None,
    specification: str | None,
    amount_wan: float | None,
    needed_by: date | None,
    status: str,
    now: datetime,
) -> DemandItem:
    """Bring a demand up to the values given (a form sends them all); audited field by field."""
    demand = _visible(session, viewer, DemandItem, demand_id)
    chain = session.get(Chain, demand.chain_id)
    assert chain is not None
    may_edit(session, actor, chain, demand.enterprise_id)
    values = {
        "item": check.text("item", item, model=DemandItem, required=True),
        "map_node_id": _node_id(check.node_named(session, chain, node)),
        "specification": check.text("specification", specification, model=DemandItem),
        "amount_wan": check.amount(amount_wan),
        "needed_by": check.needed_by(needed_by),
        "status": check.status(status).value,
    }
    _apply(session, actor, demand, "demand_item", values, now)
    return demand  # type: ignore[no-any-return]


def add_capability(
    *,
    session: Session,
    actor: Actor,
    chain_code: str,
    credit_code: str | None,
    product: str,
    node: str | None = None,
    certifications: str | None = None,
    capacity: str | None = None,
    now: datetime,
) -> CapabilityItem:
    """A new line on the enterprise's product and capability list."""
    chain = chain_by_code(session, chain_code)
    enterprise_id = _owner(session, actor, chain, credit_code)
    capability = CapabilityItem(
        chain_id=chain.id or 0,
        enterprise_id=enterprise_id,
        product=check.text("product", product, model=CapabilityItem, required=True) or "",
        map_node_id=_node_id(check.node_named(session, chain, node)),
        certifications=check.text("certifications", certifications, model=CapabilityItem),
        capacity=check.text("capacity", capacity, model=CapabilityItem),
        created_at=now,
    )
    session.add(capability)
    session.flush()
    audit(
        session,
        actor=actor,
        entity_type="capability_item",
        entity_id=capability.id,
        action="created",
        now=now,
        detail=check.jsonable(capability.model_dump(exclude={"id", "created_at"})),
    )
    return capability


def edit_capability(
    *,
    session: Session,
    actor: Actor,
    capability_id: int,
    viewer: Viewer,
    product: str,
    node: str | None,
    certifications: str | None,
    capacity: str | None,
    now: datetime,
) -> CapabilityItem:
    capability = _visible(session, viewer, CapabilityItem, capability_id)
    chain = session.get(Chain, capability.chain_id)
    assert chain is not None
    may_edit(session, actor, chain, capability.enterprise_id)
    values = {
        "product": check.text("product", product, model=CapabilityItem, required=True),
        "map_node_id": _node_id(check.node_named(session, chain, node)),
        "certifications": check.text("certifications", certifications, model=CapabilityItem),
        "capacity": check.text("capacity", capacity, model=CapabilityItem),
    }
    _apply(session, actor, capability, "capability_item", values, now)
    return capability  # type: ignore[no-any-return]


def _apply(
    session: Session, actor: Actor, row: Any, entity: str, values: dict[str, Any], now: datetime
) -> None:
    changes = {k: [getattr(row, k), v] for k, v in values.items() if getattr(row, k) != v}
    if not changes:
        return
    for name, (_, value) in changes.items():
        setattr(row, name, value)
    session.add(row)
    detail = {
        k: [check.jsonable({"v": a})["v"], check.jsonable({"v": b})["v"]]
        for k, (a, b) in changes.items()
    }
    audit(
        session,
        actor=actor,
        entity_type=entity,
        entity_id=row.id,
        action="updated",
        now=now,
        detail=detail,
    )


def _visible(session: Session, viewer: Viewer, model: type, item_id: int) -> Any:
    row = session.get(model, item_id)
    if row is None or not sees_item(session, viewer, row.chain_id, row.enterprise_id):
        noun = "demand" if model is DemandItem else "capability item"
        raise SupplyHidden(f"no {noun} {item_id}")
    return row


def visible_demand(session: Session, viewer: Viewer, demand_id: int) -> dict[str, Any]:
    """The demand as its row shows it, if ``viewer`` sees it (else SupplyHidden)."""
    _visible(session, viewer, DemandItem, demand_id)
    return demand_rows(session, select(DemandItem).where(DemandItem.id == demand_id))[0]


def visible_capability(session: Session, viewer: Viewer, capability_id: int) -> dict[str, Any]:
    _visible(session, viewer, CapabilityItem, capability_id)
    query = select(CapabilityItem).where(CapabilityItem.id == capability_id)
    return capability_rows(session, query)[0]


def list_demands(
    *,
    session: Session,
    viewer: Viewer,
    chain: str | None = None,
    status: str | None = None,
    limit: int = MAX_LISTED,
    offset: int = 0,
) -> list[dict[str, Any]]:
    """The demand items ``viewer`` sees, newest chain order: by chain, enterprise, item."""
    query = select(DemandItem).where(item_filter(session, viewer, DemandItem))
    if chain is not None:
        query = query.where(DemandItem.chain_id == chain_by_code(session, chain).id)
    if status is not None:
        query = query.where(DemandItem.status == check.status(status).value)
    query = query.order_by(col(DemandItem.id)).offset(offset).limit(limit)
    return demand_rows(session, query)


def list_capabilities(
    *,
    session: Session,
    viewer: Viewer,
    chain: str | None = None,
    limit: int = MAX_LISTED,
    offset: int = 0,
) -> list[dict[str, Any]]:
    """The capability items ``viewer`` sees."""
    query = select(CapabilityItem).where(item_filter(session, viewer, CapabilityItem))
    if chain is not None:
        query = query.where(CapabilityItem.chain_id == chain_by_code(session, chain).id)
    query = query.order_by(col(CapabilityItem.id)).offset(offset).limit(limit)
    return capability_rows(session, query)
