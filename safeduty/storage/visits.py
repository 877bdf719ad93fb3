"""Reads for the gate register: the gate duty running now, visits, leave slips, inputs.

Every write is a command in ``safeduty.commands.visits``; these functions only read.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlmodel import Session, col, select

from safeduty.domain.states import OccurrenceState
from safeduty.domain.visits import UNCONFIRMED
from safeduty.storage.tables import GateInput, LeaveSlip, Occurrence, Visit


def gate_duty_now(
    *, session: Session, duty_id: str, staff_id: str, now: datetime
) -> Occurrence | None:
    """This person's gate duty running now: reminded (answered or not), deadline not past."""
    query = (
        select(Occurrence)
        .where(
            Occurrence.duty_id == duty_id,
            Occurrence.assignee == staff_id,
            col(Occurrence.remind_at) <= now,
            col(Occurrence.deadline) >= now,
            col(Occurrence.state) != OccurrenceState.DROPPED,
        )
        .order_by(col(Occurrence.remind_at).desc())
        .execution_options(populate_existing=True)
    )
    return session.exec(query).first()


def get(*, session: Session, visit_id: int) -> Visit | None:
    """The visit, freshly read."""
    return session.get(Visit, visit_id, populate_existing=True)


def slip(*, session: Session, slip_id: int) -> LeaveSlip | None:
    """The leave slip, freshly read."""
    return session.get(LeaveSlip, slip_id, populate_existing=True)


def due_chases(*, session: Session, now: datetime, limit: int = 100) -> list[Visit]:
    """Visitors not confirmed or out whose next question or rung is due, oldest first."""
    query = (
        select(Visit)
        .where(col(Visit.state).in_(UNCONFIRMED), col(Visit.next_action_at) <= now)
        .order_by(col(Visit.next_action_at), col(Visit.id))
        .limit(limit)
        .execution_options(populate_existing=True)
    )
    return list(session.exec(query))


def since(*, session: Session, first: date) -> list[Visit]:
    """Visits from ``first`` on, oldest first (the week's usual visitors)."""
    query = select(Visit).where(col(Visit.day) >= first)
    return list(session.exec(query.order_by(col(Visit.time_in), col(Visit.id))))


def visits_between(*, session: Session, first: date, last: date) -> list[Visit]:
    """Visits of school days ``first`` to ``last`` inclusive, in the order they came."""
    query = select(Visit).where(col(Visit.day) >= first, col(Visit.day) <= last)
    return list(session.exec(query.order_by(col(Visit.time_in), col(Visit.id))))


def slips_between(*, session: Session, first: date, last: date) -> list[LeaveSlip]:
    """Leave slips of school days ``first`` to ``last`` inclusive, in time order."""
    query = select(LeaveSlip).where(col(LeaveSlip.day) >= first, col(LeaveSlip.day) <= last)
    return list(session.exec(query.order_by(col(LeaveSlip.time_out), col(LeaveSlip.id))))


def current_input(*, session: Session, staff_id: str) -> GateInput | None:
    """What the bot waits for from this person at the gate, if anything."""
    return session.get(GateInput, staff_id, populate_existing=True)


def inputs_before(*, session: Session, before: datetime) -> list[GateInput]:
    """Gate conversations quiet since ``before``."""
    query = select(GateInput).where(col(GateInput.created_at) < before)
    return list(session.exec(query))
