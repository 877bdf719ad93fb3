"""The tick's part for incidents: re-ping who has not acknowledged, climb the ladder.

Both are persisted "next action at" columns (a responder's ``next_ping_at``, an
incident's ``next_action_at``); each step is claimed by a compare-and-set on its counter,
so a second tick or process never repeats one. A re-ping is a new message, never an edit.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlmodel import Session

from safeduty.commands.incidents import ladder_of, owe_incident, tell
from safeduty.commands.record import Command
from safeduty.config.model import SchoolConfig
from safeduty.domain.events import EventKind
from safeduty.domain.incidents import INCIDENT, IncidentState, next_ping, rung_due
from safeduty.domain.states import DeliveryKind
from safeduty.storage import incidents
from safeduty.storage.tables import Incident, IncidentResponder

SYSTEM = "system"


def climb(session: Session, *, config: SchoolConfig, incident: Incident, now: datetime) -> bool:
    """The next rung is due and nobody has acknowledged: tell the rung's people too."""
    assert incident.id is not None  # noqa: S101  # stored rows have ids
    ladder = ladder_of(incident)
    rung = incident.rung
    due = rung_due(incident.reported_at, ladder, rung)
    if due is None or due > now or incident.state != IncidentState.REPORTED:
        return False
    with Command(session, kind=EventKind.INCIDENT_ESCALATED, actor=SYSTEM, now=now) as cmd:
        if not cmd.move(
            Incident,
            incident.id,
            machine=INCIDENT,
            column="state",
            to=IncidentState.REPORTED,
            values={
                "rung": rung + 1,
                "next_action_at": rung_due(incident.reported_at, ladder, rung + 1),
            },
            guard={"rung": rung},
        ):
            return False  # acknowledged meanwhile, or another tick took it
        people = config.resolve(ladder[rung].notify, incident.reporter)
        told = tell(cmd, incident, people, rung=rung + 1)
        cmd.done(incident=incident.id, rung=rung, notify=ladder[rung].notify, told=told)
    return True


def ping(session: Session, *, row: IncidentResponder, now: datetime) -> bool:
    """A responder has not acknowledged: a new message, numbered, and the next one planned.

    After a down time only the latest due ping goes out (one message, not a burst).
    """
    incident = incidents.get(session=session, incident_id=row.incident_id)
    if incident is None or incident.ping_minutes <= 0 or row.acked_at is not None:
        return False
    every = timedelta(minutes=incident.ping_minutes)
    number = min(int((now - row.notified_at) / every), incident.ping_limit)
    if number <= row.pings:
        return False  # not due yet, or the last one was sent
    following = next_ping(
        row.notified_at,
        pings=number,
        every_minutes=incident.ping_minutes,
        limit=incident.ping_limit,
    )
    with Command(session, kind=EventKind.INCIDENT_PINGED, actor=SYSTEM, now=now) as cmd:
        if not cmd.update(
            IncidentResponder,
            row.id,
            values={"pings": number, "next_ping_at": following},
            guard={"pings": row.pings, "acked_at": None},
        ):
            return False
        owe_incident(
            cmd,
            row.incident_id,
            DeliveryKind.INCIDENT_PING,
            row.staff_id,
            tail=f"ping{number}",
            step=number,
        )
        cmd.done(incident=row.incident_id, to=row.staff_id, ping=number)
    return True
