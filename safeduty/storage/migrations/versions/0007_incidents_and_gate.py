"""incidents and the gate register: incidents with their responders, playbook steps,
photos and conversation; visits, leave slips and the gate conversation; deliveries owed
for an incident or a visit

Revision ID: 0007
Revises: 0006 (once hazards land; 0005 until then)
Create Date: 2026-12-01 12:00:00
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

import safeduty.storage.types

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('incident',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('kind_name', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
    sa.Column('reporter', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('reported_at', safeduty.storage.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('state', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('description', sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=True),
    sa.Column('playbook', sa.JSON(), nullable=False),
    sa.Column('ping_minutes', sa.Integer(), nullable=False),
    sa.Column('ping_limit', sa.Integer(), nullable=False),
    sa.Column('ladder', sa.JSON(), nullable=False),
    sa.Column('rung', sa.Integer(), nullable=False),
    sa.Column('next_action_at', safeduty.storage.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('acknowledged_at', safeduty.storage.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('closed_at', safeduty.storage.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('closed_by', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True),
    sa.Column('outcome', sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=True),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('incident', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_incident_next_action_at'), ['next_action_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_incident_reported_at'), ['reported_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_incident_reporter'), ['reporter'], unique=False)
        batch_op.create_index(batch_op.f('ix_incident_state'), ['state'], unique=False)

    op.create_table('incident_input',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('staff_id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('incident_id', sa.Integer(), nullable=False),
    sa.Column('step', sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
    sa.Column('created_at', safeduty.storage.types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['incident_id'], ['incident.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('staff_id', 'incident_id')
    )
    with op.batch_alter_table('incident_input', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_incident_input_staff_id'), ['staff_id'], unique=False)

    op.create_table('incident_photo',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('incident_id', sa.Integer(), nullable=False),
    sa.Column('file_id', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('path', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=True),
    sa.Column('sha256', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
    sa.Column('added_by', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('added_at', safeduty.storage.types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['incident_id'], ['incident.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('incident_photo', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_incident_photo_incident_id'), ['incident_id'], unique=False)

    op.create_table('incident_responder',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('incident_id', sa.Integer(), nullable=False),
    sa.Column('staff_id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('rung', sa.Integer(), nullable=False),
    sa.Column('notified_at', safeduty.storage.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('pings', sa.Integer(), nullable=False),
    sa.Column('next_ping_at', safeduty.storage.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('acked_at', safeduty.storage.types.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['incident_id'], ['incident.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('incident_id', 'staff_id')
    )
    with op.batch_alter_table('incident_responder', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_incident_responder_incident_id'), ['incident_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_incident_responder_next_ping_at'), ['next_ping_at'], unique=False)

    op.create_table('incident_step',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('incident_id', sa.Integer(), nullable=False),
    sa.Column('item', sa.Integer(), nullable=False),
    sa.Column('done_by', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('done_at', safeduty.storage.types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['incident_id'], ['incident.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('incident_id', 'item')
    )
    with op.batch_alter_table('incident_step', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_incident_step_incident_id'), ['incident_id'], unique=False)

    op.create_table('leave_slip',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('occurrence_id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('pupil', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.Column('class_name', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.Column('signed_by', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.Column('time_out', safeduty.storage.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('recorded_by', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('photo_file_id', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
    sa.Column('photo_path', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=True),
    sa.Column('photo_sha256', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
    sa.ForeignKeyConstraint(['occurrence_id'], ['occurrence.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('leave_slip', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_leave_slip_day'), ['day'], unique=False)
        batch_op.create_index(batch_op.f('ix_leave_slip_occurrence_id'), ['occurrence_id'], unique=False)

    op.create_table('visit',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('occurrence_id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.Column('organisation', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.Column('purpose', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.Column('host', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.Column('recorded_by', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('time_in', safeduty.storage.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('state', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('deadline', safeduty.storage.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('ladder', sa.JSON(), nullable=False),
    sa.Column('step', sa.Integer(), nullable=False),
    sa.Column('next_action_at', safeduty.storage.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('time_out', safeduty.storage.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('out_by', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True),
    sa.Column('confirmed_at', safeduty.storage.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('confirmed_by', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True),
    sa.ForeignKeyConstraint(['occurrence_id'], ['occurrence.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('visit', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_visit_day'), ['day'], unique=False)
        batch_op.create_index(batch_op.f('ix_visit_next_action_at'), ['next_action_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_visit_occurrence_id'), ['occurrence_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_visit_state'), ['state'], unique=False)

    op.create_table('gate_input',
    sa.Column('staff_id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('step', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('occurrence_id', sa.Integer(), nullable=False),
    sa.Column('slip_id', sa.Integer(), nullable=True),
    sa.Column('created_at', safeduty.storage.types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['occurrence_id'], ['occurrence.id'], ),
    sa.ForeignKeyConstraint(['slip_id'], ['leave_slip.id'], ),
    sa.PrimaryKeyConstraint('staff_id')
    )
    with op.batch_alter_table('delivery', schema=None) as batch_op:
        batch_op.add_column(sa.Column('incident_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('visit_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_delivery_incident_id'), ['incident_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_delivery_visit_id'), ['visit_id'], unique=False)
        batch_op.create_foreign_key('fk_delivery_visit_id_visit', 'visit', ['visit_id'], ['id'])
        batch_op.create_foreign_key('fk_delivery_incident_id_incident', 'incident', ['incident_id'], ['id'])



def downgrade() -> None:
    with op.batch_alter_table('delivery', schema=None) as batch_op:
        batch_op.drop_constraint('fk_delivery_incident_id_incident', type_='foreignkey')
        batch_op.drop_constraint('fk_delivery_visit_id_visit', type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_delivery_visit_id'))
        batch_op.drop_index(batch_op.f('ix_delivery_incident_id'))
        batch_op.drop_column('visit_id')
        batch_op.drop_column('incident_id')

    op.drop_table('gate_input')
    with op.batch_alter_table('visit', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_visit_state'))
        batch_op.drop_index(batch_op.f('ix_visit_occurrence_id'))
        batch_op.drop_index(batch_op.f('ix_visit_next_action_at'))
        batch_op.drop_index(batch_op.f('ix_visit_day'))

    op.drop_table('visit')
    with op.batch_alter_table('leave_slip', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_leave_slip_occurrence_id'))
        batch_op.drop_index(batch_op.f('ix_leave_slip_day'))

    op.drop_table('leave_slip')
    with op.batch_alter_table('incident_step', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_incident_step_incident_id'))

    op.drop_table('incident_step')
    with op.batch_alter_table('incident_responder', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_incident_responder_next_ping_at'))
        batch_op.drop_index(batch_op.f('ix_incident_responder_incident_id'))

    op.drop_table('incident_responder')
    with op.batch_alter_table('incident_photo', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_incident_photo_incident_id'))

    op.drop_table('incident_photo')
    with op.batch_alter_table('incident_input', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_incident_input_staff_id'))

    op.drop_table('incident_input')
    with op.batch_alter_table('incident', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_incident_state'))
        batch_op.drop_index(batch_op.f('ix_incident_reporter'))
        batch_op.drop_index(batch_op.f('ix_incident_reported_at'))
        batch_op.drop_index(batch_op.f('ix_incident_next_action_at'))

    op.drop_table('incident')
