"""a group robot's rate limit, shared by every dispatcher

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-03 11:00:00

The vendors throttle a robot past 20 posts a minute (DingTalk for ten minutes), so each
robot's recent posts are kept in the database, where every dispatching process sees them.
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel  # noqa: F401  (autogenerate renders sqlmodel.sql.sqltypes.AutoString)
from alembic import op

revision: str = '0016'
down_revision: str | None = '0015'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('channel_bucket',
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('spent', sa.JSON(), nullable=False),
    sa.PrimaryKeyConstraint('name', name=op.f('pk_channel_bucket'))
    )


def downgrade() -> None:
    op.drop_table('channel_bucket')
