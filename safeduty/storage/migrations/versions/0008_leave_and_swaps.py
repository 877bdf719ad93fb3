"""leave and swaps: staff leave, covers (substitutes and swaps), deliveries about a cover

Revision ID: 0008
Revises: 0005
Create Date: 2026-12-01 09:00:00
"""

import sqlalchemy as sa
from alembic import op

import safeduty.storage.types

revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('staff_leave',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('staff_id', sa.String(length=32), nullable=False),
    sa.Column('first_day', sa.Date(), nullable=False),
    sa.Column('last_day', sa.Date(), nullable=False),
    sa.Column('state', sa.String(length=16), nullable=False),
    sa.Column('requested_by', sa.String(length=32), nullable=False),
    sa.Column('created_at', safeduty.storage.types.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    )
    with op.batch_alter_table('staff_leave', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_staff_leave_staff_id'), ['staff_id'], unique=False)
    op.create_table('cover',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('duty_id', sa.String(length=32), nullable=False),
    sa.Column('duty_name', sa.String(length=200), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('absent', sa.String(length=32), nullable=False),
    sa.Column('substitute', sa.String(length=32), nullable=True),
    sa.Column('reason', sa.String(length=8), nullable=False),
    sa.Column('leave_id', sa.Integer(), nullable=True),
    sa.Column('deputy', sa.Boolean(), nullable=False),
    sa.Column('state', sa.String(length=16), nullable=False),
    sa.Column('proposed_by', sa.String(length=32), nullable=True),
    sa.Column('asks', sa.Integer(), nullable=False),
    sa.Column('remind_at', safeduty.storage.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('escalate_at', safeduty.storage.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('created_at', safeduty.storage.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('decided_at', safeduty.storage.types.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['leave_id'], ['staff_leave.id'], ),
    sa.PrimaryKeyConstraint('id'),
    )
    with op.batch_alter_table('cover', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_cover_day'), ['day'], unique=False)
        batch_op.create_index(batch_op.f('ix_cover_escalate_at'), ['escalate_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_cover_leave_id'), ['leave_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_cover_state'), ['state'], unique=False)
    with op.batch_alter_table('delivery', schema=None) as batch_op:
        batch_op.add_column(sa.Column('cover_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_delivery_cover_id'), ['cover_id'], unique=False)
        batch_op.create_foreign_key('fk_delivery_cover_id_cover', 'cover', ['cover_id'], ['id'])


def downgrade() -> None:
    with op.batch_alter_table('delivery', schema=None) as batch_op:
        batch_op.drop_constraint('fk_delivery_cover_id_cover', type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_delivery_cover_id'))
        batch_op.drop_column('cover_id')
    with op.batch_alter_table('cover', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_cover_state'))
        batch_op.drop_index(batch_op.f('ix_cover_leave_id'))
        batch_op.drop_index(batch_op.f('ix_cover_escalate_at'))
        batch_op.drop_index(batch_op.f('ix_cover_day'))
    op.drop_table('cover')
    with op.batch_alter_table('staff_leave', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_staff_leave_staff_id'))
    op.drop_table('staff_leave')
