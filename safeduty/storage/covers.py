"""Reads for leave, substitutes and swaps. Every write is a command in ``safeduty.commands``."""

from __future__ import annotations

from datetime import date, datetime

from sqlmodel import Session, col, select

from safeduty.domain.cover import Arrangement, CoverFact, LeaveSpan
from safeduty.domain.cover_states import (
    LIVE,
    UNSTAFFED,
    CoverReason,
    CoverState,
    LeaveState,
)
from safeduty.domain.states import DeliveryKind, OccurrenceState
from safeduty.storage.tables import Cover, Delivery, Occurrence, StaffLeave


def fact(row: Cover) -> CoverFact:
    """A stored cover as the domain sees it."""
    return CoverFact(
        id=row.id or 0,
        duty_id=row.duty_id,
        day=row.day,
        absent=row.absent,
        substitute=row.substitute,
        reason=CoverReason(row.reason),
        state=CoverState(row.state),
        deputy=row.deputy,
    )


def leaves_between(*, session: Session, first: date, last: date) -> list[StaffLeave]:
    """Active leaves that touch ``first`` .. ``last``, oldest first."""
    query = (
        select(StaffLeave)
        .where(
            StaffLeave.state == LeaveState.ACTIVE,
            col(StaffLeave.first_day) <= last,
            col(StaffLeave.last_day) >= first,
        )
        .order_by(col(StaffLeave.id))
        .execution_options(populate_existing=True)
    )
    return list(session.exec(query))


def covers_between(*, session: Session, first: date, last: date) -> list[Cover]:
    """Live covers of ``first`` .. ``last``, oldest first."""
    query = (
        select(Cover)
        .where(col(Cover.day) >= first, col(Cover.day) <= last, col(Cover.state).in_(LIVE))
        .order_by(col(Cover.id))
        .execution_options(populate_existing=True)
    )
    return list(session.exec(query))


def arrangement(*, session: Session, first: date, last: date) -> Arrangement:
    """The active leaves and live covers of ``first`` .. ``last``, for planning."""
    leaves = leaves_between(session=session, first=first, last=last)
    return Arrangement(
        leaves=tuple(LeaveSpan(s.staff_id, s.first_day, s.last_day) for s in leaves),
        covers=tuple(fact(c) for c in covers_between(session=session, first=first, last=last)),
    )


def cover(*, session: Session, cover_id: int) -> Cover | None:
    """One cover, fresh from the database."""
    return session.get(Cover, cover_id, populate_existing=True)


def leave(*, session: Session, leave_id: int) -> StaffLeave | None:
    """One leave, fresh from the database."""
    return session.get(StaffLeave, leave_id, populate_existing=True)


def covers_of_leave(*, session: Session, leave_id: int) -> list[Cover]:
    """The covers a leave asked for, by day and reminder time."""
    query = (
        select(Cover)
        .where(Cover.leave_id == leave_id)
        .order_by(col(Cover.remind_at), col(Cover.id))
        .execution_options(populate_existing=True)
    )
    return list(session.exec(query))


def due_escalations(*, session: Session, now: datetime, limit: int = 100) -> list[Cover]:
    """Leave covers still unstaffed whose escalation time has come."""
    query = (
        select(Cover)
        .where(
            Cover.reason == CoverReason.LEAVE,
            col(Cover.state).in_(UNSTAFFED),
            col(Cover.escalate_at) <= now,
        )
        .order_by(col(Cover.escalate_at), col(Cover.id))
        .limit(limit)
    )
    return list(session.exec(query))


def unstaffed_between(*, session: Session, first: date, last: date) -> list[Cover]:
    """Duties a leave left without a person, ``first`` .. ``last``, by reminder time."""
    query = (
        select(Cover)
        .where(
            Cover.reason == CoverReason.LEAVE,
            col(Cover.state).in_(UNSTAFFED),
            col(Cover.day) >= first,
            col(Cover.day) <= last,
        )
        .order_by(col(Cover.remind_at), col(Cover.id))
    )
    return list(session.exec(query))


def covering(*, session: Session, occ: Occurrence) -> Cover | None:
    """The accepted cover an occurrence's person took over, if they stand in for someone."""
    query = select(Cover).where(
        Cover.duty_id == occ.duty_id,
        Cover.day == occ.day,
        Cover.substitute == occ.assignee,
        Cover.state == CoverState.ACCEPTED,
    )
    return session.exec(query.order_by(col(Cover.id).desc())).first()


def awaiting_heads_up(
    *, session: Session, day: date, duty_ids: list[str] | None = None
) -> list[Occurrence]:
    """A day's occurrences (of ``duty_ids``, if given) not started yet that had no heads-up."""
    told = select(Delivery.occurrence_id).where(
        Delivery.kind == DeliveryKind.HEADS_UP, col(Delivery.occurrence_id).is_not(None)
    )
    query = select(Occurrence).where(
        Occurrence.day == day,
        Occurrence.state == OccurrenceState.PLANNED,
        col(Occurrence.id).not_in(told),
    )
    if duty_ids is not None:
        query = query.where(col(Occurrence.duty_id).in_(duty_ids))
    return list(session.exec(query.order_by(col(Occurrence.remind_at), col(Occurrence.id))))


def leaves_of(*, session: Session, staff_id: str, since: date) -> list[StaffLeave]:
    """A person's active leaves that have not ended before ``since``, by first day."""
    query = (
        select(StaffLeave)
        .where(
            StaffLeave.staff_id == staff_id,
            StaffLeave.state == LeaveState.ACTIVE,
            col(StaffLeave.last_day) >= since,
        )
        .order_by(col(StaffLeave.first_day), col(StaffLeave.id))
    )
    return list(session.exec(query))
