"""The running school: what every command caller (handlers, the tick, the CLI) needs."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from sqlalchemy import Engine
from sqlmodel import Session

from safeduty.clock import Clock
from safeduty.config.model import SchoolConfig


class Outbox(Protocol):
    """Whatever sends owed messages (the bot's sender task): told when more are owed."""

    def wake(self) -> None: ...


@dataclass
class Services:
    """The running school: config (replaced on reload), database, clock and files."""

    config: SchoolConfig
    engine: Engine
    clock: Clock
    data_dir: Path
    config_path: Path | None = None
    config_sha256: str | None = None  # of the file's bytes the config was parsed from
    planned_for: tuple[object, ...] | None = None  # (school day, id of config, ...) last planned
    db_patience: float = 10.0  # seconds a tap waits out a locked or restarting database
    outbox: Outbox | None = None  # the sender, once the bot runs; None in the CLI

    def session(self) -> Session:
        """A new database session; use it in a ``with`` block."""
        return Session(self.engine, expire_on_commit=False)

    def owed(self) -> None:
        """New messages are owed: wake the sender (from any thread; nothing without one)."""
        if self.outbox is not None:
            self.outbox.wake()

    def language_of(self, staff_id: str | None) -> str:
        """The language to speak to a staff member (school default for strangers)."""
        return self.config.language_of(staff_id) if staff_id else self.config.school.language
