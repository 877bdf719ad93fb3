"""When the tick last finished well: bookkeeping for /status and the heartbeat, not evidence."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session

from safeduty.storage.tables import Setting

LAST_TICK = "last_tick_ok"


def mark_tick(session: Session, *, now: datetime) -> None:
    """Remember that a tick just finished without an error."""
    row = session.get(Setting, LAST_TICK) or Setting(key=LAST_TICK, value="")
    row.value = now.isoformat()
    session.add(row)
    session.commit()


def last_tick(session: Session) -> datetime | None:
    """When a tick last finished without an error, if ever."""
    row = session.get(Setting, LAST_TICK)
    return datetime.fromisoformat(row.value) if row and row.value else None
