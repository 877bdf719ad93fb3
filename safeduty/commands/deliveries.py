"""What happened to an owed message, as commands: claimed, sent, retried, failed, unreachable.

The sender in ``bot/`` talks to Telegram and sorts its answer into one of these; what
each outcome means for the duty (an unreachable assignee moves it to the next rung) is
decided here.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlmodel import Session, select

from safeduty.commands.record import Command
from safeduty.domain.escalation import skip_past_assignee
from safeduty.domain.events import EventKind
from safeduty.domain.states import (
    DELIVERY,
    DUTY_MESSAGES,
    OCCURRENCE,
    OPEN,
    DeliveryStatus,
    OccurrenceState,
)
from safeduty.storage import duties
from safeduty.storage.tables import Delivery, Occurrence, StaffLink

SYSTEM = "system"
LATE_AFTER = timedelta(minutes=2)
ERROR_CHARS = 500


def claim(session: Session, *, delivery_id: int, now: datetime) -> bool:
    """pending -> sending, guarded; only the claimer may send."""
    with Command(session, kind=EventKind.DELIVERY_CLAIMED, actor=SYSTEM, now=now) as cmd:
        if not cmd.move(
            Delivery,
            delivery_id,
            machine=DELIVERY,
            column="status",
            to=DeliveryStatus.SENDING,
            values={"claimed_at": now, "attempts": Delivery.attempts + 1},
        ):
            return False
        cmd.done(delivery=delivery_id)
    return True


def sent(
    session: Session, *, delivery_id: int, now: datetime, chat_id: int, message_id: int
) -> bool:
    """sending -> sent, with the Telegram message that carried it; late if well past due."""
    with Command(session, kind=EventKind.DELIVERY_SENT, actor=SYSTEM, now=now) as cmd:
        row = session.get(Delivery, delivery_id)
        if row is None:
            return False
        late = now - row.due_at > LATE_AFTER
        if not cmd.move(
            Delivery,
            delivery_id,
            machine=DELIVERY,
            column="status",
            to=DeliveryStatus.SENT,
            values={
                "sent_at": now,
                "late": late,
                "chat_id": chat_id,
                "message_id": message_id,
                "error": None,
            },
        ):
            return False
        cmd.done(
            delivery=delivery_id,
            kind=row.kind,
            recipient=row.recipient,
            message_id=message_id,
            late=late,
        )
    return True


def _end(
    session: Session,
    *,
    kind: EventKind,
    delivery_id: int,
    to: DeliveryStatus,
    now: datetime,
    error: str,
) -> bool:
    with Command(session, kind=kind, actor=SYSTEM, now=now) as cmd:
        if not cmd.move(
            Delivery,
            delivery_id,
            machine=DELIVERY,
            column="status",
            to=to,
            values={"error": error[:ERROR_CHARS]},
        ):
            return False
        cmd.done(delivery=delivery_id, error=error[:ERROR_CHARS])
    return True


def retry(session: Session, *, delivery_id: int, now: datetime, error: str) -> bool:
    """sending -> pending: a transient failure (timeout, 5xx, flood); the next tick tries."""
    return _end(
        session,
        kind=EventKind.DELIVERY_RETRY,
        delivery_id=delivery_id,
        to=DeliveryStatus.PENDING,
        now=now,
        error=error,
    )


def failed(session: Session, *, delivery_id: int, now: datetime, error: str) -> bool:
    """sending -> failed: Telegram refused the message for good."""
    return _end(
        session,
        kind=EventKind.DELIVERY_FAILED,
        delivery_id=delivery_id,
        to=DeliveryStatus.FAILED,
        now=now,
        error=error,
    )


def migrated(session: Session, *, delivery_id: int, now: datetime, new_chat_id: int) -> bool:
    """The chat became a supergroup: keep its new id and send again."""
    with Command(session, kind=EventKind.CHAT_MIGRATED, actor=SYSTEM, now=now) as cmd:
        row = session.get(Delivery, delivery_id)
        if row is None:
            return False
        cmd.update(StaffLink, row.recipient, values={"chat_id": new_chat_id})
        cmd.move(
            Delivery,
            delivery_id,
            machine=DELIVERY,
            column="status",
            to=DeliveryStatus.PENDING,
            values={"error": "chat migrated"},
        )
        cmd.done(delivery=delivery_id, recipient=row.recipient, chat_id=new_chat_id)
    return True


def unreachable(session: Session, *, delivery_id: int, now: datetime, error: str) -> bool:
    """Flag the person; if the duty was waiting on them, move it to the next rung now.

    Returns whether a duty moved on (the tick then acts on it at once).
    """
    with Command(session, kind=EventKind.DELIVERY_UNREACHABLE, actor=SYSTEM, now=now) as cmd:
        row = session.get(Delivery, delivery_id)
        if row is None or not cmd.move(
            Delivery,
            delivery_id,
            machine=DELIVERY,
            column="status",
            to=DeliveryStatus.UNREACHABLE,
            values={"error": error[:ERROR_CHARS]},
        ):
            return False
        cmd.update(
            StaffLink,
            row.recipient,
            values={"unreachable_since": now},
            guard={"unreachable_since": None},
        )
        moved = _move_past_assignee(cmd, row)
        cmd.done(delivery=delivery_id, recipient=row.recipient, error=error[:ERROR_CHARS])
    return moved


def _move_past_assignee(cmd: Command, delivery: Delivery) -> bool:
    if delivery.occurrence_id is None or delivery.kind not in DUTY_MESSAGES:
        return False
    occ = cmd.session.get(Occurrence, delivery.occurrence_id, populate_existing=True)
    if occ is None or delivery.recipient != occ.assignee or occ.state not in OPEN:
        return False
    target = skip_past_assignee(duties.actions_of(occ), occ.next_step)
    if target == occ.next_step:
        return False
    return cmd.move(
        Occurrence,
        occ.id,
        machine=OCCURRENCE,
        column="state",
        to=OccurrenceState(occ.state),
        values={"next_step": target, "next_action_at": cmd.now},
        guard={"next_step": occ.next_step},
    )


def interrupt_stale(session: Session, *, now: datetime) -> int:
    """Rows left in ``sending`` by a crash: maybe sent, maybe not. Never resend them.

    At-most-once: a duplicate reminder or escalation is worse evidence than a gap, and the
    ladder still reaches the next person. Run once at start, before the first tick.
    """
    with Command(session, kind=EventKind.DELIVERY_INTERRUPTED, actor=SYSTEM, now=now) as cmd:
        stale = list(
            session.exec(select(Delivery.id).where(Delivery.status == DeliveryStatus.SENDING))
        )
        for delivery_id in stale:
            cmd.move(
                Delivery,
                delivery_id,
                machine=DELIVERY,
                column="status",
                to=DeliveryStatus.INTERRUPTED,
                values={"error": "process stopped while sending"},
            )
        if not stale:
            return 0
        cmd.done(deliveries=stale)
    return len(stale)
