"""One command, one transaction: compare-and-set updates, the rows it adds, one event.

Every write to a tracked table goes through :class:`Command`, which records what it
changed (whole rows for inserts, the new values for updates) in the event it appends, so
``safeduty verify`` can replay the chain and compare it with the tables.
"""

from __future__ import annotations

import asyncio
import hashlib
import threading
import weakref
from collections.abc import Mapping, Sequence
from datetime import datetime
from enum import StrEnum
from types import TracebackType
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, Table, insert, select, update
from sqlmodel import Session, SQLModel

from safeduty.domain.events import EventKind
from safeduty.domain.states import OCCURRENCE, OccurrenceState, Transitions, sources
from safeduty.storage import chain
from safeduty.storage.tables import (
    Cover,
    Delivery,
    Event,
    GateInput,
    Hazard,
    HazardInput,
    HazardPhoto,
    HazardStep,
    Incident,
    IncidentInput,
    IncidentPhoto,
    IncidentResponder,
    IncidentStep,
    Invite,
    ItemAnswer,
    LeaveSlip,
    Occurrence,
    PendingInput,
    ProcessStart,
    StaffLeave,
    StaffLink,
    Visit,
)

TRACKED: dict[str, type[SQLModel]] = {
    str(model.__tablename__): model
    for model in (
        *(Occurrence, ItemAnswer, Delivery, StaffLink, Invite, PendingInput, ProcessStart),
        *(Hazard, HazardPhoto, HazardStep, HazardInput),
        *(StaffLeave, Cover),  # leave and swaps
    )
}
"""The tables whose every row and value the chain accounts for."""
TRACKED.update(  # the incidents and the gate register
    {
        str(model.__tablename__): model
        for model in (
            *(Incident, IncidentResponder, IncidentStep, IncidentPhoto, IncidentInput),
            *(Visit, LeaveSlip, GateInput),
        )
    }
)

REDACTED = {"invite": "code"}
"""Columns the chain keeps only as a SHA-256: an unused invite code is a credential."""

Row = TypeVar("Row", bound=SQLModel)
BATCH = 1000
"""Rows per statement in the bulk writes: well under every backend's parameter limit."""


def table_of(model: type[SQLModel]) -> Table:
    """The Core table behind a table model."""
    return model.__table__  # type: ignore[attr-defined, no-any-return]  # set by table=True


def key_of(model: type[SQLModel]) -> str:
    """The name of a tracked table's single primary-key column."""
    (column,) = table_of(model).primary_key.columns
    return str(column.name)


def _redact(table: str, column: str, value: Any) -> Any:
    if REDACTED.get(table) == column and isinstance(value, str):
        return hashlib.sha256(value.encode()).hexdigest()
    return chain.plain(value)


def record_key(model: type[SQLModel], key: object) -> Any:
    """A row's key as the chain writes it (redacted where the key is a secret)."""
    return _redact(str(model.__tablename__), key_of(model), key)


def image(row: SQLModel) -> dict[str, Any]:
    """Every column of ``row`` as plain JSON data, secrets as their hash."""
    table = str(type(row).__tablename__)
    return {
        c.name: _redact(table, c.name, getattr(row, c.name)) for c in table_of(type(row)).columns
    }


_TURNS: weakref.WeakKeyDictionary[object, threading.RLock] = weakref.WeakKeyDictionary()
_TURNS_LOCK = threading.Lock()


def writer_turn(session: Session) -> threading.RLock:
    """One lock per engine: this process's commands queue here, in order, not in the database.

    Every command serialises on the chain head anyway; waiting for it inside the database
    (SQLite's busy handler, PostgreSQL's lock_timeout) would fail a command that only
    waited for a sibling thread (the tick, the sender), which is no reason to fail.
    Other processes are still waited for in the database, as before. A command run on
    the event loop (a handler's) does not queue here: blocking the loop behind a thread
    that waits for another process would stall every tap; its short transaction waits in
    the database instead, and ``bot/patience.py`` runs it again if that wait runs out.
    """
    engine = session.get_bind()
    with _TURNS_LOCK:
        turn = _TURNS.get(engine)
        if turn is None:
            turn = _TURNS[engine] = threading.RLock()
        return turn


def _on_event_loop() -> bool:
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return False
    return True


class Command:
    """A state change in progress; use as ``with Command(...) as cmd:`` and call ``done``.

    Leaving the block without ``done`` (a conflict, an exception) rolls everything back,
    event included. The append lock is taken first, so the whole command is serialised
    with every other writer and its reads see the latest committed state.
    """

    def __init__(self, session: Session, *, kind: EventKind, actor: str, now: datetime) -> None:
        self.session, self.kind, self.actor, self.now = session, kind, actor, now
        self.changes: list[dict[str, Any]] = []
        self.event: Event | None = None

    def __enter__(self) -> Command:
        if self.session.new or self.session.dirty or self.session.deleted:
            raise RuntimeError("unrecorded changes in the session: write through a Command")
        self._turn = None if _on_event_loop() else writer_turn(self.session)
        if self._turn is not None:
            self._turn.acquire()
        try:
            chain.lock(self.session)
        except BaseException:
            if self._turn is not None:
                self._turn.release()
            raise
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        try:
            if self.event is None:  # returned early (a lost race, a refusal) or raised
                self.session.rollback()
        finally:
            if self._turn is not None:
                self._turn.release()

    def insert(self, row: Row) -> Row:
        """Add a row to a tracked table; its whole image goes into the event."""
        self.session.add(row)
        self.session.flush()
        self._record_new(row)
        return row

    def insert_many(
        self,
        model: type[SQLModel],
        rows: Sequence[Mapping[str, Any]],
        *,
        unique: Sequence[str],
        among: ColumnElement[bool],
    ) -> None:
        """Add rows given as every column but the key, with bulk INSERTs; images as usual.

        Plain mappings, not model objects: planning a district adds tens of thousands of
        rows at once, and building ORM objects costs more than writing them. The new keys
        are read back by the ``unique`` columns from the rows ``among`` selects (portable,
        and under the append lock nobody else is inserting).
        """
        table, key, table_name = table_of(model), key_of(model), str(model.__tablename__)
        names = [c.name for c in table.columns]
        if any(len(row) != len(names) - 1 or key in row for row in rows):
            raise ValueError(f"{table_name}: a bulk row must name every column but {key}")
        for start in range(0, len(rows), BATCH):
            self.session.execute(insert(table), list(rows[start : start + BATCH]))
        if not rows:
            return
        found = select(*(table.c[n] for n in unique), table.c[key]).where(among)
        keys = {tuple(r[:-1]): r[-1] for r in self.session.execute(found)}
        seen: dict[tuple[str, int], Any] = {}  # rows of one plan share their rule values
        for row in rows:
            value = keys[tuple(row[n] for n in unique)]
            new = {}
            for n in names:
                v = value if n == key else row[n]
                if v is None or type(v) in chain.PLAIN:
                    new[n] = v
                elif (n, id(v)) in seen:
                    new[n] = seen[n, id(v)]
                else:
                    new[n] = seen[n, id(v)] = _redact(table_name, n, v)
            self.changes.append({"t": table_name, "id": record_key(model, value), "new": new})

    def adopt(self, row: SQLModel) -> None:
        """Record a row that exists already (written before the chain began) as it is."""
        self._record_new(row)

    def _record_new(self, row: SQLModel) -> None:
        model = type(row)
        key = record_key(model, getattr(row, key_of(model)))
        self.changes.append({"t": model.__tablename__, "id": key, "new": image(row)})

    def update(
        self,
        model: type[SQLModel],
        key: object,
        *,
        values: Mapping[str, Any],
        guard: Mapping[str, Any] | None = None,
    ) -> bool:
        """Compare-and-set: change ``values`` only if every ``guard`` column still matches.

        A guard value that is a tuple means "any of these". Returns whether the row changed.
        """
        table = table_of(model)
        conditions = [table.c[key_of(model)] == key, *_guarded(table, guard)]
        names = list(values)
        statement = (
            update(table)
            .where(*conditions)
            .values(**values)
            .returning(*(table.c[n] for n in names))
        )
        rows = self.session.execute(statement).all()
        if len(rows) != 1:
            return False
        table_name = str(model.__tablename__)
        written = {n: _redact(table_name, n, v) for n, v in zip(names, rows[0], strict=True)}
        self.changes.append({"t": table_name, "id": record_key(model, key), "set": written})
        return True

    def update_many(
        self,
        model: type[SQLModel],
        keys: Sequence[object],
        *,
        values: Mapping[str, Any],
        guard: Mapping[str, Any] | None = None,
    ) -> list[Any]:
        """Compare-and-set the same ``values`` on many rows, one UPDATE per batch.

        Each row still changes only if its guards hold, and each changed row gets its own
        entry in the event, as :meth:`update` would write it. Returns the keys changed.
        """
        table, table_name = table_of(model), str(model.__tablename__)
        primary = table.c[key_of(model)]
        names = list(values)
        changed = []
        for start in range(0, len(keys), BATCH):
            statement = (
                update(table)
                .where(primary.in_(keys[start : start + BATCH]), *_guarded(table, guard))
                .values(**values)
                .returning(primary, *(table.c[n] for n in names))
            )
            for key, *written in sorted(self.session.execute(statement).all()):
                entry = {n: _redact(table_name, n, v) for n, v in zip(names, written, strict=True)}
                self.changes.append({"t": table_name, "id": record_key(model, key), "set": entry})
                changed.append(key)
        return changed

    def move(
        self,
        model: type[SQLModel],
        key: object,
        *,
        machine: Transitions,
        column: str,
        to: StrEnum,
        values: Mapping[str, Any] | None = None,
        guard: Mapping[str, Any] | None = None,
    ) -> bool:
        """A state transition: allowed only from the states the machine's table names."""
        return self.update(
            model,
            key,
            values={column: to, **(values or {})},
            guard={column: sources(machine, to), **(guard or {})},
        )

    def delete(self, row: SQLModel) -> None:
        """Remove a row of a tracked table (only conversation state is ever removed)."""
        model = type(row)
        key = record_key(model, getattr(row, key_of(model)))
        self.session.delete(row)
        self.session.flush()
        self.changes.append({"t": model.__tablename__, "id": key, "delete": True})

    def done(self, **facts: Any) -> Event:
        """Append the event (facts plus changes) and commit, all or nothing."""
        payload = {**facts, "changes": self.changes}
        event = chain.append(
            self.session, kind=self.kind, actor=self.actor, payload=payload, now=self.now
        )
        self.session.commit()  # if this raises, __exit__ still sees no event and rolls back
        self.event = event
        self.session.expire_all()  # rows loaded before were changed by Core UPDATEs: reload
        return event


def _guarded(table: Table, guard: Mapping[str, Any] | None) -> list[ColumnElement[bool]]:
    """The WHERE conditions of a compare-and-set; a tuple means "any of these"."""
    conditions: list[ColumnElement[bool]] = []
    for name, expected in (guard or {}).items():
        column = table.c[name]
        if isinstance(expected, tuple):
            conditions.append(column.in_(expected))
        elif expected is None:
            conditions.append(column.is_(None))
        else:
            conditions.append(column == expected)
    return conditions


def move_occurrence(
    cmd: Command,
    occurrence_id: int | None,
    to: OccurrenceState,
    *,
    values: Mapping[str, Any] | None = None,
    guard: Mapping[str, Any] | None = None,
) -> bool:
    """An occurrence's state moves as its transition table allows (compare-and-set)."""
    return cmd.move(
        Occurrence,
        occurrence_id,
        machine=OCCURRENCE,
        column="state",
        to=to,
        values=values,
        guard=guard,
    )


def move_occurrences(
    cmd: Command,
    occurrence_ids: Sequence[int | None],
    to: OccurrenceState,
    *,
    values: Mapping[str, Any] | None = None,
    guard: Mapping[str, Any] | None = None,
) -> list[int]:
    """Many occurrences moved alike, each as :func:`move_occurrence` would; the ids moved."""
    return cmd.update_many(
        Occurrence,
        occurrence_ids,
        values={"state": to, **(values or {})},
        guard={"state": sources(OCCURRENCE, to), **(guard or {})},
    )
