"""Matchmaking (融通对接) between chain masters and specialised SMEs: events and who is
invited, the held condition, the demand lists (需求清单) and capability lists (产品/能力清单),
the shortlist of candidate suppliers for a demand and the chain master's choice from it,
matches and their stages, the follow-up tasks of an intention, reading them as the viewer
may, and the event report for the province.
"""

from services.matchmaking.access import moves_match
from services.matchmaking.choosing import (
    Chosen,
    Shortlist,
    choose,
    demand_shortlist,
    may_choose,
    propose_match,
)
from services.matchmaking.errors import EventNotFound, MatchmakingRefused, MatchNotFound, NotYours
from services.matchmaking.events import add_event, invite, move_event
from services.matchmaking.follow_ups import FollowUps, make_follow_ups
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
from services.matchmaking.matches import MatchMoved, move_match
from services.matchmaking.reads import (
    list_events,
    list_matches,
    show_event,
    show_match,
    visible_event,
    visible_match_sides,
)
from services.matchmaking.report import Period, event_report, report_xlsx
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
    demand_page,
    supply_chains,
    supply_page,
)

__all__ = [
    "MAX_AMOUNT_WAN",
    "Chosen",
    "EventNotFound",
    "FollowUps",
    "ItemPage",
    "MatchMoved",
    "MatchNotFound",
    "MatchmakingRefused",
    "NotYours",
    "Period",
    "Shortlist",
    "SupplyHidden",
    "SupplyInputError",
    "SupplyNotAllowed",
    "SupplyPage",
    "add_capability",
    "add_demand",
    "add_event",
    "capability_page",
    "choose",
    "demand_page",
    "demand_shortlist",
    "edit_capability",
    "edit_demand",
    "event_report",
    "invite",
    "list_capabilities",
    "list_demands",
    "list_events",
    "list_matches",
    "make_follow_ups",
    "may_choose",
    "move_event",
    "move_match",
    "moves_match",
    "propose_match",
    "report_xlsx",
    "shortlist_for",
    "show_event",
    "show_match",
    "supply_chains",
    "supply_page",
    "visible_capability",
    "visible_demand",
    "visible_event",
    "visible_match_sides",
]
