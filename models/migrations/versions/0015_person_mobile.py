"""people's mainland mobile numbers, for SMS and robot @-mentions

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-10 09:00:00

``person.mobile`` holds 11 digits (``mechanism.mobile``), or nothing. The existing ``phone``
column stays as it is: it holds whatever was written (landlines, extensions), so it is not
copied into ``mobile``; the office adds mobiles with the workbook's 手机 column or
``chainops users mobile``.
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = '0015'
down_revision: str | None = '0014'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


# Plain ALTER TABLE, not batch mode: SQLite adds and drops a column in place (3.35+), where a
# batch copy of ``person`` would trip the foreign keys that point at it.
def upgrade() -> None:
    op.add_column(
        'person', sa.Column('mobile', sqlmodel.sql.sqltypes.AutoString(length=11), nullable=True)
    )


def downgrade() -> None:
    op.drop_column('person', 'mobile')
