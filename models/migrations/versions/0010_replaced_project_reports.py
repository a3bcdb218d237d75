"""replaced monthly project reports, kept for the history

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-02 11:00:00

A second report on the same month used to overwrite the first without a word. It is now
taken only when confirmed (the page's confirm step, the API's "replace": true, the CLI's
--replace), and the report it replaces is copied here first, with who replaced it and when.
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel  # noqa: F401  (autogenerate renders sqlmodel.sql.sqltypes.AutoString)
from alembic import op

import models.base

revision: str = '0010'
down_revision: str | None = '0009'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('replaced_project_report',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('month', sa.Date(), nullable=False),
    sa.Column('month_investment', sa.Float(), nullable=False),
    sa.Column('investment_completed', sa.Float(), nullable=False),
    sa.Column('milestone_reached', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True),
    sa.Column('problems', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('reported_by', sqlmodel.sql.sqltypes.AutoString(length=254), nullable=True),
    sa.Column('reported_at', models.base.UTCDateTime(), nullable=False),
    sa.Column('replaced_by', sqlmodel.sql.sqltypes.AutoString(length=254), nullable=True),
    sa.Column('replaced_at', models.base.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['project_id'], ['key_project.id'], name=op.f('fk_replaced_project_report_project_id_key_project')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_replaced_project_report'))
    )
    with op.batch_alter_table('replaced_project_report', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_replaced_project_report_project_id'), ['project_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('replaced_project_report', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_replaced_project_report_project_id'))
    op.drop_table('replaced_project_report')
