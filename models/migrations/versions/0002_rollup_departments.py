"""rollup snapshots per responsible department; notices indexed by issue time

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-27 22:20:00

The monthly bulletin ranks responsible departments as well as chains: their frozen figures
are stored as scopes ``dept:<code>``, which needs a longer scope and a link to the department.
Closing a month reads that month's notices: ``notice.issued_at`` gets an index.
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel  # noqa: F401  (autogenerate renders sqlmodel.sql.sqltypes.AutoString)
from alembic import op

revision: str = '0002'
down_revision: str | None = '0001'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('notice', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_notice_issued_at'), ['issued_at'], unique=False)

    with op.batch_alter_table('rollup_snapshot', schema=None) as batch_op:
        batch_op.add_column(sa.Column('department_id', sa.Integer(), nullable=True))
        batch_op.alter_column(
            'scope',
            existing_type=sqlmodel.sql.sqltypes.AutoString(length=32),
            type_=sqlmodel.sql.sqltypes.AutoString(length=48),
            existing_nullable=False,
        )
        batch_op.create_foreign_key(
            batch_op.f('fk_rollup_snapshot_department_id_department'),
            'department',
            ['department_id'],
            ['id'],
        )


def downgrade() -> None:
    with op.batch_alter_table('rollup_snapshot', schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f('fk_rollup_snapshot_department_id_department'), type_='foreignkey'
        )
        batch_op.alter_column(
            'scope',
            existing_type=sqlmodel.sql.sqltypes.AutoString(length=48),
            type_=sqlmodel.sql.sqltypes.AutoString(length=32),
            existing_nullable=False,
        )
        batch_op.drop_column('department_id')

    with op.batch_alter_table('notice', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_notice_issued_at'))
