"""What a chain's demand or capability list page shows a viewer: the chain, the items the
viewer sees, whether and for which enterprises they may add one, and the map's node names;
and one item's page: the item, whether the viewer may edit it, and a demand's shortlist with
the events its choice may be made at."""

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlmodel import Session, col, select

from models import (
    CapabilityItem,
    Chain,
    DemandItem,
    Enterprise,
    EnterpriseMembership,
)
from services.lookups import chain_by_code, chain_nodes
from services.matchmaking.choosing import Shortlist, demand_shortlist
from services.matchmaking.lists import list_capabilities, list_demands, visible_capability
from services.matchmaking.reads import list_events
from services.matchmaking.supply_access import SupplyHidden, reads_lists
from services.people import Viewer, runs_chain


@dataclass(frozen=True)
class SupplyPage:
    chain: Chain
    rows: list[dict[str, Any]]
    may_add: bool
    enterprises: list[tuple[str, str]]  # credit code, name: whom the form may enter items for
    fixed_enterprise: tuple[str, str] | None  # a firm enters for itself only
    nodes: list[tuple[str, str]]  # node name, status, in map order


def supply_page(*, session: Session, viewer: Viewer, chain_code: str, which: str) -> SupplyPage:
    """``which``: "demands" or "capabilities". SupplyHidden when the viewer reads neither the
    chain's lists nor, as a firm on the chain, its own."""
    chain = chain_by_code(session, chain_code)
    assert chain.id is not None
    members = session.exec(
        select(Enterprise.credit_code, Enterprise.name, Enterprise.id)
        .join(EnterpriseMembership, col(EnterpriseMembership.enterprise_id) == Enterprise.id)
        .where(EnterpriseMembership.chain_id == chain.id)
        .order_by(col(Enterprise.name))
    ).all()
    fixed: tuple[str, str] | None = None
    if viewer.enterprise_id is not None:
        own = next((m for m in members if m[2] == viewer.enterprise_id), None)
        if own is None:
            raise SupplyHidden(f"no chain {chain_code!r}")
        fixed, may_add, choices = (own[0], own[1]), True, []
    elif reads_lists(session, viewer, chain.id):
        may_add = runs_chain(session, viewer.actor, chain.id)
        choices = [(code, name) for code, name, _ in members] if may_add else []
    else:
        raise SupplyHidden(f"no chain {chain_code!r}")
    listing = list_demands if which == "demands" else list_capabilities
    rows = listing(session=session, viewer=viewer, chain=chain.code)
    return SupplyPage(chain, rows, may_add, choices, fixed, chain_nodes(session, chain.id))


@dataclass(frozen=True)
class ItemPage:
    """One demand (with its shortlist) or one capability item, as its page shows it."""

    row: dict[str, Any]
    may_edit: bool
    nodes: list[tuple[str, str]]
    shortlist: Shortlist | None = None
    # a demand's choice may be made at one of its chain's events still under way
    events: list[dict[str, Any]] = field(default_factory=list)


def _may_edit(session: Session, viewer: Viewer, chain_id: int, enterprise_id: int) -> bool:
    if viewer.enterprise_id is not None:
        return viewer.enterprise_id == enterprise_id
    return runs_chain(session, viewer.actor, chain_id)


def demand_page(*, session: Session, viewer: Viewer, demand_id: int, today: date) -> ItemPage:
    listed = demand_shortlist(session=session, viewer=viewer, demand_id=demand_id, today=today)
    demand = session.get(DemandItem, demand_id)
    assert demand is not None
    return ItemPage(
        listed.demand,
        _may_edit(session, viewer, demand.chain_id, demand.enterprise_id),
        chain_nodes(session, demand.chain_id),
        listed,
        [
            event
            for event in list_events(session=session, viewer=viewer, chain=listed.demand["chain"])
            if event["state"] != "reported"
        ],
    )


def capability_page(*, session: Session, viewer: Viewer, capability_id: int) -> ItemPage:
    row = visible_capability(session, viewer, capability_id)
    item = session.get(CapabilityItem, capability_id)
    assert item is not None
    return ItemPage(
        row,
        _may_edit(session, viewer, item.chain_id, item.enterprise_id),
        chain_nodes(session, item.chain_id),
    )


def supply_chains(*, session: Session, viewer: Viewer) -> list[Chain]:
    """The chains whose lists ``viewer`` may open: a firm's own chains, else those it reads."""
    chains = session.exec(select(Chain).order_by(col(Chain.position), col(Chain.code))).all()
    if viewer.enterprise_id is not None:
        own = set(
            session.exec(
                select(EnterpriseMembership.chain_id).where(
                    EnterpriseMembership.enterprise_id == viewer.enterprise_id
                )
            ).all()
        )
        return [c for c in chains if c.id in own]
    return [c for c in chains if reads_lists(session, viewer, c.id or 0)]
