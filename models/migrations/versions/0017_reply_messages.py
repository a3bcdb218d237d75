"""replies read from the progress mailbox, by Message-ID

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-04 09:00:00

An owner reports progress by replying to a reminder or an urging slip (``services.replies``).
``reply_message`` keeps each reply read from the mailbox by its Message-ID, in the transaction
that applies it, so a reply is never applied twice, even when filing it away failed.
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import models.base

revision: str = '0017'
down_revision: str | None = '0016'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('reply_message',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('message_id', sa.String(length=255), nullable=False),
    sa.Column('from_email', sa.String(length=254), nullable=False),
    sa.Column('received_at', models.base.UTCDateTime(), nullable=False),
    sa.Column('outcome', sa.String(length=16), nullable=False),
    sa.Column('reason', sa.String(length=32), nullable=True),
    sa.Column('task_id', sa.Integer(), nullable=True),
    sa.Column('outbox_id', sa.Integer(), nullable=True),
    sa.Column('progress', sa.Integer(), nullable=True),
    sa.Column('answer', sa.JSON(), nullable=True),
    sa.Column('answered_at', models.base.UTCDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['outbox_id'], ['outbox_message.id'], name=op.f('fk_reply_message_outbox_id_outbox_message')),
    sa.ForeignKeyConstraint(['task_id'], ['task.id'], name=op.f('fk_reply_message_task_id_task')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reply_message')),
    sa.UniqueConstraint('message_id', name=op.f('uq_reply_message_message_id'))
    )
    with op.batch_alter_table('reply_message', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_reply_message_task_id'), ['task_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('reply_message', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_reply_message_task_id'))
    op.drop_table('reply_message')
