"""Open the school's database for the bot or the CLI: schema migrated, history adopted."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import Engine
from sqlmodel import Session

from safeduty.commands.process import adopt_unrecorded
from safeduty.storage.db import make_engine, migrate


def open_database(url: str, *, now: datetime | None = None) -> Engine:
    """An engine on ``url`` with the newest schema and every existing row in the chain."""
    engine = make_engine(url)
    migrate(engine)
    with Session(engine) as session:
        adopt_unrecorded(session, now=now or datetime.now(UTC))
    return engine
