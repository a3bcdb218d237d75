"""The partial-index predicates that keep the daily sweep's queries small.

The sweep only ever asks for *open* items whose ``next_action_at`` has come; closed items are
the bulk of the tables over a year, so the indexes leave them out.
"""

import sqlalchemy as sa

from mechanism.vocabulary import OPEN_REQUEST_STATES, OPEN_TASK_STATES, ProjectState


def _state_in(states: frozenset[str]) -> sa.TextClause:
    quoted = ", ".join(f"'{s}'" for s in sorted(states))
    return sa.text(f"state IN ({quoted})")


def sweep_index(name: str, states: frozenset[str]) -> sa.Index:
    where = _state_in(states)
    return sa.Index(name, "next_action_at", sqlite_where=where, postgresql_where=where)


OPEN_TASKS = OPEN_TASK_STATES
OPEN_REQUESTS = OPEN_REQUEST_STATES
OPEN_PROJECTS = frozenset({ProjectState.ACTIVE})
