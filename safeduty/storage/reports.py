"""Plain reads for summaries, charts and the monthly ledger: the evidence, read back."""

from __future__ import annotations

from datetime import date, datetime

from sqlmodel import Session, col, select

from safeduty.domain.states import OccurrenceState
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


def answers_for(*, session: Session, occurrence_ids: list[int]) -> list[ItemAnswer]:
    """Every item answer of these occurrences."""
    if not occurrence_ids:
        return []
    query = select(ItemAnswer).where(col(ItemAnswer.occurrence_id).in_(occurrence_ids))
    return list(session.exec(query))


def deliveries_for(*, session: Session, occurrence_ids: list[int]) -> list[Delivery]:
    """Every owed message of these occurrences, in order."""
    if not occurrence_ids:
        return []
    query = (
        select(Delivery)
        .where(col(Delivery.occurrence_id).in_(occurrence_ids))
        .order_by(col(Delivery.due_at), col(Delivery.id))
    )
    return list(session.exec(query))


def day_rows(
    *, session: Session, day: date
) -> tuple[list[Occurrence], list[ItemAnswer], list[Delivery]]:
    """A day's occurrences with their answers and deliveries."""
    occurrences = occurrences_between(session=session, first=day, last=day)
    ids = [o.id for o in occurrences if o.id is not None]
    return (
        occurrences,
        answers_for(session=session, occurrence_ids=ids),
        deliveries_for(session=session, occurrence_ids=ids),
    )


def last_start(*, session: Session) -> datetime | None:
    """When the bot last started, if ever."""
    query = select(ProcessStart.started_at).order_by(col(ProcessStart.started_at).desc())
    return session.exec(query).first()


def unreachable_staff(*, session: Session) -> list[str]:
    """Staff whose Telegram account stopped accepting messages."""
    query = select(StaffLink.staff_id).where(col(StaffLink.unreachable_since).is_not(None))
    return sorted(session.exec(query))
