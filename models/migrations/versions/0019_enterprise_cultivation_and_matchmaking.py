"""the enterprise half: designations, the cultivation library, 一企一策 plans, matchmaking

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-02 07:22:05

New tables only. An enterprise's titles (``designation``) replace the free-text tier of its
chain membership; the data migration that moves the old tiers into designations is the next
revision. Matchmaking events, demand and capability lists and the matches between them, and
the reminder and follow-up tasks made once for a designation or a match.
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel  # noqa: F401  (autogenerate renders sqlmodel.sql.sqltypes.AutoString)
from alembic import op

import models.base

revision: str = '0019'
down_revision: str | None = '0018'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('cultivation_plan',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('chain_id', sa.Integer(), nullable=False),
    sa.Column('enterprise_id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('target_kind', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('owner_department_id', sa.Integer(), nullable=False),
    sa.Column('revenue_target_wan', sa.Float(), nullable=True),
    sa.Column('rd_intensity_target', sa.Float(), nullable=True),
    sa.Column('local_suppliers_target', sa.Integer(), nullable=True),
    sa.Column('zjtx_suppliers_target', sa.Integer(), nullable=True),
    sa.Column('projects_target', sa.Integer(), nullable=True),
    sa.Column('revenue_actual_wan', sa.Float(), nullable=True),
    sa.Column('rd_intensity_actual', sa.Float(), nullable=True),
    sa.Column('local_suppliers_actual', sa.Integer(), nullable=True),
    sa.Column('zjtx_suppliers_actual', sa.Integer(), nullable=True),
    sa.Column('projects_actual', sa.Integer(), nullable=True),
    sa.Column('outcome', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=True),
    sa.Column('outcome_note', sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=True),
    sa.Column('created_at', models.base.UTCDateTime(), nullable=False),
    sa.Column('updated_at', models.base.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['chain_id'], ['chain.id'], name=op.f('fk_cultivation_plan_chain_id_chain')),
    sa.ForeignKeyConstraint(['enterprise_id'], ['enterprise.id'], name=op.f('fk_cultivation_plan_enterprise_id_enterprise')),
    sa.ForeignKeyConstraint(['owner_department_id'], ['department.id'], name=op.f('fk_cultivation_plan_owner_department_id_department')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_cultivation_plan')),
    sa.UniqueConstraint('chain_id', 'enterprise_id', 'year', name=op.f('uq_cultivation_plan_chain_id_enterprise_id_year'))
    )
    with op.batch_alter_table('cultivation_plan', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_cultivation_plan_chain_id'), ['chain_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_cultivation_plan_enterprise_id'), ['enterprise_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_cultivation_plan_owner_department_id'), ['owner_department_id'], unique=False)

    op.create_table('matchmaking_event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('chain_id', sa.Integer(), nullable=False),
    sa.Column('title', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('host_department_id', sa.Integer(), nullable=False),
    sa.Column('platform_partner', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
    sa.Column('held_on', sa.Date(), nullable=False),
    sa.Column('place', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
    sa.Column('online', sa.Boolean(), nullable=False),
    sa.Column('state', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('created_at', models.base.UTCDateTime(), nullable=False),
    sa.Column('updated_at', models.base.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['chain_id'], ['chain.id'], name=op.f('fk_matchmaking_event_chain_id_chain')),
    sa.ForeignKeyConstraint(['host_department_id'], ['department.id'], name=op.f('fk_matchmaking_event_host_department_id_department')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_matchmaking_event'))
    )
    with op.batch_alter_table('matchmaking_event', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_matchmaking_event_chain_id'), ['chain_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_matchmaking_event_host_department_id'), ['host_department_id'], unique=False)

    op.create_table('designation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('enterprise_id', sa.Integer(), nullable=False),
    sa.Column('chain_id', sa.Integer(), nullable=True),
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('level', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('batch', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
    sa.Column('doc_no', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=True),
    sa.Column('recognized_on', sa.Date(), nullable=True),
    sa.Column('valid_until', sa.Date(), nullable=True),
    sa.Column('review_due', sa.Date(), nullable=True),
    sa.Column('data_update_due', sa.Date(), nullable=True),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('approved_by_id', sa.Integer(), nullable=True),
    sa.Column('approved_on', sa.Date(), nullable=True),
    sa.Column('note', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=True),
    sa.Column('created_at', models.base.UTCDateTime(), nullable=False),
    sa.Column('updated_at', models.base.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['approved_by_id'], ['person.id'], name=op.f('fk_designation_approved_by_id_person')),
    sa.ForeignKeyConstraint(['chain_id'], ['chain.id'], name=op.f('fk_designation_chain_id_chain')),
    sa.ForeignKeyConstraint(['enterprise_id'], ['enterprise.id'], name=op.f('fk_designation_enterprise_id_enterprise')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_designation'))
    )
    with op.batch_alter_table('designation', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_designation_chain_id'), ['chain_id'], unique=False)
        batch_op.create_index('ix_designation_enterprise_kind', ['enterprise_id', 'kind'], unique=False)
        batch_op.create_index('ix_designation_kind_status', ['kind', 'status', 'valid_until'], unique=False)

    op.create_table('event_participant',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('enterprise_id', sa.Integer(), nullable=False),
    sa.Column('role', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.ForeignKeyConstraint(['enterprise_id'], ['enterprise.id'], name=op.f('fk_event_participant_enterprise_id_enterprise')),
    sa.ForeignKeyConstraint(['event_id'], ['matchmaking_event.id'], name=op.f('fk_event_participant_event_id_matchmaking_event')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_event_participant')),
    sa.UniqueConstraint('event_id', 'enterprise_id', name=op.f('uq_event_participant_event_id_enterprise_id'))
    )
    with op.batch_alter_table('event_participant', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_event_participant_enterprise_id'), ['enterprise_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_event_participant_event_id'), ['event_id'], unique=False)

    op.create_table('capability_item',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('chain_id', sa.Integer(), nullable=False),
    sa.Column('enterprise_id', sa.Integer(), nullable=False),
    sa.Column('product', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('map_node_id', sa.Integer(), nullable=True),
    sa.Column('certifications', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=True),
    sa.Column('capacity', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
    sa.Column('created_at', models.base.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['chain_id'], ['chain.id'], name=op.f('fk_capability_item_chain_id_chain')),
    sa.ForeignKeyConstraint(['enterprise_id'], ['enterprise.id'], name=op.f('fk_capability_item_enterprise_id_enterprise')),
    sa.ForeignKeyConstraint(['map_node_id'], ['map_node.id'], name=op.f('fk_capability_item_map_node_id_map_node')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_capability_item'))
    )
    with op.batch_alter_table('capability_item', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_capability_item_chain_id'), ['chain_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_capability_item_enterprise_id'), ['enterprise_id'], unique=False)
        batch_op.create_index('ix_capability_item_node', ['map_node_id', 'enterprise_id'], unique=False)

    op.create_table('cultivation_candidate',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('enterprise_id', sa.Integer(), nullable=False),
    sa.Column('target_kind', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('entered_on', sa.Date(), nullable=False),
    sa.Column('cycle_months', sa.Integer(), nullable=False),
    sa.Column('left_on', sa.Date(), nullable=True),
    sa.Column('exit_reason', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True),
    sa.Column('exit_note', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=True),
    sa.Column('designation_id', sa.Integer(), nullable=True),
    sa.Column('created_at', models.base.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['designation_id'], ['designation.id'], name=op.f('fk_cultivation_candidate_designation_id_designation')),
    sa.ForeignKeyConstraint(['enterprise_id'], ['enterprise.id'], name=op.f('fk_cultivation_candidate_enterprise_id_enterprise')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_cultivation_candidate'))
    )
    with op.batch_alter_table('cultivation_candidate', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_cultivation_candidate_enterprise_id'), ['enterprise_id'], unique=False)
        batch_op.create_index('ix_cultivation_candidate_kind', ['target_kind', 'left_on'], unique=False)

    op.create_table('cultivation_measure',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('plan_id', sa.Integer(), nullable=False),
    sa.Column('text', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
    sa.Column('factor_request_id', sa.Integer(), nullable=True),
    sa.Column('project_id', sa.Integer(), nullable=True),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['factor_request_id'], ['factor_request.id'], name=op.f('fk_cultivation_measure_factor_request_id_factor_request')),
    sa.ForeignKeyConstraint(['plan_id'], ['cultivation_plan.id'], name=op.f('fk_cultivation_measure_plan_id_cultivation_plan')),
    sa.ForeignKeyConstraint(['project_id'], ['key_project.id'], name=op.f('fk_cultivation_measure_project_id_key_project')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_cultivation_measure'))
    )
    with op.batch_alter_table('cultivation_measure', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_cultivation_measure_plan_id'), ['plan_id'], unique=False)

    op.create_table('demand_item',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('chain_id', sa.Integer(), nullable=False),
    sa.Column('enterprise_id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=True),
    sa.Column('item', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('map_node_id', sa.Integer(), nullable=True),
    sa.Column('specification', sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=True),
    sa.Column('amount_wan', sa.Float(), nullable=True),
    sa.Column('needed_by', sa.Date(), nullable=True),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('created_at', models.base.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['chain_id'], ['chain.id'], name=op.f('fk_demand_item_chain_id_chain')),
    sa.ForeignKeyConstraint(['enterprise_id'], ['enterprise.id'], name=op.f('fk_demand_item_enterprise_id_enterprise')),
    sa.ForeignKeyConstraint(['event_id'], ['matchmaking_event.id'], name=op.f('fk_demand_item_event_id_matchmaking_event')),
    sa.ForeignKeyConstraint(['map_node_id'], ['map_node.id'], name=op.f('fk_demand_item_map_node_id_map_node')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_demand_item'))
    )
    with op.batch_alter_table('demand_item', schema=None) as batch_op:
        batch_op.create_index('ix_demand_item_chain_status', ['chain_id', 'status'], unique=False)
        batch_op.create_index(batch_op.f('ix_demand_item_enterprise_id'), ['enterprise_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_demand_item_event_id'), ['event_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_demand_item_map_node_id'), ['map_node_id'], unique=False)

    op.create_table('designation_reminder',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('designation_id', sa.Integer(), nullable=False),
    sa.Column('due_kind', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=False),
    sa.Column('lead_days', sa.Integer(), nullable=False),
    sa.Column('task_id', sa.Integer(), nullable=False),
    sa.Column('created_at', models.base.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['designation_id'], ['designation.id'], name=op.f('fk_designation_reminder_designation_id_designation')),
    sa.ForeignKeyConstraint(['task_id'], ['task.id'], name=op.f('fk_designation_reminder_task_id_task')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_designation_reminder')),
    sa.UniqueConstraint('designation_id', 'due_kind', 'due_on', 'lead_days', name=op.f('uq_designation_reminder_designation_id_due_kind_due_on_lead_days'))
    )
    with op.batch_alter_table('designation_reminder', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_designation_reminder_designation_id'), ['designation_id'], unique=False)

    op.create_table('supply_match',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('demand_id', sa.Integer(), nullable=False),
    sa.Column('capability_id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=True),
    sa.Column('stage', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('why', sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=True),
    sa.Column('intention_wan', sa.Float(), nullable=True),
    sa.Column('contract_wan', sa.Float(), nullable=True),
    sa.Column('realised_wan', sa.Float(), nullable=True),
    sa.Column('lost_reason', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=True),
    sa.Column('intention_on', sa.Date(), nullable=True),
    sa.Column('signed_on', sa.Date(), nullable=True),
    sa.Column('created_at', models.base.UTCDateTime(), nullable=False),
    sa.Column('updated_at', models.base.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['capability_id'], ['capability_item.id'], name=op.f('fk_supply_match_capability_id_capability_item')),
    sa.ForeignKeyConstraint(['demand_id'], ['demand_item.id'], name=op.f('fk_supply_match_demand_id_demand_item')),
    sa.ForeignKeyConstraint(['event_id'], ['matchmaking_event.id'], name=op.f('fk_supply_match_event_id_matchmaking_event')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_supply_match')),
    sa.UniqueConstraint('demand_id', 'capability_id', name=op.f('uq_supply_match_demand_id_capability_id'))
    )
    with op.batch_alter_table('supply_match', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_supply_match_capability_id'), ['capability_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_supply_match_demand_id'), ['demand_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_supply_match_event_id'), ['event_id'], unique=False)

    op.create_table('match_follow_up',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('match_id', sa.Integer(), nullable=False),
    sa.Column('after_days', sa.Integer(), nullable=False),
    sa.Column('task_id', sa.Integer(), nullable=False),
    sa.Column('created_at', models.base.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['match_id'], ['supply_match.id'], name=op.f('fk_match_follow_up_match_id_supply_match')),
    sa.ForeignKeyConstraint(['task_id'], ['task.id'], name=op.f('fk_match_follow_up_task_id_task')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_match_follow_up')),
    sa.UniqueConstraint('match_id', 'after_days', name=op.f('uq_match_follow_up_match_id_after_days'))
    )
    with op.batch_alter_table('match_follow_up', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_match_follow_up_match_id'), ['match_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('match_follow_up', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_match_follow_up_match_id'))

    op.drop_table('match_follow_up')
    with op.batch_alter_table('supply_match', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_supply_match_event_id'))
        batch_op.drop_index(batch_op.f('ix_supply_match_demand_id'))
        batch_op.drop_index(batch_op.f('ix_supply_match_capability_id'))

    op.drop_table('supply_match')
    with op.batch_alter_table('designation_reminder', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_designation_reminder_designation_id'))

    op.drop_table('designation_reminder')
    with op.batch_alter_table('demand_item', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_demand_item_map_node_id'))
        batch_op.drop_index(batch_op.f('ix_demand_item_event_id'))
        batch_op.drop_index(batch_op.f('ix_demand_item_enterprise_id'))
        batch_op.drop_index('ix_demand_item_chain_status')

    op.drop_table('demand_item')
    with op.batch_alter_table('cultivation_measure', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_cultivation_measure_plan_id'))

    op.drop_table('cultivation_measure')
    with op.batch_alter_table('cultivation_candidate', schema=None) as batch_op:
        batch_op.drop_index('ix_cultivation_candidate_kind')
        batch_op.drop_index(batch_op.f('ix_cultivation_candidate_enterprise_id'))

    op.drop_table('cultivation_candidate')
    with op.batch_alter_table('capability_item', schema=None) as batch_op:
        batch_op.drop_index('ix_capability_item_node')
        batch_op.drop_index(batch_op.f('ix_capability_item_enterprise_id'))
        batch_op.drop_index(batch_op.f('ix_capability_item_chain_id'))

    op.drop_table('capability_item')
    with op.batch_alter_table('event_participant', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_event_participant_event_id'))
        batch_op.drop_index(batch_op.f('ix_event_participant_enterprise_id'))

    op.drop_table('event_participant')
    with op.batch_alter_table('designation', schema=None) as batch_op:
        batch_op.drop_index('ix_designation_kind_status')
        batch_op.drop_index('ix_designation_enterprise_kind')
        batch_op.drop_index(batch_op.f('ix_designation_chain_id'))

    op.drop_table('designation')
    with op.batch_alter_table('matchmaking_event', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_matchmaking_event_host_department_id'))
        batch_op.drop_index(batch_op.f('ix_matchmaking_event_chain_id'))

    op.drop_table('matchmaking_event')
    with op.batch_alter_table('cultivation_plan', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_cultivation_plan_owner_department_id'))
        batch_op.drop_index(batch_op.f('ix_cultivation_plan_enterprise_id'))
        batch_op.drop_index(batch_op.f('ix_cultivation_plan_chain_id'))

    op.drop_table('cultivation_plan')
