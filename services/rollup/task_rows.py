"""The tasks a month's rollup counts, as ``mechanism.rollup.TaskRow``: read in one stream."""

from collections.abc import Iterator
from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col

from mechanism.rollup import TaskRow
from mechanism.statistical_due import Block
from models import Task, TaskBlock

COLUMNS: tuple[Any, ...] = (
    col(Task.chain_id),
    col(Task.start_date),
    col(Task.original_due_date),
    col(Task.state),
    col(Task.light),
    col(Task.signed_off_on),
    col(Task.lead_department_id),
    col(Task.id),
)


def task_rows(session: Session, end: date) -> Iterator[TaskRow]:
    """Every task, streamed in batches: a city-wide month has a million of them. (Reading the
    columns into a ``TaskRow`` is faster than reading them off the database row by name.)

    A task blocked by ``end`` carries its blocks — the ended ones from ``task_block``, the one
    still running from the task itself — for its statistical due date. Those are a few; the
    rest are read without them, so a million rows cost no lookup each.
    """
    begun = col(TaskBlock.blocked_since) < end  # a block begun on the last day lost none
    running = sa.and_(col(Task.blocked_since).is_not(None), col(Task.blocked_since) < end)
    paused = sa.or_(running, col(Task.id).in_(sa.select(col(TaskBlock.task_id)).where(begun)))
    # The option goes on the statement: set on the connection it would stay there, and every
    # later statement of the session (PostgreSQL: its SAVEPOINT) would ask for a server cursor.
    statement = sa.select(*COLUMNS).where(sa.not_(paused)).execution_options(yield_per=10_000)
    unblocked: tuple[Block, ...] = ()
    for (
        chain,
        start,
        original,
        state,
        light,
        signed,
        department,
        task_id,
    ) in session.connection().execute(statement):
        yield TaskRow(chain, start, original, state, light, signed, department, unblocked, task_id)
    ended: dict[int, tuple[Block, ...]] = {}
    for task_id, since, until in session.connection().execute(
        sa.select(
            col(TaskBlock.task_id), col(TaskBlock.blocked_since), col(TaskBlock.unblocked_on)
        ).where(begun)
    ):
        ended[task_id] = (*ended.get(task_id, ()), (since, until))
    with_blocks: tuple[Any, ...] = (*COLUMNS, col(Task.blocked_since))
    rows = session.connection().execute(sa.select(*with_blocks).where(paused))
    for chain, start, original, state, light, signed, department, task_id, since in rows:
        blocks = ended.get(task_id, ())
        if since is not None and since < end:
            blocks = (*blocks, (since, None))
        yield TaskRow(chain, start, original, state, light, signed, department, blocks, task_id)
