"""the blocks a task came out of, for its statistical due date

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-03 09:00:00

Statistics judge a task against its original due date moved by the working days it was blocked
(``mechanism.statistical_due``). A task kept only the block it is in (``task.blocked_since``);
when the block ended, its length survived only as a move of the current due date, mixed with any
extension. ``task_block`` keeps each ended block: the day it began, the day it ended and the
request it waited on.

The blocks that ended before this migration are read back from the audit trail: each ``unblock``
event of a task says since when it was blocked, and it was made on the day the block ended (its
instant read in the city's zone, ``CHAINOPS_TIMEZONE``, Asia/Shanghai unless set); the request is
the one the task's ``block`` event before it named.
"""
import os
from collections.abc import Sequence
from datetime import date
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from alembic import op

import models.base

revision: str = '0013'
down_revision: str | None = '0012'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('task_block',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('task_id', sa.Integer(), nullable=False),
    sa.Column('request_id', sa.Integer(), nullable=True),
    sa.Column('blocked_since', sa.Date(), nullable=False),
    sa.Column('unblocked_on', sa.Date(), nullable=False),
    sa.ForeignKeyConstraint(['request_id'], ['factor_request.id'], name=op.f('fk_task_block_request_id_factor_request')),
    sa.ForeignKeyConstraint(['task_id'], ['task.id'], name=op.f('fk_task_block_task_id_task')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_task_block'))
    )
    with op.batch_alter_table('task_block', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_task_block_task_id'), ['task_id'], unique=False)
    _blocks_from_the_audit_trail()


def downgrade() -> None:
    with op.batch_alter_table('task_block', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_task_block_task_id'))
    op.drop_table('task_block')


def _blocks_from_the_audit_trail() -> None:
    """One ``task_block`` row per ``unblock`` event of a task that still exists."""
    zone = ZoneInfo(os.environ.get('CHAINOPS_TIMEZONE') or 'Asia/Shanghai')
    audit = sa.table(
        'audit_event',
        sa.column('id', sa.Integer()),
        sa.column('at', models.base.UTCDateTime()),
        sa.column('entity_type', sa.String()),
        sa.column('entity_id', sa.Integer()),
        sa.column('action', sa.String()),
        sa.column('detail', sa.JSON()),
    )
    task = sa.table('task', sa.column('id', sa.Integer()))
    request = sa.table('factor_request', sa.column('id', sa.Integer()), sa.column('code', sa.String()))
    block = sa.table(
        'task_block',
        sa.column('task_id', sa.Integer()),
        sa.column('request_id', sa.Integer()),
        sa.column('blocked_since', sa.Date()),
        sa.column('unblocked_on', sa.Date()),
    )
    connection = op.get_bind()
    requests = dict(connection.execute(sa.select(request.c.code, request.c.id)).all())
    events = connection.execute(
        sa.select(audit.c.entity_id, audit.c.action, audit.c.at, audit.c.detail)
        .join(task, task.c.id == audit.c.entity_id)
        .where(audit.c.entity_type == 'task', audit.c.action.in_(('block', 'unblock')))
        .order_by(audit.c.entity_id, audit.c.at, audit.c.id)
    ).all()
    waited_on: dict[int, int | None] = {}
    rows = []
    for task_id, action, at, detail in events:
        detail = detail or {}
        if action == 'block':
            waited_on[task_id] = requests.get(detail.get('request'))
            continue
        ended = at.astimezone(zone).date()
        since = detail.get('blocked_since')
        rows.append({
            'task_id': task_id,
            'request_id': waited_on.pop(task_id, None),
            'blocked_since': date.fromisoformat(since) if since else ended,
            'unblocked_on': ended,
        })
    if rows:
        connection.execute(block.insert(), rows)
