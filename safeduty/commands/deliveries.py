"""What happened to an owed message, as commands: claimed, sent, retried, failed, unreachable.

The sender in ``bot/`` talks to Telegram and sorts its answer into one of these; what
each outcome means for the duty (an unreachable assignee moves it to the next rung) is
decided here.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlmodel import Session, select

from safeduty.commands.owed import owe
from safeduty.commands.record import Command, move_occurrence
from safeduty.config.model import SchoolConfig
from safeduty.domain.delivery_policy import (
    alerts_admins,
    backoff,
    give_up_after,
    resend_after_crash,
)
from safeduty.domain.escalation import skip_past_assignee
from safeduty.domain.events import EventKind
from safeduty.domain.states import (
    DELIVERY,
    DUTY_MESSAGES,
    OPEN,
    DeliveryKind,
    DeliveryStatus,
    OccurrenceState,
)
from safeduty.storage import duties
from safeduty.storage.tables import Delivery, Occurrence, StaffLink

SYSTEM = "system"
LATE_AFTER = timedelta(minutes=2)
ERROR_CHARS = 500


def _move(
    cmd: Command,
    delivery_id: int | None,
    to: DeliveryStatus,
    values: dict[str, object] | None = None,
) -> bool:
    """A delivery's status moves as the transition table allows (compare-and-set)."""
    return cmd.move(Delivery, delivery_id, machine=DELIVERY, column="status", to=to, values=values)


def _failure(row: Delivery, error: str) -> dict[str, object]:
    """The row's error after a failed try. An alert's error column is its text (what went
    wrong), so a failure to send the alert is left to the event and never replaces it."""
    return {} if row.kind == DeliveryKind.ALERT else {"error": error[:ERROR_CHARS]}


def claim(session: Session, *, delivery_id: int, now: datetime) -> bool:
    """pending -> sending, guarded; only the claimer may send."""
    with Command(session, kind=EventKind.DELIVERY_CLAIMED, actor=SYSTEM, now=now) as cmd:
        if not _move(
            cmd,
            delivery_id,
            DeliveryStatus.SENDING,
            {"claimed_at": now, "attempts": Delivery.attempts + 1},
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
        if not _move(
            cmd,
            delivery_id,
            DeliveryStatus.SENT,
            {
                "sent_at": now,
                "late": late,
                "chat_id": chat_id,
                "message_id": message_id,
                "retry_at": None,
            },
        ):
            return False
        cmd.done(
            delivery=delivery_id,
            kind=row.kind,
            recipient=row.recipient,
            message_id=message_id,
            late=late,
            repeat=row.repeat,
        )
    return True


def part_sent(session: Session, *, delivery_id: int, parts: int, now: datetime) -> bool:
    """One more part of a long message arrived: a retry starts after it."""
    with Command(session, kind=EventKind.DELIVERY_PART_SENT, actor=SYSTEM, now=now) as cmd:
        if not cmd.update(
            Delivery,
            delivery_id,
            values={"parts_sent": parts},
            guard={"status": DeliveryStatus.SENDING},
        ):
            return False
        cmd.done(delivery=delivery_id, parts=parts)
    return True


def retry(
    session: Session,
    *,
    config: SchoolConfig,
    delivery_id: int,
    now: datetime,
    error: str,
    maybe_delivered: bool,
    wait: timedelta | None = None,
) -> bool:
    """A transient failure: back off and try again, until the kind's send-by time.

    ``maybe_delivered`` (a timeout, a dropped connection) marks the next try as a possible
    repeat. ``wait`` replaces the backoff when Telegram said how long (a 429's
    ``retry_after``). Past the send-by time the delivery fails and the admins are told.
    """
    with Command(session, kind=EventKind.DELIVERY_RETRY, actor=SYSTEM, now=now) as cmd:
        row = session.get(Delivery, delivery_id, populate_existing=True)
        if row is None:
            return False
        if now - row.due_at >= give_up_after(row.kind):
            cmd.kind = EventKind.DELIVERY_FAILED
            if not _give_up(cmd, config, row, error=f"gave up after {row.attempts} tries: {error}"):
                return False
            cmd.done(delivery=delivery_id, error=error[:ERROR_CHARS], gave_up=True)
            return True
        if not _move(
            cmd,
            delivery_id,
            DeliveryStatus.PENDING,
            {
                **_failure(row, error),
                "retry_at": now + (backoff(row.attempts) if wait is None else wait),
                "repeat": row.repeat or maybe_delivered,
            },
        ):
            return False
        cmd.done(delivery=delivery_id, error=error[:ERROR_CHARS], maybe_delivered=maybe_delivered)
    return True


def failed(
    session: Session, *, config: SchoolConfig, delivery_id: int, now: datetime, error: str
) -> bool:
    """sending -> failed: Telegram refused the message for good; the admins are told."""
    with Command(session, kind=EventKind.DELIVERY_FAILED, actor=SYSTEM, now=now) as cmd:
        row = session.get(Delivery, delivery_id, populate_existing=True)
        if row is None or not _give_up(cmd, config, row, error=error):
            return False
        cmd.done(delivery=delivery_id, error=error[:ERROR_CHARS])
    return True


def _give_up(cmd: Command, config: SchoolConfig, row: Delivery, *, error: str) -> bool:
    if not _move(cmd, row.id, DeliveryStatus.FAILED, {"error": error[:ERROR_CHARS]}):
        return False
    if alerts_admins(row.kind):
        owe_alert(cmd, config, key=f"d{row.id}", detail=f"{row.kind} to {row.recipient}: {error}")
    return True


def owe_alert(cmd: Command, config: SchoolConfig, *, key: str, detail: str) -> int:
    """Owe every admin a note that something failed; ``key`` makes it once per cause."""
    owed = 0
    for admin in config.staff_with_role("admin"):
        owed += owe(
            cmd,
            Delivery(
                key=f"alert:{key}:{admin.id}"[:120],
                kind=DeliveryKind.ALERT,
                recipient=admin.id,
                due_at=cmd.now,
                error=detail[:ERROR_CHARS],
            ),
        )
    return owed


def alert_admins(
    session: Session, *, config: SchoolConfig, key: str, detail: str, now: datetime
) -> bool:
    """Tell the admins the bot itself failed (at most once per ``key``)."""
    with Command(session, kind=EventKind.ALERT_RAISED, actor=SYSTEM, now=now) as cmd:
        if not owe_alert(cmd, config, key=key, detail=detail):
            return False
        cmd.done(key=key, detail=detail[:ERROR_CHARS])
    return True


def migrated(session: Session, *, delivery_id: int, now: datetime, new_chat_id: int) -> bool:
    """The chat became a supergroup: keep its new id and send again."""
    with Command(session, kind=EventKind.CHAT_MIGRATED, actor=SYSTEM, now=now) as cmd:
        row = session.get(Delivery, delivery_id)
        if row is None or not _move(
            cmd, delivery_id, DeliveryStatus.PENDING, _failure(row, "chat migrated")
        ):
            return False
        cmd.update(StaffLink, row.recipient, values={"chat_id": new_chat_id})
        cmd.done(delivery=delivery_id, recipient=row.recipient, chat_id=new_chat_id)
    return True


def unreachable(session: Session, *, delivery_id: int, now: datetime, error: str) -> bool:
    """Flag the person; if the duty was waiting on them, move it to the next rung now.

    Returns whether a duty moved on (the tick then acts on it at once).
    """
    with Command(session, kind=EventKind.DELIVERY_UNREACHABLE, actor=SYSTEM, now=now) as cmd:
        row = session.get(Delivery, delivery_id)
        if row is None or not _move(
            cmd, delivery_id, DeliveryStatus.UNREACHABLE, {"error": error[:ERROR_CHARS]}
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
    return move_occurrence(
        cmd,
        occ.id,
        OccurrenceState(occ.state),
        values={"next_step": target, "next_action_at": cmd.now},
        guard={"next_step": occ.next_step},
    )


def resume_interrupted(session: Session, *, now: datetime) -> tuple[int, int]:
    """Rows left in ``sending`` by a crash: maybe sent, maybe not. Run once at start.

    At least once: a message whose reason still holds is sent again, marked as a possible
    repeat; the rest are kept as interrupted. Returns (resent, dropped).
    """
    with Command(session, kind=EventKind.DELIVERY_INTERRUPTED, actor=SYSTEM, now=now) as cmd:
        stale = list(
            session.exec(select(Delivery).where(Delivery.status == DeliveryStatus.SENDING))
        )
        resent = []
        for row in stale:
            occ = session.get(Occurrence, row.occurrence_id) if row.occurrence_id else None
            again = resend_after_crash(
                row.kind,
                duty_open=occ is not None and occ.state in OPEN,
                to_assignee=occ is not None and row.recipient == occ.assignee,
            )
            _move(
                cmd,
                row.id,
                DeliveryStatus.PENDING if again else DeliveryStatus.INTERRUPTED,
                {**_failure(row, "process stopped while sending"), "repeat": True},
            )
            if again:
                resent.append(row.id)
        if not stale:
            return 0, 0
        cmd.done(resent=resent, dropped=[r.id for r in stale if r.id not in resent])
    return len(resent), len(stale) - len(resent)
