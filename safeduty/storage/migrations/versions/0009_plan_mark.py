"""plan mark: the day last planned, with its config and arrangement digests

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02 09:00:00
"""

import sqlalchemy as sa
from alembic import op

import safeduty.storage.types

revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('plan_mark',
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('config_sha256', sa.String(length=64), nullable=False),
    sa.Column('arrangement', sa.String(length=64), nullable=False),
    sa.Column('planned_at', safeduty.storage.types.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('day'),
    )


def downgrade() -> None:
    op.drop_table('plan_mark')
