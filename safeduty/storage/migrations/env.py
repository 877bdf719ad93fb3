"""Alembic environment: runs on the engine handed over in ``config.attributes``."""

from alembic import context
from sqlmodel import SQLModel

import safeduty.storage.tables  # noqa: F401  # registers the tables on SQLModel.metadata

engine = context.config.attributes["engine"]
with engine.begin() as connection:
    context.configure(
        connection=connection,
        target_metadata=SQLModel.metadata,
        render_as_batch=True,  # SQLite can only ALTER through table copies
    )
    context.run_migrations()
