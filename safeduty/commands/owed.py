"""Owed messages: a delivery row per message, unique by key, cancelled when moot."""

from __future__ import annotations

from sqlmodel import col, select

from safeduty.commands.record import Command
from safeduty.domain.states import DELIVERY, DUTY_MESSAGES, DeliveryStatus
from safeduty.storage.tables import Delivery, Occurrence


def owe(cmd: Command, delivery: Delivery) -> bool:
    """Record a message owed to someone unless the same ``key`` is already recorded."""
    known = cmd.session.exec(select(Delivery.id).where(Delivery.key == delivery.key)).first()
    if known is not None:
        return False
    cmd.insert(delivery)
    return True


def cancel_chasers(cmd: Command, occurrence_id: int, *, keep_escalations: bool = False) -> None:
    """Cancel the reminders and escalations of an occurrence not sent yet.

    At the day's close, escalations already owed to others still go out (they report
    what happened, even late); only the chasers to the assignee are moot.
    """
    query = select(Delivery.id).where(
        Delivery.occurrence_id == occurrence_id,
        Delivery.status == DeliveryStatus.PENDING,
        col(Delivery.kind).in_(DUTY_MESSAGES),
    )
    if keep_escalations:
        assignee = select(Occurrence.assignee).where(Occurrence.id == occurrence_id)
        query = query.where(col(Delivery.recipient) == assignee.scalar_subquery())
    pending = cmd.session.exec(query)
    for delivery_id in list(pending):
        cmd.move(
            Delivery, delivery_id, machine=DELIVERY, column="status", to=DeliveryStatus.CANCELLED
        )
