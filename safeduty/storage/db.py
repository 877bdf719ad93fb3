"""Engines and migrations: the schema is brought to the newest revision on every start."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, event, make_url
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlmodel import create_engine

MIGRATIONS = Path(__file__).with_name("migrations")
LOCK_WAIT_MS = 1000
"""How long one statement waits for another process's lock before it fails. Short, because
the bot's handlers wait longer between tries without blocking the event loop
(``bot/patience.py``); PostgreSQL's default would be to wait forever."""


PASSING = ("locked", "busy", "lock timeout", "could not obtain lock", "connection", "closed")


def unavailable(exc: BaseException) -> bool:
    """Whether ``exc`` is the database being briefly unavailable (not a bug or bad data):
    locked by another writer, a lock wait given up, a connection dropped by a restart."""
    if isinstance(exc, DBAPIError) and exc.connection_invalidated:
        return True
    return isinstance(exc, OperationalError) and any(
        marker in str(exc.orig).lower() for marker in PASSING
    )


def make_engine(url: str, *, schema: str | None = None) -> Engine:
    """An engine for ``url``; on PostgreSQL ``schema`` sets the search path (tests isolate)."""
    connect_args: dict[str, Any] = {}
    if url.startswith("sqlite"):
        connect_args["check_same_thread"] = False
        if url not in ("sqlite://", "sqlite:///:memory:"):
            _ensure_parent(url)
    else:  # options given in the URL are kept: connect_args would replace them
        given = make_url(url).query.get("options", "")
        options = [
            *([given] if isinstance(given, str) else given),
            f"-clock_timeout={LOCK_WAIT_MS}",
        ]
        if schema:
            options.append(f"-csearch_path={schema}")
        connect_args["options"] = " ".join(option for option in options if option)
    # 16 concurrent updates, the sender's worker threads and the tick each hold a connection
    engine = create_engine(
        url, connect_args=connect_args, pool_pre_ping=True, pool_size=10, max_overflow=30
    )
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def _ensure_parent(url: str) -> None:
    path = url.split("///", 1)[-1]
    if path:
        Path(path).expanduser().parent.mkdir(parents=True, exist_ok=True)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # WAL lets the CLI read while the bot writes; a busy timeout waits instead of failing.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute(f"PRAGMA busy_timeout={LOCK_WAIT_MS}")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def alembic_config(engine: Engine) -> Config:
    """An Alembic config that runs this package's migrations on ``engine``."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["engine"] = engine
    return config


def migrate(engine: Engine) -> None:
    """Create or upgrade the schema to the newest revision; safe to run on every start."""
    command.upgrade(alembic_config(engine), "head")


def revisions(engine: Engine) -> tuple[str | None, str | None]:
    """(the database's schema revision, the newest this code knows); reads only."""
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    with engine.connect() as conn:
        current = MigrationContext.configure(conn).get_current_revision()
    return current, ScriptDirectory.from_config(alembic_config(engine)).get_current_head()
