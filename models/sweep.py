"""The partial-index predicates that keep the daily sweep's (and the overview's) queries small.

The sweep only ever asks for *open* items whose ``next_action_at`` has come; closed items are
the bulk of the tables over a year, so the indexes leave them out.
"""

import sqlalchemy as sa

from mechanism.vocabulary import OPEN_REQUEST_STATES, OPEN_TASK_STATES, ProjectState


def _state_in(states: frozenset[str]) -> sa.TextClause:
    quoted = ", ".join(f"'{s}'" for s in sorted(states))
    return sa.text(f"state IN ({quoted})")


def sweep_index(name: str, states: frozenset[str]) -> sa.Index:
    return open_index(name, states, "next_action_at")


def open_index(name: str, states: frozenset[str], *columns: str) -> sa.Index:
    """An index on ``columns`` of the rows in ``states`` only."""
    where = _state_in(states)
    return sa.Index(name, *columns, sqlite_where=where, postgresql_where=where)


OPEN_TASKS = OPEN_TASK_STATES

# The open task states as literals in a query's SQL, the very text of the partial indexes'
# WHERE above: only then does SQLite know a query may read those indexes (a bound list it
# cannot compare with the index's predicate).
OPEN_TASK_STATES_SQL: sa.BindParameter[str] = sa.bindparam(
    "open_task_states", sorted(OPEN_TASKS), expanding=True, literal_execute=True
)
SUBMITTED = sa.text("state = 'submitted'")  # reported done, waiting for the office's 销号
OPEN_REQUESTS = OPEN_REQUEST_STATES
OPEN_PROJECTS = frozenset({ProjectState.ACTIVE})
