"""hazards: found, owned, fixed, verified; their photos, timeline and conversation

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01 09:00:00
"""

import sqlalchemy as sa
from alembic import op

import safeduty.storage.types

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('hazard',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('state', sa.String(length=16), nullable=False),
    sa.Column('description', sa.String(length=1000), nullable=False),
    sa.Column('place', sa.String(length=200), nullable=False),
    sa.Column('category', sa.String(length=40), nullable=False),
    sa.Column('level', sa.String(length=16), nullable=False),
    sa.Column('reported_by', sa.String(length=32), nullable=False),
    sa.Column('reported_at', safeduty.storage.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('source_occurrence_id', sa.Integer(), nullable=True),
    sa.Column('source_item', sa.Integer(), nullable=True),
    sa.Column('owner', sa.String(length=32), nullable=True),
    sa.Column('deadline', sa.Date(), nullable=True),
    sa.Column('assigned_by', sa.String(length=32), nullable=True),
    sa.Column('assigned_at', safeduty.storage.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('fix_note', sa.String(length=1000), nullable=True),
    sa.Column('fixed_at', safeduty.storage.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('verified_by', sa.String(length=32), nullable=True),
    sa.Column('closed_at', safeduty.storage.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('reopen_reason', sa.String(length=1000), nullable=True),
    sa.Column('rechecked_at', safeduty.storage.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('rechecked_by', sa.String(length=32), nullable=True),
    sa.Column('cycle', sa.Integer(), nullable=False),
    sa.Column('ladder', sa.JSON(), nullable=False),
    sa.Column('rung', sa.Integer(), nullable=False),
    sa.Column('chases', sa.Integer(), nullable=False),
    sa.Column('next_action_at', safeduty.storage.types.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['source_occurrence_id'], ['occurrence.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('source_occurrence_id', 'source_item')
    )
    with op.batch_alter_table('hazard', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_hazard_next_action_at'), ['next_action_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_hazard_owner'), ['owner'], unique=False)
        batch_op.create_index(batch_op.f('ix_hazard_reported_by'), ['reported_by'], unique=False)
        batch_op.create_index(batch_op.f('ix_hazard_state'), ['state'], unique=False)

    op.create_table('hazard_input',
    sa.Column('staff_id', sa.String(length=32), nullable=False),
    sa.Column('step', sa.String(length=16), nullable=False),
    sa.Column('hazard_id', sa.Integer(), nullable=True),
    sa.Column('description', sa.String(length=1000), nullable=True),
    sa.Column('place', sa.String(length=200), nullable=True),
    sa.Column('category', sa.String(length=40), nullable=True),
    sa.Column('photos', sa.JSON(), nullable=False),
    sa.Column('source_occurrence_id', sa.Integer(), nullable=True),
    sa.Column('source_item', sa.Integer(), nullable=True),
    sa.Column('created_at', safeduty.storage.types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['hazard_id'], ['hazard.id'], ),
    sa.ForeignKeyConstraint(['source_occurrence_id'], ['occurrence.id'], ),
    sa.PrimaryKeyConstraint('staff_id')
    )
    op.create_table('hazard_photo',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('hazard_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=8), nullable=False),
    sa.Column('file_id', sa.String(length=200), nullable=False),
    sa.Column('path', sa.String(length=500), nullable=True),
    sa.Column('sha256', sa.String(length=64), nullable=True),
    sa.Column('size', sa.Integer(), nullable=True),
    sa.Column('added_by', sa.String(length=32), nullable=False),
    sa.Column('added_at', safeduty.storage.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('removed_at', safeduty.storage.types.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['hazard_id'], ['hazard.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('hazard_photo', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_hazard_photo_hazard_id'), ['hazard_id'], unique=False)

    op.create_table('hazard_step',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('hazard_id', sa.Integer(), nullable=False),
    sa.Column('action', sa.String(length=16), nullable=False),
    sa.Column('actor', sa.String(length=32), nullable=False),
    sa.Column('at', safeduty.storage.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('note', sa.String(length=1000), nullable=True),
    sa.Column('owner', sa.String(length=32), nullable=True),
    sa.Column('deadline', sa.Date(), nullable=True),
    sa.ForeignKeyConstraint(['hazard_id'], ['hazard.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('hazard_step', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_hazard_step_hazard_id'), ['hazard_id'], unique=False)

    with op.batch_alter_table('delivery', schema=None) as batch_op:
        batch_op.add_column(sa.Column('hazard_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_delivery_hazard_id'), ['hazard_id'], unique=False)
        batch_op.create_foreign_key('fk_delivery_hazard_id_hazard', 'hazard', ['hazard_id'], ['id'])



def downgrade() -> None:
    with op.batch_alter_table('delivery', schema=None) as batch_op:
        batch_op.drop_constraint('fk_delivery_hazard_id_hazard', type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_delivery_hazard_id'))
        batch_op.drop_column('hazard_id')

    with op.batch_alter_table('hazard_step', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_hazard_step_hazard_id'))

    op.drop_table('hazard_step')
    with op.batch_alter_table('hazard_photo', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_hazard_photo_hazard_id'))

    op.drop_table('hazard_photo')
    op.drop_table('hazard_input')
    with op.batch_alter_table('hazard', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_hazard_state'))
        batch_op.drop_index(batch_op.f('ix_hazard_reported_by'))
        batch_op.drop_index(batch_op.f('ix_hazard_owner'))
        batch_op.drop_index(batch_op.f('ix_hazard_next_action_at'))

    op.drop_table('hazard')
