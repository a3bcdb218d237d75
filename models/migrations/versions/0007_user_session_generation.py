"""a user's session generation: signing out and changing the password end every session

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01 23:50:00

The session cookie is signed, not stored: before this, a saved cookie kept working for its
whole lifetime after /logout. Each cookie now carries the generation it was issued in, and a
request is signed in only while that is still the user's generation.
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0007'
down_revision: str | None = '0006'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('app_user', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('session_generation', sa.Integer(), nullable=False, server_default='0')
        )


def downgrade() -> None:
    with op.batch_alter_table('app_user', schema=None) as batch_op:
        batch_op.drop_column('session_generation')
