"""indexes for the web app's busiest pages

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-27 23:05:00

A chain's task list is paged in due-date order (``ix_task_chain_due``); the overview counts
open tasks by chain and light and lists the red and yellow ones (``ix_task_open_light``, on
open tasks only), and counts open factor requests per chain (``ix_factor_request_open``). Measured by bench/web.py at a million tasks.
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0004'
down_revision: str | None = '0003'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OPEN = sa.text(
    "state IN ('accepted', 'assigned', 'blocked', 'in_progress', 'submitted')"
)
OPEN_REQUESTS = sa.text("state IN ('accepted', 'in_progress', 'reopened', 'submitted')")


def upgrade() -> None:
    with op.batch_alter_table('task', schema=None) as batch_op:
        batch_op.create_index('ix_task_chain_due', ['chain_id', 'due_date', 'id'], unique=False)
        batch_op.create_index(
            'ix_task_open_light',
            ['light', 'chain_id', 'due_date', 'state'],
            unique=False,
            sqlite_where=OPEN,
            postgresql_where=OPEN,
        )
    with op.batch_alter_table('factor_request', schema=None) as batch_op:
        batch_op.create_index(
            'ix_factor_request_open',
            ['chain_id', 'state'],
            unique=False,
            sqlite_where=OPEN_REQUESTS,
            postgresql_where=OPEN_REQUESTS,
        )


def downgrade() -> None:
    with op.batch_alter_table('factor_request', schema=None) as batch_op:
        batch_op.drop_index(
            'ix_factor_request_open', sqlite_where=OPEN_REQUESTS, postgresql_where=OPEN_REQUESTS
        )
    with op.batch_alter_table('task', schema=None) as batch_op:
        batch_op.drop_index('ix_task_open_light', sqlite_where=OPEN, postgresql_where=OPEN)
        batch_op.drop_index('ix_task_chain_due')
