"""Reads for incidents: the incident, its responders, ticked steps, photos, conversations.

Every write is a command in ``safeduty.commands.incidents``; these functions only read.
"""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session, col, select

from safeduty.domain.incidents import OPEN_INCIDENT, IncidentState
from safeduty.storage.tables import (
    Incident,
    IncidentInput,
    IncidentPhoto,
    IncidentResponder,
    IncidentStep,
)


def get(*, session: Session, incident_id: int) -> Incident | None:
    """The incident, freshly read."""
    return session.get(Incident, incident_id, populate_existing=True)


def responders(*, session: Session, incident_id: int) -> list[IncidentResponder]:
    """Everyone the incident was sent to, in the order they were told."""
    query = (
        select(IncidentResponder)
        .where(IncidentResponder.incident_id == incident_id)
        .order_by(col(IncidentResponder.id))
        .execution_options(populate_existing=True)
    )
    return list(session.exec(query))


def responder(*, session: Session, incident_id: int, staff_id: str) -> IncidentResponder | None:
    """One person's row on an incident, if it was sent to them."""
    query = select(IncidentResponder).where(
        IncidentResponder.incident_id == incident_id, IncidentResponder.staff_id == staff_id
    )
    return session.exec(query.execution_options(populate_existing=True)).first()


def steps(*, session: Session, incident_id: int) -> dict[int, IncidentStep]:
    """The ticked playbook items, by item index."""
    query = select(IncidentStep).where(IncidentStep.incident_id == incident_id)
    return {s.item: s for s in session.exec(query.execution_options(populate_existing=True))}


def photos(*, session: Session, incident_id: int) -> list[IncidentPhoto]:
    """The photos that followed the report, oldest first."""
    query = (
        select(IncidentPhoto)
        .where(IncidentPhoto.incident_id == incident_id)
        .order_by(col(IncidentPhoto.id))
    )
    return list(session.exec(query))


def due_rungs(*, session: Session, now: datetime, limit: int = 100) -> list[Incident]:
    """Unacknowledged incidents whose next rung is due, oldest first."""
    query = (
        select(Incident)
        .where(Incident.state == IncidentState.REPORTED, col(Incident.next_action_at) <= now)
        .order_by(col(Incident.next_action_at), col(Incident.id))
        .limit(limit)
        .execution_options(populate_existing=True)
    )
    return list(session.exec(query))


def due_pings(*, session: Session, now: datetime, limit: int = 200) -> list[IncidentResponder]:
    """Responders of open incidents who have not acknowledged and are due a ping."""
    query = (
        select(IncidentResponder)
        .join(Incident, col(Incident.id) == col(IncidentResponder.incident_id))
        .where(
            col(Incident.state).in_(OPEN_INCIDENT),
            col(IncidentResponder.acked_at).is_(None),
            col(IncidentResponder.next_ping_at) <= now,
        )
        .order_by(col(IncidentResponder.next_ping_at), col(IncidentResponder.id))
        .limit(limit)
        .execution_options(populate_existing=True)
    )
    return list(session.exec(query))


def current_input(*, session: Session, staff_id: str) -> IncidentInput | None:
    """The incident conversation this person is in: the one they last spoke in."""
    query = (
        select(IncidentInput)
        .where(IncidentInput.staff_id == staff_id)
        .order_by(col(IncidentInput.created_at).desc(), col(IncidentInput.id).desc())
        .execution_options(populate_existing=True)
    )
    return session.exec(query).first()


def inputs_before(*, session: Session, before: datetime) -> list[IncidentInput]:
    """Incident conversations quiet since ``before``."""
    query = select(IncidentInput).where(col(IncidentInput.created_at) < before)
    return list(session.exec(query.order_by(col(IncidentInput.id))))


def listed(*, session: Session, since: datetime, reporter: str | None = None) -> list[Incident]:
    """Open incidents and those reported since ``since``, newest first (one reporter's)."""
    query = select(Incident).where(
        col(Incident.state).in_(OPEN_INCIDENT) | (col(Incident.reported_at) >= since)
    )
    if reporter is not None:
        query = query.where(Incident.reporter == reporter)
    return list(session.exec(query.order_by(col(Incident.reported_at).desc(), col(Incident.id))))


def between(*, session: Session, first: datetime, last: datetime) -> list[Incident]:
    """Incidents reported from ``first`` up to (not including) ``last``, oldest first."""
    query = select(Incident).where(
        col(Incident.reported_at) >= first, col(Incident.reported_at) < last
    )
    return list(session.exec(query.order_by(col(Incident.reported_at), col(Incident.id))))


def open_before(*, session: Session, before: datetime) -> list[Incident]:
    """Incidents reported before ``before`` and still open, oldest first."""
    query = select(Incident).where(
        col(Incident.state).in_(OPEN_INCIDENT), col(Incident.reported_at) < before
    )
    return list(session.exec(query.order_by(col(Incident.reported_at), col(Incident.id))))


def responders_of(*, session: Session, incident_ids: list[int]) -> list[IncidentResponder]:
    """The responders of these incidents."""
    if not incident_ids:
        return []
    query = select(IncidentResponder).where(col(IncidentResponder.incident_id).in_(incident_ids))
    return list(session.exec(query.order_by(col(IncidentResponder.id))))


def steps_of(*, session: Session, incident_ids: list[int]) -> list[IncidentStep]:
    """The ticked playbook items of these incidents."""
    if not incident_ids:
        return []
    query = select(IncidentStep).where(col(IncidentStep.incident_id).in_(incident_ids))
    return list(session.exec(query.order_by(col(IncidentStep.done_at), col(IncidentStep.id))))


def photos_of(*, session: Session, incident_ids: list[int]) -> list[IncidentPhoto]:
    """The photos of these incidents."""
    if not incident_ids:
        return []
    query = select(IncidentPhoto).where(col(IncidentPhoto.incident_id).in_(incident_ids))
    return list(session.exec(query.order_by(col(IncidentPhoto.id))))
