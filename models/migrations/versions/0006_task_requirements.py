"""a task's work requirements (工作要求)

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01 23:00:00

What the assigning office asks of the unit beyond the title — the standard, the form of the
result, whom to consult — set at assignment and carried by the 交办单. Optional: tasks assigned
before it have none.
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0006'
down_revision: str | None = '0005'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('task', schema=None) as batch_op:
        batch_op.add_column(sa.Column('requirements', sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('task', schema=None) as batch_op:
        batch_op.drop_column('requirements')
