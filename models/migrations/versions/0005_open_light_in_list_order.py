"""the open-tasks-by-light index in the red and yellow lists' order

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-28 01:10:00

``ix_task_open_light`` gains ``id`` after ``due_date``: for one chain's red or yellow tasks,
ordered by due date then id, SQLite preferred ``ix_task_chain_due`` and walked the whole chain
(200 ms for a working-group member of a 140,000-task chain); now the index gives them in
order. Measured by bench/web.py (``overview_team_ms``).
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0005'
down_revision: str | None = '0004'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OPEN = sa.text(
    "state IN ('accepted', 'assigned', 'blocked', 'in_progress', 'submitted')"
)


def _rebuild(columns: list[str]) -> None:
    with op.batch_alter_table('task', schema=None) as batch_op:
        batch_op.drop_index('ix_task_open_light', sqlite_where=OPEN, postgresql_where=OPEN)
        batch_op.create_index(
            'ix_task_open_light', columns, unique=False, sqlite_where=OPEN, postgresql_where=OPEN
        )


def upgrade() -> None:
    _rebuild(['light', 'chain_id', 'due_date', 'id', 'state'])


def downgrade() -> None:
    _rebuild(['light', 'chain_id', 'due_date', 'state'])
