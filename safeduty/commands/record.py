"""One command, one transaction: compare-and-set updates, the rows it adds, one event.

Every write to a tracked table goes through :class:`Command`, which records what it
changed (whole rows for inserts, the new values for updates) in the event it appends, so
``safeduty verify`` can replay the chain and compare it with the tables.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from enum import StrEnum
from types import TracebackType
from typing import Any, TypeVar

from sqlalchemy import Table, update
from sqlmodel import Session, SQLModel

from safeduty.domain.events import EventKind
from safeduty.domain.states import Transitions, sources
from safeduty.storage import chain
from safeduty.storage.tables import (
    Delivery,
    Event,
    ItemAnswer,
    Occurrence,
    PendingInput,
    ProcessStart,
    StaffLink,
)

TRACKED: dict[str, type[SQLModel]] = {
    str(model.__tablename__): model
    for model in (Occurrence, ItemAnswer, Delivery, StaffLink, PendingInput, ProcessStart)
}
"""The tables whose every row and value the chain accounts for."""

Row = TypeVar("Row", bound=SQLModel)


def table_of(model: type[SQLModel]) -> Table:
    """The Core table behind a table model."""
    return model.__table__  # type: ignore[attr-defined, no-any-return]  # set by table=True


def key_of(model: type[SQLModel]) -> str:
    """The name of a tracked table's single primary-key column."""
    (column,) = table_of(model).primary_key.columns
    return str(column.name)


def image(row: SQLModel) -> dict[str, Any]:
    """Every column of ``row`` as plain JSON data."""
    return {c.name: chain.plain(getattr(row, c.name)) for c in table_of(type(row)).columns}


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
        chain.lock(self.session)
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self.event is None:  # returned early (a lost race, a refusal) or raised
            self.session.rollback()

    def insert(self, row: Row) -> Row:
        """Add a row to a tracked table; its whole image goes into the event."""
        self.session.add(row)
        self.session.flush()
        model = type(row)
        self.changes.append(
            {"t": model.__tablename__, "id": getattr(row, key_of(model)), "new": image(row)}
        )
        return row

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
        conditions = [table.c[key_of(model)] == key]
        for name, expected in (guard or {}).items():
            column = table.c[name]
            if isinstance(expected, tuple):
                conditions.append(column.in_(expected))
            elif expected is None:
                conditions.append(column.is_(None))
            else:
                conditions.append(column == expected)
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
        written = dict(zip(names, rows[0], strict=True))
        self.changes.append({"t": model.__tablename__, "id": key, "set": chain.plain(written)})
        return True

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
        key = getattr(row, key_of(model))
        self.session.delete(row)
        self.session.flush()
        self.changes.append({"t": model.__tablename__, "id": key, "delete": True})

    def done(self, **facts: Any) -> Event:
        """Append the event (facts plus changes) and commit, all or nothing."""
        payload = {**facts, "changes": self.changes}
        self.event = chain.append(
            self.session, kind=self.kind, actor=self.actor, payload=payload, now=self.now
        )
        self.session.commit()
        self.session.expire_all()  # rows loaded before were changed by Core UPDATEs: reload
        return self.event
