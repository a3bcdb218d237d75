"""feedback and complaints from the link in every notice; the channels a person allows

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-04 09:00:00

Every notice carries a link to ``/feedback`` (the 2024 burden-reduction rules ask for a
complaint channel); what comes in through it is a ``feedback`` row, listed for the office and
marked handled there. A person's notification settings gain the channels besides email they
allow: group-robot mentions and SMS, both on until the person turns them off (what the office
configures still decides whether a channel exists at all).
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel  # noqa: F401  (autogenerate renders sqlmodel.sql.sqltypes.AutoString)
from alembic import op

import models.base

revision: str = '0018'
down_revision: str | None = '0017'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('feedback',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('text', sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.Column('contact', sqlmodel.sql.sqltypes.AutoString(length=254), nullable=False),
    sa.Column('notice_id', sa.Integer(), nullable=True),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('address', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('submitted_at', models.base.UTCDateTime(), nullable=False),
    sa.Column('handled_at', models.base.UTCDateTime(), nullable=True),
    sa.Column('handled_by', sqlmodel.sql.sqltypes.AutoString(length=254), nullable=True),
    sa.ForeignKeyConstraint(['notice_id'], ['notice.id'], name=op.f('fk_feedback_notice_id_notice')),
    sa.ForeignKeyConstraint(['user_id'], ['app_user.id'], name=op.f('fk_feedback_user_id_app_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_feedback'))
    )
    with op.batch_alter_table('feedback', schema=None) as batch_op:
        batch_op.create_index('ix_feedback_address_submitted_at', ['address', 'submitted_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_feedback_notice_id'), ['notice_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_feedback_submitted_at'), ['submitted_at'], unique=False)
    with op.batch_alter_table('recipient_preference', schema=None) as batch_op:
        batch_op.add_column(sa.Column('robot_mentions', sa.Boolean(), server_default=sa.true(), nullable=False))
        batch_op.add_column(sa.Column('sms', sa.Boolean(), server_default=sa.true(), nullable=False))


def downgrade() -> None:
    with op.batch_alter_table('recipient_preference', schema=None) as batch_op:
        batch_op.drop_column('sms')
        batch_op.drop_column('robot_mentions')
    with op.batch_alter_table('feedback', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_feedback_submitted_at'))
        batch_op.drop_index(batch_op.f('ix_feedback_notice_id'))
        batch_op.drop_index('ix_feedback_address_submitted_at')
    op.drop_table('feedback')
