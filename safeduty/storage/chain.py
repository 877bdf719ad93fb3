"""The evidence chain: every state change appends one hashed event that names its parent.

Each event's SHA-256 covers its number, time, actor, kind, canonical JSON payload and the
previous event's hash, so any edit, deletion, insertion or reordering breaks the chain
from that point on. Appends lock the single ``chain_head`` row first, which serialises
writers across processes on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from enum import Enum
from typing import Any

from sqlalchemy import func, update
from sqlmodel import Session, col, select

from safeduty.storage.tables import ChainHead, Event

GENESIS = "0" * 64
PLAIN = frozenset((str, int, float, bool))


def plain(value: Any) -> Any:
    """``value`` as plain JSON data: aware datetimes in UTC ISO form, dates, enums by value."""
    if value is None or type(value) in PLAIN:
        return value  # the common case first: a planned district is 20,000 rows of these
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat(timespec="microseconds")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    return value


def canonical(value: Any) -> str:
    """The one JSON spelling of ``value``: sorted keys, no spaces, UTF-8 kept as is."""
    return json.dumps(
        plain(value), sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    )


def record_hash(
    *, seq: int, at: datetime, actor: str, kind: str, payload: str, prev_hash: str
) -> str:
    """The SHA-256 of one event, its parent's hash included."""
    body = canonical(
        {"seq": seq, "at": at, "actor": actor, "kind": kind, "payload": payload, "prev": prev_hash}
    )
    return hashlib.sha256(body.encode()).hexdigest()


@dataclass(frozen=True)
class Head:
    """The chain's newest event: how many there are and the last hash."""

    seq: int
    hash: str

    @property
    def short(self) -> str:
        """The first 12 hex digits: enough to find it again, short enough to read out."""
        return self.hash[:12]


def lock(session: Session) -> None:
    """Take the append lock for this transaction (a write to the head row; held to commit)."""
    session.execute(update(ChainHead).where(col(ChainHead.id) == 1).values(seq=ChainHead.seq))


def head(session: Session) -> Head:
    """The head as the head row records it (the genesis hash before the first event)."""
    row = session.exec(select(ChainHead.seq, ChainHead.hash).where(ChainHead.id == 1)).one()
    return Head(row[0], row[1])


def append(
    session: Session, *, kind: str, actor: str, payload: dict[str, Any], now: datetime
) -> Event:
    """Add the next event; the caller holds :func:`lock` and commits."""
    parent = head(session)
    seq = parent.seq + 1
    body = canonical(payload)
    at = now.astimezone(UTC)
    digest = record_hash(
        seq=seq, at=at, actor=actor, kind=kind, payload=body, prev_hash=parent.hash
    )
    event = Event(
        seq=seq, at=at, actor=actor, kind=kind, payload=body, prev_hash=parent.hash, hash=digest
    )
    session.add(event)
    session.flush()
    session.execute(update(ChainHead).where(col(ChainHead.id) == 1).values(seq=seq, hash=digest))
    return event


def walk(session: Session, *, batch: int = 1000) -> Iterator[Event]:
    """Every event in order of its number, read in batches to keep memory flat."""
    last: int | None = None  # no lower bound: a forged record numbered 0 or less is seen too
    while True:
        query = select(Event).order_by(col(Event.seq)).limit(batch)
        if last is not None:
            query = query.where(col(Event.seq) > last)
        rows = list(session.exec(query))
        if not rows:
            return
        yield from rows
        last = rows[-1].seq


def count(session: Session) -> int:
    """How many events the table holds."""
    return int(session.exec(select(func.count()).select_from(Event)).one())
