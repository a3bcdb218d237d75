"""outbox rows carry their dispatcher's fencing token and their email's Message-ID

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-03 09:00:00

A dispatcher whose lease ran out (a slow relay) sent rows another dispatcher had claimed since,
and a dispatch killed mid-run sent its message again under a new Message-ID, perhaps merged
into another digest. ``lease_token`` is checked (and the lease renewed) before every send;
``message_id`` fixes which rows go together and under what identity, for every later attempt.
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel  # noqa: F401  (autogenerate renders sqlmodel.sql.sqltypes.AutoString)
from alembic import op

revision: str = '0012'
down_revision: str | None = '0011'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('outbox_message', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('lease_token', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True)
        )
        batch_op.add_column(
            sa.Column('message_id', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True)
        )


def downgrade() -> None:
    with op.batch_alter_table('outbox_message', schema=None) as batch_op:
        batch_op.drop_column('message_id')
        batch_op.drop_column('lease_token')
