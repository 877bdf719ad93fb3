"""Reads for the duty loop: occurrences, answers, owed messages, pending inputs.

Every write is a command in ``safeduty.commands``; these functions only read.
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import Row
from sqlalchemy import select as core_select
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, or_, select

from safeduty.domain.escalation import Action, timeline
from safeduty.domain.states import OPEN, DeliveryKind, DeliveryStatus
from safeduty.storage.tables import Delivery, ItemAnswer, Occurrence, PendingInput, Setting


def due_occurrences(*, session: Session, now: datetime, limit: int = 200) -> list[Occurrence]:
    """Open occurrences whose next action is due, oldest first."""
    query = (
        select(Occurrence)
        .where(col(Occurrence.state).in_(OPEN), col(Occurrence.next_action_at) <= now)
        .order_by(col(Occurrence.next_action_at), col(Occurrence.id))
        .limit(limit)
        .execution_options(populate_existing=True)
    )
    return list(session.exec(query))


def owed_for_day(*, session: Session, kind: str, day: date) -> bool:
    """Whether a summary-like message for ``day`` is already owed to anyone."""
    query = select(Delivery.id).where(Delivery.kind == kind, Delivery.day == day)
    return session.exec(query).first() is not None


def sendable(*, session: Session, now: datetime, limit: int = 200) -> list[Delivery]:
    """Pending deliveries that are due, in the order they fell due."""
    query = (
        select(Delivery)
        .where(
            col(Delivery.status) == DeliveryStatus.PENDING,
            col(Delivery.due_at) <= now,
            or_(col(Delivery.retry_at).is_(None), col(Delivery.retry_at) <= now),
        )
        .order_by(col(Delivery.due_at), col(Delivery.id))
        .limit(limit)
        .execution_options(populate_existing=True)
    )
    return list(session.exec(query))


def sending(*, session: Session) -> bool:
    """Whether any delivery is being sent right now."""
    query = select(Delivery.id).where(Delivery.status == DeliveryStatus.SENDING)
    return session.exec(query).first() is not None


def answers(*, session: Session, occurrence_id: int) -> dict[int, ItemAnswer]:
    """The item answers of an occurrence, by item index."""
    rows = session.exec(
        select(ItemAnswer)
        .where(ItemAnswer.occurrence_id == occurrence_id)
        .execution_options(populate_existing=True)
    )
    return {row.item: row for row in rows}


def occurrences_on(*, session: Session, day: date, assignee: str | None = None) -> list[Occurrence]:
    """A day's occurrences (optionally one person's), in reminder order."""
    query = select(Occurrence).where(Occurrence.day == day)
    if assignee is not None:
        query = query.where(Occurrence.assignee == assignee)
    return list(session.exec(query.order_by(col(Occurrence.remind_at), col(Occurrence.id))))


def deliveries_of(*, session: Session, occurrence_id: int) -> list[Delivery]:
    """Every message owed for an occurrence, in order."""
    query = select(Delivery).where(Delivery.occurrence_id == occurrence_id)
    return list(
        session.exec(
            query.order_by(col(Delivery.due_at), col(Delivery.id)).execution_options(
                populate_existing=True
            )
        )
    )


PLANNED_COLUMNS = (
    *("id", "duty_id", "day", "assignee", "state", "next_step"),
    *("duty_name", "remind_at", "nudge_at", "deadline", "closes_at", "checklist", "ladder"),
)
"""What re-planning compares: the key, the state, and the snapshot of the rules."""


def planned_on(*, session: Session, days: Sequence[date]) -> list[Row[Any]]:
    """The days' occurrences as plain rows of :data:`PLANNED_COLUMNS` (no ORM objects).

    Planning a district compares tens of thousands of rows: tuples keep that cheap and
    leave the session's identity map empty.
    """
    table = Occurrence.__table__  # type: ignore[attr-defined]  # set by table=True
    query = core_select(*(table.c[n] for n in PLANNED_COLUMNS)).where(table.c.day.in_(days))
    return list(session.execute(query))


def touched_on(*, session: Session, days: Sequence[date]) -> set[int]:
    """Which occurrences of these days somebody already touched (an answer, a note, a message).

    A heads-up starts nothing: a duty that only had one may still move.
    """
    found: set[int] = set()
    for column in (ItemAnswer.occurrence_id, PendingInput.occurrence_id, Delivery.occurrence_id):
        query = (
            select(column)
            .join(Occurrence, col(Occurrence.id) == column)
            .where(col(Occurrence.day).in_(days))
            .distinct()
        )
        if column is Delivery.occurrence_id:
            query = query.where(col(Delivery.kind) != DeliveryKind.HEADS_UP)
        found |= {i for i in session.exec(query) if i}
    return found


def secret(*, session: Session) -> str:
    """The secret that signs button data, created on first use and kept across restarts.

    Not part of the evidence chain: it is a key, not a fact, and must not be copied out.
    """
    row = session.get(Setting, "callback_secret")
    if row is None:
        row = Setting(key="callback_secret", value=secrets.token_hex(16))
        session.add(row)
        try:
            session.commit()
        except IntegrityError:
            session.rollback()
            row = session.get(Setting, "callback_secret")
            assert row is not None  # noqa: S101  # the other writer committed it
    return row.value


def actions_of(occ: Occurrence) -> list[Action]:
    """The stored occurrence's timeline, rebuilt from its snapshot."""
    return timeline(
        remind_at=occ.remind_at,
        nudge_at=occ.nudge_at,
        deadline=occ.deadline,
        ladder=[(int(after), str(notify)) for after, notify in occ.ladder],
        closes_at=occ.closes_at,
    )
