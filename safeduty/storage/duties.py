"""Reads for the duty loop: occurrences, answers, owed messages, pending inputs.

Every write is a command in ``safeduty.commands``; these functions only read.
"""

from __future__ import annotations

import secrets
import weakref
from collections.abc import Collection
from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement, Row, case, func
from sqlalchemy import select as core_select
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, or_, select

from safeduty.domain.delivery_policy import BULK
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


def next_action(*, session: Session, after: datetime) -> datetime | None:
    """When the next open occurrence's action falls due (after ``after``), if any."""
    query = select(func.min(col(Occurrence.next_action_at))).where(
        col(Occurrence.state).in_(OPEN), col(Occurrence.next_action_at) > after
    )
    return session.exec(query).first()


def owed_for_day(*, session: Session, kind: str, day: date) -> bool:
    """Whether a summary-like message for ``day`` is already owed to anyone."""
    query = select(Delivery.id).where(Delivery.kind == kind, Delivery.day == day)
    return session.exec(query).first() is not None


def sendable(
    *, session: Session, now: datetime, limit: int = 200, skip: Collection[str] = ()
) -> list[Delivery]:
    """Pending deliveries that are due, in the order the sender should take them.

    Urgent kinds first (``delivery_policy.BULK`` last), then round-robin: each recipient's
    first message before anyone's second (one officer owed a hundred escalations does not
    hold up the rest), and each due minute's first before a burst's tail (a reminder due
    at 07:21 goes out in its minute, not after the 07:20 fan-out). ``skip`` leaves out
    recipients the sender cannot write to yet (their chat's gap, or in flight).
    """
    due = core_select(
        col(Delivery.id).label("id"),
        case((col(Delivery.kind).in_(BULK), 1), else_=0).label("bulk"),
        func.row_number()
        .over(
            partition_by=col(Delivery.recipient), order_by=(col(Delivery.due_at), col(Delivery.id))
        )
        .label("turn"),
        func.row_number()
        .over(partition_by=col(Delivery.due_at), order_by=col(Delivery.id))
        .label("place"),
        col(Delivery.due_at).label("due_at"),
    ).where(
        col(Delivery.status) == DeliveryStatus.PENDING,
        col(Delivery.due_at) <= now,
        or_(col(Delivery.retry_at).is_(None), col(Delivery.retry_at) <= now),
    )
    if skip:
        due = due.where(col(Delivery.recipient).not_in(list(skip)))
    ranked = due.subquery()
    order = core_select(ranked.c.id).order_by(
        ranked.c.bulk, ranked.c.turn, ranked.c.place, ranked.c.due_at, ranked.c.id
    )
    ids = list(session.scalars(order.limit(limit)))
    if not ids:
        return []
    rows = session.exec(
        select(Delivery).where(col(Delivery.id).in_(ids)).execution_options(populate_existing=True)
    )
    by_id = {row.id: row for row in rows}
    return [by_id[i] for i in ids if i in by_id]


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


def planned_on(*, session: Session, among: ColumnElement[bool]) -> list[Row[Any]]:
    """The occurrences ``among`` selects as plain rows of :data:`PLANNED_COLUMNS` (no ORM
    objects).

    Planning a district compares tens of thousands of rows: tuples keep that cheap and
    leave the session's identity map empty.
    """
    table = Occurrence.__table__  # type: ignore[attr-defined]  # set by table=True
    query = core_select(*(table.c[n] for n in PLANNED_COLUMNS)).where(among)
    return list(session.execute(query))


def touched_on(*, session: Session, among: ColumnElement[bool]) -> set[int]:
    """Which occurrences ``among`` selects somebody already touched (an answer, a note, a message).

    A heads-up starts nothing: a duty that only had one may still move.
    """
    found: set[int] = set()
    for column in (ItemAnswer.occurrence_id, PendingInput.occurrence_id, Delivery.occurrence_id):
        query = (
            select(column).join(Occurrence, col(Occurrence.id) == column).where(among).distinct()
        )
        if column is Delivery.occurrence_id:
            query = query.where(col(Delivery.kind) != DeliveryKind.HEADS_UP)
        found |= {i for i in session.exec(query) if i}
    return found


_SECRETS: weakref.WeakKeyDictionary[object, str] = weakref.WeakKeyDictionary()


def secret(*, session: Session) -> str:
    """The secret that signs button data, created on first use and kept across restarts.

    Not part of the evidence chain: it is a key, not a fact, and must not be copied out.
    Read once per engine (every tap needs it; it never changes once made).
    """
    engine = session.get_bind()
    known = _SECRETS.get(engine)
    if known is not None:
        return known
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
    _SECRETS[engine] = row.value
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
