"""The Alembic migrations build exactly the schema the models describe, on every backend."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine
from sqlmodel import SQLModel

from safeduty.storage.db import migrate


def test_migrations_match_the_models(engine: Engine) -> None:
    """No table, column or index differs between the migrated database and the models."""
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), SQLModel.metadata)
    assert diff == []


def test_migrating_again_is_a_no_op(engine: Engine) -> None:
    """Start-up runs the migrations every time; a second run changes nothing."""
    migrate(engine)
    with engine.connect() as conn:
        assert MigrationContext.configure(conn).get_current_revision() is not None
