"""The bot's own life as events: each start, each config it loaded or reloaded."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from sqlmodel import Session, select

from safeduty.commands.record import TRACKED, Command, table_of
from safeduty.domain.events import EventKind
from safeduty.storage import chain
from safeduty.storage.tables import ProcessStart

SYSTEM = "system"


def process_started(session: Session, *, now: datetime) -> None:
    """Note that the bot started (the summary's "last restart")."""
    with Command(session, kind=EventKind.PROCESS_STARTED, actor=SYSTEM, now=now) as cmd:
        cmd.insert(ProcessStart(started_at=now))
        cmd.done()


def config_loaded(
    session: Session, *, path: Path, sha256: str, reloaded: bool, actor: str, now: datetime
) -> None:
    """Record which config file (by content hash) the bot now follows."""
    kind = EventKind.CONFIG_RELOADED if reloaded else EventKind.CONFIG_LOADED
    with Command(session, kind=kind, actor=actor, now=now) as cmd:
        cmd.done(path=str(path), sha256=sha256)


def adopt_unrecorded(session: Session, *, now: datetime) -> int:
    """Take in the rows of a database written before the chain existed, as they are.

    Runs only while the chain is empty, so it can adopt an upgraded school's history
    once but never launder a row added behind the bot's back later.
    """
    if chain.head(session).seq != 0:
        return 0
    with Command(session, kind=EventKind.CHAIN_ADOPTED, actor=SYSTEM, now=now) as cmd:
        if chain.head(session).seq != 0:
            return 0  # another process adopted them first
        for model in TRACKED.values():
            for row in session.exec(select(model).order_by(*table_of(model).primary_key)):
                cmd.adopt(row)
        if not cmd.changes:
            return 0
        cmd.done(rows=len(cmd.changes))
    return len(cmd.changes)
