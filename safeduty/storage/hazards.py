"""Reads for hazards: one hazard, its photos and timeline, the lists, what the tick must do.

Every write is a command in ``safeduty.commands``; these functions only read.
"""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session, col, or_, select

from safeduty.domain.hazards import CHASED, NOT_CLOSED, HazardState
from safeduty.storage.tables import Hazard, HazardInput, HazardPhoto, HazardStep, ItemAnswer


def get(*, session: Session, hazard_id: int) -> Hazard | None:
    """One hazard as it stands now."""
    return session.get(Hazard, hazard_id, populate_existing=True)


def from_answer(*, session: Session, occurrence_id: int, item: int) -> Hazard | None:
    """The hazard a checklist item's ⚠️ answer became, if it became one."""
    query = select(Hazard).where(
        Hazard.source_occurrence_id == occurrence_id, Hazard.source_item == item
    )
    return session.exec(query).first()


def input_of(*, session: Session, staff_id: str) -> HazardInput | None:
    """What the bot waits for from this person in a hazard conversation, if anything."""
    return session.get(HazardInput, staff_id, populate_existing=True)


def photos_of(*, session: Session, hazard_id: int) -> list[HazardPhoto]:
    """A hazard's photos, before then after, in the order they came."""
    query = select(HazardPhoto).where(HazardPhoto.hazard_id == hazard_id)
    rows = session.exec(
        query.order_by(col(HazardPhoto.id)).execution_options(populate_existing=True)
    )
    return list(rows)


def steps_of(*, session: Session, hazard_id: int) -> list[HazardStep]:
    """A hazard's timeline, oldest first."""
    query = select(HazardStep).where(HazardStep.hazard_id == hazard_id)
    return list(session.exec(query.order_by(col(HazardStep.id))))


def every_hazard(*, session: Session, not_closed: bool = False) -> list[Hazard]:
    """Every hazard (or those not yet closed), by number."""
    query = select(Hazard)
    if not_closed:
        query = query.where(col(Hazard.state).in_(NOT_CLOSED))
    return list(session.exec(query.order_by(col(Hazard.id))))


def every_step(*, session: Session) -> list[HazardStep]:
    """Every timeline step of every hazard, in order."""
    return list(session.exec(select(HazardStep).order_by(col(HazardStep.id))))


def every_photo(*, session: Session) -> list[HazardPhoto]:
    """Every hazard photo, in order."""
    return list(session.exec(select(HazardPhoto).order_by(col(HazardPhoto.id))))


def due(*, session: Session, now: datetime, limit: int = 200) -> list[Hazard]:
    """Chased hazards whose next reminder or ladder step is due, oldest first."""
    query = (
        select(Hazard)
        .where(col(Hazard.state).in_(CHASED), col(Hazard.next_action_at) <= now)
        .order_by(col(Hazard.next_action_at), col(Hazard.id))
        .limit(limit)
        .execution_options(populate_existing=True)
    )
    return list(session.exec(query))


def closed_not_rechecked(*, session: Session, closed_before: datetime) -> list[Hazard]:
    """Hazards closed before a sweep and not asked about since they were closed."""
    query = (
        select(Hazard)
        .where(
            Hazard.state == HazardState.CLOSED,
            col(Hazard.closed_at) <= closed_before,
            or_(
                col(Hazard.rechecked_at).is_(None),
                col(Hazard.rechecked_at) < col(Hazard.closed_at),
            ),
        )
        .order_by(col(Hazard.place), col(Hazard.id))
    )
    return list(session.exec(query))


def inputs_before(*, session: Session, before: datetime) -> list[HazardInput]:
    """Hazard conversations nobody answered since ``before``."""
    query = select(HazardInput).where(col(HazardInput.created_at) < before)
    return list(session.exec(query.order_by(col(HazardInput.created_at))))


def photos_past_retention(*, session: Session, closed_before: datetime) -> list[HazardPhoto]:
    """Kept photos of hazards closed before ``closed_before`` (their retention has passed)."""
    query = (
        select(HazardPhoto)
        .join(Hazard, col(Hazard.id) == col(HazardPhoto.hazard_id))
        .where(
            Hazard.state == HazardState.CLOSED,
            col(Hazard.closed_at) < closed_before,
            col(HazardPhoto.removed_at).is_(None),
            col(HazardPhoto.path).is_not(None),
        )
        .order_by(col(HazardPhoto.id))
    )
    return list(session.exec(query))


def file_still_used(*, session: Session, path: str) -> bool:
    """Whether a stored photo file is still evidence (of an answer, or a hazard photo kept)."""
    answer = select(ItemAnswer.id).where(ItemAnswer.photo_path == path)
    if session.exec(answer).first() is not None:
        return True
    other = select(HazardPhoto.id).where(
        HazardPhoto.path == path, col(HazardPhoto.removed_at).is_(None)
    )
    return session.exec(other).first() is not None
