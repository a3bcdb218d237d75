"""Matchmaking (融通对接) between a chain's masters and its SMEs: the demand lists (需求清单) and
capability lists (产品/能力清单), the shortlist of candidate suppliers for a demand, and the
chain master's choice from it (a proposed match)."""

from services.matchmaking.choosing import (
    Chosen,
    Shortlist,
    choose,
    demand_shortlist,
    may_choose,
    propose_match,
)
from services.matchmaking.lists import (
    add_capability,
    add_demand,
    edit_capability,
    edit_demand,
    list_capabilities,
    list_demands,
    visible_capability,
    visible_demand,
)
from services.matchmaking.shortlist import shortlist_for
from services.matchmaking.supply_access import (
    SupplyHidden,
    SupplyInputError,
    SupplyNotAllowed,
)
from services.matchmaking.supply_checks import MAX_AMOUNT_WAN
from services.matchmaking.supply_page import (
    ItemPage,
    SupplyPage,
    capability_page,
    chain_nodes,
    demand_page,
    supply_chains,
    supply_page,
)

__all__ = [
    "MAX_AMOUNT_WAN",
    "Chosen",
    "ItemPage",
    "Shortlist",
    "SupplyHidden",
    "SupplyInputError",
    "SupplyNotAllowed",
    "SupplyPage",
    "add_capability",
    "add_demand",
    "capability_page",
    "chain_nodes",
    "choose",
    "demand_page",
    "demand_shortlist",
    "edit_capability",
    "edit_demand",
    "list_capabilities",
    "list_demands",
    "may_choose",
    "propose_match",
    "shortlist_for",
    "supply_chains",
    "supply_page",
    "visible_capability",
    "visible_demand",
]
