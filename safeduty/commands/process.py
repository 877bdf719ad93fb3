"""The bot's own life as events: each start, each config it loaded or reloaded."""

from __future__ import annotations

import hashlib
from datetime import datetime
from pathlib import Path

from sqlmodel import Session

from safeduty.commands.record import Command
from safeduty.domain.events import EventKind
from safeduty.storage.tables import ProcessStart

SYSTEM = "system"


def file_sha256(path: Path) -> str:
    """The SHA-256 of a file's bytes, to show later exactly which config was in force."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


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
