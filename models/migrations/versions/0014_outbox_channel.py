"""outbox rows say how they travel: email, a chain's group robot, or SMS; robot mentions

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-03 10:00:00

Every row so far was an email; they stay "email". Robot rows are addressed "robot:<channel>",
SMS rows to the person's address, whose mobile the dispatcher looks up when it sends.
``channel_mention`` records who a robot @-mentioned on which day, for the daily cap.
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel  # noqa: F401  (autogenerate renders sqlmodel.sql.sqltypes.AutoString)
from alembic import op

revision: str = '0014'
down_revision: str | None = '0013'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('channel_mention',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('mobile', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('outbox_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['outbox_id'], ['outbox_message.id'],
                            name=op.f('fk_channel_mention_outbox_id_outbox_message')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_channel_mention'))
    )
    with op.batch_alter_table('channel_mention', schema=None) as batch_op:
        batch_op.create_index('ix_channel_mention_mobile_day', ['mobile', 'day'], unique=False)
    with op.batch_alter_table('outbox_message', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                'channel',
                sqlmodel.sql.sqltypes.AutoString(length=16),
                nullable=False,
                server_default='email',
            )
        )


def downgrade() -> None:
    with op.batch_alter_table('outbox_message', schema=None) as batch_op:
        batch_op.drop_column('channel')
    op.drop_table('channel_mention')
