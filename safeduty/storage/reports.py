"""Plain reads for summaries, charts and the monthly ledger: the evidence, read back."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement, Row, Select, Text, cast, func
from sqlalchemy import select as columns
from sqlmodel import Session, col, select

from safeduty.domain.states import DeliveryKind, DeliveryStatus, OccurrenceState
from safeduty.storage.tables import Delivery, ItemAnswer, Occurrence, ProcessStart, StaffLink


def occurrences_between(*, session: Session, first: date, last: date) -> list[Occurrence]:
    """Occurrences from ``first`` to ``last`` inclusive, by day and reminder time.

    Dropped ones are left out: a reload or a leave took them away before anyone was asked
    (the events still say so), so no summary, chart or ledger counts them as undone.
    """
    query = (
        select(Occurrence)
        .where(
            col(Occurrence.day) >= first,
            col(Occurrence.day) <= last,
            col(Occurrence.state) != OccurrenceState.DROPPED,
        )
        .order_by(col(Occurrence.day), col(Occurrence.remind_at), col(Occurrence.id))
    )
    return list(session.exec(query))


def last_start(*, session: Session) -> datetime | None:
    """When the bot last started, if ever."""
    query = select(ProcessStart.started_at).order_by(col(ProcessStart.started_at).desc())
    return session.exec(query).first()


def unreachable_staff(*, session: Session) -> list[str]:
    """Staff whose Telegram account stopped accepting messages."""
    query = select(StaffLink.staff_id).where(col(StaffLink.unreachable_since).is_not(None))
    return sorted(session.exec(query))


STREAM_CHUNK = 2_000
"""Rows fetched at a time when a report streams a month (memory stays flat)."""


def _kept(first: date, last: date) -> tuple[ColumnElement[bool], ...]:
    return (
        col(Occurrence.day) >= first,
        col(Occurrence.day) <= last,
        col(Occurrence.state) != OccurrenceState.DROPPED,
    )


def count_between(*, session: Session, first: date, last: date) -> int:
    """How many occurrences ``occurrences_between`` would return."""
    query = select(func.count()).select_from(Occurrence).where(*_kept(first, last))
    return int(session.exec(query).one())


AnySelect = Select[*tuple[Any, ...]]


def _stream(session: Session, query: AnySelect) -> Iterator[Row[Any]]:
    """Rows a chunk at a time (a server-side cursor on PostgreSQL), on the session's connection."""
    result = session.connection().execute(query.execution_options(yield_per=STREAM_CHUNK))
    yield from result


def _month_order(first: date, last: date, query: AnySelect) -> AnySelect:
    return query.where(*_kept(first, last)).order_by(
        col(Occurrence.day), col(Occurrence.remind_at), col(Occurrence.id)
    )


def ledger_occurrences(*, session: Session, first: date, last: date) -> Iterator[Row[Any]]:
    """What the ledger shows of each occurrence from ``first`` to ``last`` (in
    ``occurrences_between``'s order); streamed.

    The checklist comes as its JSON text: a month repeats a handful of checklists, so the
    caller decodes each distinct one once.
    """
    query = columns(
        col(Occurrence.id),
        col(Occurrence.day),
        col(Occurrence.duty_id),
        col(Occurrence.duty_name),
        col(Occurrence.assignee),
        cast(col(Occurrence.checklist), Text).label("checklist"),
        col(Occurrence.state),
        col(Occurrence.answered_at),
        col(Occurrence.late),
        col(Occurrence.deadline),
    )
    return _stream(session, _month_order(first, last, query))


def ledger_answers(*, session: Session, first: date, last: date) -> Iterator[Row[Any]]:
    """The item answers of those occurrences, in the same order (then by item); streamed, so
    the two streams merge in one pass."""
    query = columns(
        col(ItemAnswer.occurrence_id),
        col(ItemAnswer.item),
        col(ItemAnswer.ok),
        col(ItemAnswer.note),
        col(ItemAnswer.photo_file_id),
        col(ItemAnswer.photo_path),
    ).join(Occurrence, col(ItemAnswer.occurrence_id) == Occurrence.id)
    return _stream(session, _month_order(first, last, query).order_by(col(ItemAnswer.item)))


def ledger_reminders(*, session: Session, first: date, last: date) -> Iterator[Row[Any]]:
    """The sent reminders of those occurrences, in the same order (then by due time); streamed
    and merged like the answers. A join of its own, not a subquery per occurrence: PostgreSQL
    ran a windowed or correlated one row by row, which made the month quadratic."""
    query = (
        columns(col(Delivery.occurrence_id), col(Delivery.sent_at))
        .join(Occurrence, col(Delivery.occurrence_id) == Occurrence.id)
        .where(
            col(Delivery.kind) == DeliveryKind.REMINDER,
            col(Delivery.status) == DeliveryStatus.SENT,
        )
    )
    ordered = _month_order(first, last, query).order_by(col(Delivery.due_at), col(Delivery.id))
    return _stream(session, ordered)


def problems_of_day(*, session: Session, day: date) -> list[Row[Any]]:
    """The day's answers that are not all clear (the summary lists them), by occurrence."""
    query = (
        columns(
            col(ItemAnswer.occurrence_id),
            col(ItemAnswer.item),
            col(ItemAnswer.ok),
            col(ItemAnswer.note),
            col(ItemAnswer.photo_file_id),
        )
        .join(Occurrence, col(ItemAnswer.occurrence_id) == Occurrence.id)
        .where(*_kept(day, day), col(ItemAnswer.ok).is_(False))
        .order_by(col(ItemAnswer.occurrence_id), col(ItemAnswer.item))
    )
    return list(session.execute(query))


def sent_of_day(*, session: Session, day: date) -> list[Row[Any]]:
    """The day's duty messages that went out (reminders, nudges, escalations), in order."""
    query = (
        columns(
            col(Delivery.occurrence_id),
            col(Delivery.kind),
            col(Delivery.step),
            col(Delivery.recipient),
            col(Delivery.status),
            col(Delivery.sent_at),
            col(Delivery.repeat),
        )
        .join(Occurrence, col(Delivery.occurrence_id) == Occurrence.id)
        .where(*_kept(day, day), col(Delivery.status) == DeliveryStatus.SENT)
        .order_by(col(Delivery.due_at), col(Delivery.id))
    )
    return list(session.execute(query))


def outcome_lines(*, session: Session, first: date, last: date) -> Iterator[Row[Any]]:
    """What a week's chart needs of each occurrence (day, assignee, state, late, deadline),
    streamed."""
    query = columns(
        col(Occurrence.day),
        col(Occurrence.assignee),
        col(Occurrence.state),
        col(Occurrence.late),
        col(Occurrence.deadline),
    ).where(*_kept(first, last))
    return _stream(session, query)
