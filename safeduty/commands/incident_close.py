"""Closing an incident: a safety officer or the principal taps close, then sends a short
outcome. Closing stops every ping, ends every conversation about it, and tells everyone
it was sent to, and the reporter."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session, select

from safeduty.commands.incidents import OUTCOME_CHARS, Done, cancel_pending, owe_incident
from safeduty.commands.record import Command
from safeduty.config.model import SchoolConfig
from safeduty.domain.events import EventKind
from safeduty.domain.incidents import (
    INCIDENT,
    OPEN_INCIDENT,
    IncidentInputStep,
    IncidentState,
    may_close,
)
from safeduty.domain.states import DeliveryKind, Refusal
from safeduty.storage import incidents
from safeduty.storage.tables import Incident, IncidentInput


def ask_outcome(
    session: Session, *, config: SchoolConfig, incident_id: int, by: str, now: datetime
) -> Done:
    """A safety officer or the principal is about to close it: wait for the outcome."""
    person = config.staff_by_id(by)
    if person is None or not may_close(set(person.roles)):
        return Done(Refusal.NOT_ALLOWED, incident_id)
    with Command(session, kind=EventKind.INCIDENT_OUTCOME_ASKED, actor=by, now=now) as cmd:
        incident = incidents.get(session=session, incident_id=incident_id)
        if incident is None:
            return Done(Refusal.STALE)
        if incident.state not in OPEN_INCIDENT:
            return Done(Refusal.CLOSED, incident_id)
        existing = session.exec(
            select(IncidentInput).where(
                IncidentInput.staff_id == by, IncidentInput.incident_id == incident_id
            )
        ).first()
        step = IncidentInputStep.OUTCOME
        if existing is None:
            cmd.insert(
                IncidentInput(staff_id=by, incident_id=incident_id, step=step, created_at=now)
            )
        else:
            cmd.update(IncidentInput, existing.id, values={"step": step, "created_at": now})
        cmd.done(incident=incident_id)
    return Done(None, incident_id)


def close(
    session: Session,
    *,
    config: SchoolConfig,
    incident_id: int,
    by: str,
    outcome: str,
    now: datetime,
) -> Done:
    """Close it with a short outcome; everyone it was sent to, and the reporter, are told."""
    person = config.staff_by_id(by)
    if person is None or not may_close(set(person.roles)):
        return Done(Refusal.NOT_ALLOWED, incident_id)
    text = outcome.strip()[:OUTCOME_CHARS]
    with Command(session, kind=EventKind.INCIDENT_CLOSED, actor=by, now=now) as cmd:
        incident = incidents.get(session=session, incident_id=incident_id)
        if incident is None:
            return Done(Refusal.STALE)
        values: dict[str, object] = {
            "closed_at": now,
            "closed_by": by,
            "outcome": text,
            "next_action_at": None,
        }
        if incident.acknowledged_at is None:
            values["acknowledged_at"] = now  # closing it is acknowledging it
        if not cmd.move(
            Incident,
            incident_id,
            machine=INCIDENT,
            column="state",
            to=IncidentState.CLOSED,
            values=values,
        ):
            return Done(Refusal.CLOSED, incident_id)
        cancel_pending(cmd, incident_id, kinds=(DeliveryKind.INCIDENT_PING,))
        for row in session.exec(
            select(IncidentInput).where(IncidentInput.incident_id == incident_id)
        ).all():
            cmd.delete(row)  # nothing more is awaited for a closed incident
        others = [
            r.staff_id for r in incidents.responders(session=session, incident_id=incident_id)
        ]
        for who in dict.fromkeys([incident.reporter, *others]):
            if who != by:
                owe_incident(cmd, incident_id, DeliveryKind.INCIDENT_CLOSED, who, tail="closed")
        cmd.done(incident=incident_id, outcome=text)
    return Done(None, incident_id)
