"""Queries for the duty loop: occurrences, answers, owed messages, pending inputs.

State changes that must happen once are compare-and-set UPDATEs guarded by the old state;
callers check the returned bool (exactly one row changed) before acting on it.
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import CompoundSelect, delete, union, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from safeduty.domain.escalation import Action, timeline
from safeduty.domain.plan import PlannedOccurrence
from safeduty.storage.tables import Delivery, ItemAnswer, Occurrence, PendingInput, Setting

OPEN_STATES = ("planned", "reminded")


def _changed(result: object) -> bool:
    return int(getattr(result, "rowcount", 0)) == 1


def ensure_occurrences(
    *,
    session: Session,
    planned: Sequence[PlannedOccurrence],
    closes: dict[date, datetime],
    now: datetime,
) -> int:
    """Insert the planned occurrences that do not exist yet; return how many were added."""
    if not planned:
        return 0
    days = {p.day for p in planned}
    existing = {
        (o.duty_id, o.day, o.assignee)
        for o in session.exec(select(Occurrence).where(col(Occurrence.day).in_(days)))
    }
    added = 0
    for p in planned:
        if (p.duty_id, p.day, p.assignee) in existing:
            continue
        session.add(
            Occurrence(
                duty_id=p.duty_id,
                duty_name=p.duty_name,
                day=p.day,
                assignee=p.assignee,
                remind_at=p.remind_at,
                nudge_at=p.nudge_at,
                deadline=p.deadline,
                closes_at=closes[p.day],
                checklist=list(p.checklist),
                ladder=[[s.after_minutes, s.notify] for s in p.ladder],
                next_action_at=p.remind_at,
                created_at=now,
            )
        )
        added += 1
    try:
        session.commit()
    except IntegrityError:  # another process planned the same rows first
        session.rollback()
        return 0
    return added


def due_occurrences(*, session: Session, now: datetime, limit: int = 200) -> list[Occurrence]:
    """Open occurrences whose next action is due, oldest first."""
    query = (
        select(Occurrence)
        .where(col(Occurrence.state).in_(OPEN_STATES), col(Occurrence.next_action_at) <= now)
        .order_by(col(Occurrence.next_action_at), col(Occurrence.id))
        .limit(limit)
    )
    return list(session.exec(query))


def advance(
    *,
    session: Session,
    occurrence_id: int,
    from_step: int,
    to_step: int,
    next_action_at: datetime | None,
    state: str,
) -> bool:
    """Move an open occurrence from ``from_step`` to ``to_step``; False if someone else did."""
    result = session.execute(
        update(Occurrence)
        .where(
            col(Occurrence.id) == occurrence_id,
            col(Occurrence.next_step) == from_step,
            col(Occurrence.state).in_(OPEN_STATES),
        )
        .values(next_step=to_step, next_action_at=next_action_at, state=state)
    )
    return _changed(result)


def owe(*, session: Session, delivery: Delivery) -> bool:
    """Record a message owed to someone unless the same ``key`` is already recorded."""
    if session.exec(select(Delivery.id).where(Delivery.key == delivery.key)).first() is not None:
        return False
    session.add(delivery)
    return True


def owed_for_day(*, session: Session, kind: str, day: date) -> bool:
    """Whether a summary-like message for ``day`` is already owed to anyone."""
    query = select(Delivery.id).where(Delivery.kind == kind, Delivery.day == day)
    return session.exec(query).first() is not None


def sendable(*, session: Session, now: datetime, limit: int = 200) -> list[Delivery]:
    """Pending deliveries that are due, in the order they fell due."""
    query = (
        select(Delivery)
        .where(col(Delivery.status) == "pending", col(Delivery.due_at) <= now)
        .order_by(col(Delivery.due_at), col(Delivery.id))
        .limit(limit)
    )
    return list(session.exec(query))


def sending(*, session: Session) -> bool:
    """Whether any delivery is being sent right now."""
    return session.exec(select(Delivery.id).where(Delivery.status == "sending")).first() is not None


def claim_delivery(*, session: Session, delivery_id: int, now: datetime) -> bool:
    """pending -> sending, guarded; only the claimer may send."""
    result = session.execute(
        update(Delivery)
        .where(col(Delivery.id) == delivery_id, col(Delivery.status) == "pending")
        .values(status="sending", claimed_at=now, attempts=Delivery.attempts + 1)
    )
    session.commit()
    return _changed(result)


def interrupt_stale_sends(*, session: Session) -> int:
    """Rows left in ``sending`` by a crash: maybe sent, maybe not. Never resend them.

    At-most-once: a duplicate reminder or escalation is worse evidence than a gap, and the
    ladder still reaches the next person. Run once at start, before the first tick.
    """
    result = session.execute(
        update(Delivery)
        .where(col(Delivery.status) == "sending")
        .values(status="interrupted", error="process stopped while sending")
    )
    session.commit()
    return int(getattr(result, "rowcount", 0))


def cancel_pending(*, session: Session, occurrence_id: int) -> None:
    """Drop messages not yet sent for an occurrence that no longer needs them."""
    session.execute(
        update(Delivery)
        .where(
            col(Delivery.occurrence_id) == occurrence_id,
            col(Delivery.status) == "pending",
            col(Delivery.kind).in_(("reminder", "nudge", "escalation")),
        )
        .values(status="cancelled")
    )


def answers(*, session: Session, occurrence_id: int) -> dict[int, ItemAnswer]:
    """The item answers of an occurrence, by item index."""
    rows = session.exec(select(ItemAnswer).where(ItemAnswer.occurrence_id == occurrence_id))
    return {row.item: row for row in rows}


def set_item(*, session: Session, occurrence_id: int, item: int, ok: bool, now: datetime) -> None:
    """Record one item as OK or problem (the draft, until the occurrence is submitted)."""
    row = answers(session=session, occurrence_id=occurrence_id).get(item)
    if row is None:
        row = ItemAnswer(occurrence_id=occurrence_id, item=item, ok=ok, answered_at=now)
    row.ok, row.answered_at = ok, now
    session.add(row)


def submit(*, session: Session, occurrence_id: int, by: str, now: datetime, late: bool) -> bool:
    """Open -> answered, guarded: the first answer wins and stops the ladder."""
    result = session.execute(
        update(Occurrence)
        .where(col(Occurrence.id) == occurrence_id, col(Occurrence.state).in_(OPEN_STATES))
        .values(state="answered", answered_at=now, answered_by=by, late=late, next_action_at=None)
    )
    return _changed(result)


def occurrences_on(*, session: Session, day: date, assignee: str | None = None) -> list[Occurrence]:
    """A day's occurrences (optionally one person's), in reminder order."""
    query = select(Occurrence).where(Occurrence.day == day)
    if assignee is not None:
        query = query.where(Occurrence.assignee == assignee)
    return list(session.exec(query.order_by(col(Occurrence.remind_at), col(Occurrence.id))))


def deliveries_of(*, session: Session, occurrence_id: int) -> list[Delivery]:
    """Every message owed for an occurrence, in order."""
    query = select(Delivery).where(Delivery.occurrence_id == occurrence_id)
    return list(session.exec(query.order_by(col(Delivery.due_at), col(Delivery.id))))


def drop_unstarted(*, session: Session, after: datetime) -> int:
    """Delete occurrences not yet started and due after ``after`` (a reload re-plans them).

    One that somebody already touched (a draft answer, an awaited note, an owed message)
    has started in all but name and is kept.
    """
    touched: CompoundSelect[Any] = union(
        select(ItemAnswer.occurrence_id),
        select(PendingInput.occurrence_id),
        select(col(Delivery.occurrence_id)).where(col(Delivery.occurrence_id).is_not(None)),
    )
    result = session.execute(
        delete(Occurrence).where(
            col(Occurrence.state) == "planned",
            col(Occurrence.next_step) == 0,
            col(Occurrence.remind_at) > after,
            col(Occurrence.id).not_in(touched),
        )
    )
    session.commit()
    return int(getattr(result, "rowcount", 0))


def pending_input(*, session: Session, staff_id: str) -> PendingInput | None:
    """What the bot waits for from this person, if anything."""
    return session.get(PendingInput, staff_id)


def expect_input(*, session: Session, row: PendingInput) -> None:
    """Wait for a note or photo from a person (replacing what was awaited before)."""
    existing = session.get(PendingInput, row.staff_id)
    if existing is not None:
        session.delete(existing)
        session.flush()
    session.add(row)


def stale_inputs(*, session: Session, before: datetime) -> list[PendingInput]:
    """Inputs awaited since before ``before``: the person walked away."""
    query = select(PendingInput).where(col(PendingInput.created_at) < before)
    return list(session.exec(query))


def secret(*, session: Session) -> str:
    """The secret that signs button data, created on first use and kept across restarts."""
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
