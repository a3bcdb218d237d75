"""Matchmaking (融通对接) between chain masters and specialised SMEs: events and who is
invited, the held condition, matches and their stages, the follow-up tasks of an intention,
reading them as the viewer may, and the event report for the province.
"""

from services.matchmaking.access import moves_match, runs_chain
from services.matchmaking.errors import EventNotFound, MatchmakingRefused, MatchNotFound, NotYours
from services.matchmaking.events import add_event, invite, move_event
from services.matchmaking.follow_ups import FollowUps, make_follow_ups
from services.matchmaking.matches import MatchMoved, move_match, propose_match
from services.matchmaking.reads import (
    list_events,
    list_matches,
    show_event,
    show_match,
    visible_event,
    visible_match_sides,
)
from services.matchmaking.report import Period, event_report, report_xlsx

__all__ = [
    "EventNotFound",
    "FollowUps",
    "MatchMoved",
    "MatchNotFound",
    "MatchmakingRefused",
    "NotYours",
    "Period",
    "add_event",
    "event_report",
    "invite",
    "list_events",
    "list_matches",
    "make_follow_ups",
    "move_event",
    "move_match",
    "moves_match",
    "propose_match",
    "report_xlsx",
    "runs_chain",
    "show_event",
    "show_match",
    "visible_event",
    "visible_match_sides",
]
