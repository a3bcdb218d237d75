"""the SME tier of a chain membership becomes a designation; the tier column goes

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-05 09:00:00

An enterprise's tier was free text on each of its chain memberships (``sme_tier``:
provincial, little_giant, innovative). It is now a title the enterprise holds
(``designation``), with its dates and status. Every tier becomes a recognised designation of
the matching kind — provincial → zjtx_provincial, little_giant → little_giant, innovative →
innovative — once per enterprise and kind; every chain-master membership becomes a recognised
chain_master designation of that chain, not yet approved by its chain leader. The old data had
no dates, so they stay NULL and the note says so: the pages show such a title as "dates
missing" for the office to complete. A designation of the same enterprise, kind and chain
already there is left alone, so running the upgrade after a downgrade adds nothing twice.

The downgrade puts the tiers back: each specialised-SME membership gets the highest of the
three tiers its enterprise holds as a designation (科技和创新型 counts as innovative). The
designations stay (the tables are 0019's).
"""
from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

import models.base

revision: str = '0020'
down_revision: str | None = '0019'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Frozen here, as they were when the column went: a migration must not follow later edits of
# the kinds catalogue.
TIER_TO_KIND = {
    'little_giant': ('little_giant', 'national'),
    'provincial': ('zjtx_provincial', 'provincial'),
    'innovative': ('innovative', 'provincial'),
}
KIND_TO_TIER = {
    'little_giant': 'little_giant',
    'zjtx_provincial': 'provincial',
    'innovative': 'innovative',
    'tech_innovative': 'innovative',
}
TIER_ORDER = ('innovative', 'provincial', 'little_giant')  # lowest first
NOTE = (
    '由链上企业的专精特新层级迁移而来，认定日期、有效期等未知，请补全。'
    ' Migrated from the chain membership\'s SME tier; dates unknown, please complete them.'
)

membership = sa.table(
    'enterprise_membership',
    sa.column('id', sa.Integer),
    sa.column('chain_id', sa.Integer),
    sa.column('enterprise_id', sa.Integer),
    sa.column('role', sa.String),
    sa.column('sme_tier', sa.String),
)
designation = sa.table(
    'designation',
    sa.column('enterprise_id', sa.Integer),
    sa.column('chain_id', sa.Integer),
    sa.column('kind', sa.String),
    sa.column('level', sa.String),
    sa.column('status', sa.String),
    sa.column('note', sa.String),
    sa.column('created_at', models.base.UTCDateTime),
    sa.column('updated_at', models.base.UTCDateTime),
)


def upgrade() -> None:
    connection = op.get_bind()
    rows = connection.execute(
        sa.select(
            membership.c.chain_id,
            membership.c.enterprise_id,
            membership.c.role,
            membership.c.sme_tier,
        ).order_by(membership.c.id)
    ).all()
    have = {
        (e, k, c)
        for e, k, c in connection.execute(
            sa.select(designation.c.enterprise_id, designation.c.kind, designation.c.chain_id)
        )
    }
    now = datetime.now(UTC)
    new: list[dict[str, object]] = []
    for chain_id, enterprise_id, role, tier in rows:
        wanted: list[tuple[str, str, int | None]] = []
        if tier in TIER_TO_KIND:
            kind, level = TIER_TO_KIND[tier]
            wanted.append((kind, level, None))
        if role == 'chain_master':
            wanted.append(('chain_master', 'city', chain_id))
        for kind, level, chain in wanted:
            if (enterprise_id, kind, chain) in have:
                continue
            have.add((enterprise_id, kind, chain))
            new.append({
                'enterprise_id': enterprise_id, 'chain_id': chain, 'kind': kind,
                'level': level, 'status': 'recognized', 'note': NOTE,
                'created_at': now, 'updated_at': now,
            })
    if new:
        connection.execute(designation.insert(), new)
    with op.batch_alter_table('enterprise_membership', schema=None) as batch_op:
        batch_op.drop_column('sme_tier')


def downgrade() -> None:
    with op.batch_alter_table('enterprise_membership', schema=None) as batch_op:
        batch_op.add_column(sa.Column('sme_tier', sa.String(length=32), nullable=True))
    connection = op.get_bind()
    held: dict[int, str] = {}
    for enterprise_id, kind in connection.execute(
        sa.select(designation.c.enterprise_id, designation.c.kind)
    ):
        tier = KIND_TO_TIER.get(kind)
        if tier is None:
            continue
        best = held.get(enterprise_id)
        if best is None or TIER_ORDER.index(tier) > TIER_ORDER.index(best):
            held[enterprise_id] = tier
    for enterprise_id, tier in held.items():
        connection.execute(
            membership.update()
            .where(membership.c.enterprise_id == enterprise_id)
            .where(membership.c.role == 'specialized_sme')
            .values(sme_tier=tier)
        )
