"""delivery policy: repeats, backoff, parts; problem input per item; strangers

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-30 18:00:00
"""

import sqlalchemy as sa
from alembic import op

import safeduty.storage.types

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('delivery', schema=None) as batch_op:
        batch_op.add_column(sa.Column('repeat', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column('retry_at', safeduty.storage.types.UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('parts_sent', sa.Integer(), nullable=False, server_default="0"))
    with op.batch_alter_table('delivery', schema=None) as batch_op:
        batch_op.alter_column('repeat', server_default=None)
        batch_op.alter_column('parts_sent', server_default=None)
    # Conversation state only: awaited notes are re-asked at the next answer if dropped here.
    op.drop_table('pending_input')
    op.create_table('pending_input',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('staff_id', sa.String(length=32), nullable=False),
    sa.Column('occurrence_id', sa.Integer(), nullable=False),
    sa.Column('item', sa.Integer(), nullable=False),
    sa.Column('step', sa.String(length=8), nullable=False),
    sa.Column('created_at', safeduty.storage.types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['occurrence_id'], ['occurrence.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('occurrence_id', 'item'),
    )
    with op.batch_alter_table('pending_input', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_pending_input_staff_id'), ['staff_id'], unique=False)
    op.create_table('stranger_reply',
    sa.Column('telegram_user_id', sa.BigInteger(), nullable=False),
    sa.Column('replied_at', safeduty.storage.types.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('telegram_user_id'),
    )


def downgrade() -> None:
    op.drop_table('stranger_reply')
    op.drop_table('pending_input')
    op.create_table('pending_input',
    sa.Column('staff_id', sa.String(length=32), nullable=False),
    sa.Column('occurrence_id', sa.Integer(), nullable=False),
    sa.Column('item', sa.Integer(), nullable=False),
    sa.Column('step', sa.String(length=8), nullable=False),
    sa.Column('created_at', safeduty.storage.types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['occurrence_id'], ['occurrence.id'], ),
    sa.PrimaryKeyConstraint('staff_id'),
    )
    with op.batch_alter_table('delivery', schema=None) as batch_op:
        batch_op.drop_column('parts_sent')
        batch_op.drop_column('retry_at')
        batch_op.drop_column('repeat')
