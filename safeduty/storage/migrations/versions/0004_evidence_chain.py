"""evidence chain: the append-only event table, its head, and photo hashes

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-30 17:00:00
"""

import sqlalchemy as sa
from alembic import op

import safeduty.storage.types

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None

GENESIS = "0" * 64

SQLITE_TRIGGERS = [
    "CREATE TRIGGER event_no_update BEFORE UPDATE ON event "
    "BEGIN SELECT RAISE(ABORT, 'event is append-only'); END",
    "CREATE TRIGGER event_no_delete BEFORE DELETE ON event "
    "BEGIN SELECT RAISE(ABORT, 'event is append-only'); END",
]

POSTGRES_TRIGGERS = [
    "CREATE FUNCTION event_append_only() RETURNS trigger LANGUAGE plpgsql AS "
    "$$ BEGIN RAISE EXCEPTION 'event is append-only'; END $$",
    "CREATE TRIGGER event_no_change BEFORE UPDATE OR DELETE ON event "
    "FOR EACH ROW EXECUTE FUNCTION event_append_only()",
    "CREATE TRIGGER event_no_truncate BEFORE TRUNCATE ON event "
    "FOR EACH STATEMENT EXECUTE FUNCTION event_append_only()",
]


def upgrade() -> None:
    op.create_table('event',
    sa.Column('seq', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('at', safeduty.storage.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('actor', sa.String(length=64), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('payload', sa.Text(), nullable=False),
    sa.Column('prev_hash', sa.String(length=64), nullable=False),
    sa.Column('hash', sa.String(length=64), nullable=False),
    sa.PrimaryKeyConstraint('seq'),
    sa.UniqueConstraint('hash'),
    sa.UniqueConstraint('prev_hash'),
    )
    with op.batch_alter_table('event', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_event_kind'), ['kind'], unique=False)
    head = op.create_table('chain_head',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('hash', sa.String(length=64), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    )
    op.bulk_insert(head, [{"id": 1, "seq": 0, "hash": GENESIS}])
    with op.batch_alter_table('item_answer', schema=None) as batch_op:
        batch_op.add_column(sa.Column('photo_sha256', sa.String(length=64), nullable=True))
    dialect = op.get_bind().dialect.name
    for statement in SQLITE_TRIGGERS if dialect == "sqlite" else POSTGRES_TRIGGERS:
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP FUNCTION event_append_only() CASCADE")
    with op.batch_alter_table('item_answer', schema=None) as batch_op:
        batch_op.drop_column('photo_sha256')
    op.drop_table('chain_head')
    with op.batch_alter_table('event', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_event_kind'))
    op.drop_table('event')
