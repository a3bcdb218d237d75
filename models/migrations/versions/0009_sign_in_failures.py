"""failed sign-ins in the database, so every web process throttles the same count

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02 10:00:00

Before this each process counted failures in its own memory, per client address: six wrong
passwords for one account locked every official behind the same office address out. Failures
are now rows keyed by account and by address (the address at a much higher threshold), shared
by every process on the database; rows older than the window are pruned as new ones come.
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel  # noqa: F401  (autogenerate renders sqlmodel.sql.sqltypes.AutoString)
from alembic import op

import models.base

revision: str = '0009'
down_revision: str | None = '0008'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('sign_in_failure',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
    sa.Column('failed_at', models.base.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sign_in_failure'))
    )
    with op.batch_alter_table('sign_in_failure', schema=None) as batch_op:
        batch_op.create_index(
            'ix_sign_in_failure_key_failed_at', ['key', 'failed_at'], unique=False
        )
        batch_op.create_index(
            batch_op.f('ix_sign_in_failure_failed_at'), ['failed_at'], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table('sign_in_failure', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sign_in_failure_failed_at'))
        batch_op.drop_index('ix_sign_in_failure_key_failed_at')
    op.drop_table('sign_in_failure')
