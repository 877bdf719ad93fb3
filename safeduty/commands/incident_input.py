"""What follows an incident's report: the reporter's description and photos, the closing
officer's outcome. The conversation lives in ``incident_input`` (one row per person and
incident), so a restart loses nothing; a quiet one ends after 30 minutes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel import Session

from safeduty.commands.incident_close import close
from safeduty.commands.incidents import DETAIL_CHARS, Done, owe_incident
from safeduty.commands.record import Command
from safeduty.config.model import SchoolConfig
from safeduty.domain.events import EventKind
from safeduty.domain.incidents import OPEN_INCIDENT, IncidentInputStep
from safeduty.domain.states import DeliveryKind, Refusal
from safeduty.storage import incidents
from safeduty.storage.tables import Incident, IncidentInput, IncidentPhoto

QUIET = timedelta(minutes=30)


@dataclass(frozen=True)
class Waiting:
    """An incident conversation, as the handlers need it."""

    incident_id: int
    step: IncidentInputStep
    since: datetime


def waiting_for(session: Session, *, staff_id: str) -> Waiting | None:
    """The incident conversation this person is in now, if any."""
    row = incidents.current_input(session=session, staff_id=staff_id)
    return Waiting(row.incident_id, IncidentInputStep(row.step), row.created_at) if row else None


def _tell_responders(cmd: Command, incident: Incident, *, tail: str, item: int | None) -> None:
    assert incident.id is not None  # noqa: S101  # stored rows have ids
    for row in incidents.responders(session=cmd.session, incident_id=incident.id):
        owe_incident(
            cmd, incident.id, DeliveryKind.INCIDENT_DETAIL, row.staff_id, tail=tail, item=item
        )


def _joined(incident: Incident, text: str) -> str:
    if not incident.description:
        return text[:DETAIL_CHARS]
    return f"{incident.description}\n{text}"[:DETAIL_CHARS]


def add_text(
    session: Session, *, config: SchoolConfig, staff_id: str, text: str, now: datetime
) -> Done | None:
    """A message in an incident conversation: a detail from the reporter, or the outcome.

    None when the person is in no incident conversation.
    """
    waiting = waiting_for(session, staff_id=staff_id)
    if waiting is None or not text.strip():
        return None
    if waiting.step == IncidentInputStep.OUTCOME:
        return close(
            session,
            config=config,
            incident_id=waiting.incident_id,
            by=staff_id,
            outcome=text,
            now=now,
        )
    with Command(session, kind=EventKind.INCIDENT_DETAIL, actor=staff_id, now=now) as cmd:
        row = incidents.current_input(session=session, staff_id=staff_id)
        incident = incidents.get(session=session, incident_id=waiting.incident_id)
        if row is None or incident is None or incident.state not in OPEN_INCIDENT:
            return Done(Refusal.CLOSED, waiting.incident_id)
        detail = text.strip()
        cmd.update(Incident, incident.id, values={"description": _joined(incident, detail)})
        cmd.update(IncidentInput, row.id, values={"created_at": now})  # the timer restarts
        _tell_responders(cmd, incident, tail=f"t{now.timestamp():.6f}", item=None)
        cmd.done(incident=incident.id, detail=detail[:DETAIL_CHARS])
    return Done(None, waiting.incident_id)


def add_photo(
    session: Session,
    *,
    staff_id: str,
    file_id: str,
    path: str | None,
    sha256: str | None,
    caption: str | None,
    now: datetime,
) -> Done | None:
    """A photo from the reporter: kept by its hash and sent on to the responders.

    None when the person is not describing an incident (closing one takes words).
    """
    waiting = waiting_for(session, staff_id=staff_id)
    if waiting is None or waiting.step != IncidentInputStep.DETAIL:
        return None
    with Command(session, kind=EventKind.INCIDENT_PHOTO, actor=staff_id, now=now) as cmd:
        row = incidents.current_input(session=session, staff_id=staff_id)
        incident = incidents.get(session=session, incident_id=waiting.incident_id)
        if row is None or incident is None or incident.state not in OPEN_INCIDENT:
            return Done(Refusal.CLOSED, waiting.incident_id)
        photo = cmd.insert(
            IncidentPhoto(
                incident_id=waiting.incident_id,
                file_id=file_id,
                path=path,
                sha256=sha256,
                added_by=staff_id,
                added_at=now,
            )
        )
        if caption and caption.strip():
            cmd.update(
                Incident, incident.id, values={"description": _joined(incident, caption.strip())}
            )
        cmd.update(IncidentInput, row.id, values={"created_at": now})
        _tell_responders(cmd, incident, tail=f"p{photo.id}", item=photo.id)
        cmd.done(incident=incident.id, photo=photo.id, photo_sha256=sha256)
    return Done(None, waiting.incident_id)


def expire_inputs(session: Session, *, now: datetime) -> int:
    """Stop waiting in incident conversations quiet for :data:`QUIET`; nobody is told."""
    stale = incidents.inputs_before(session=session, before=now - QUIET)
    if not stale:
        return 0
    with Command(session, kind=EventKind.INCIDENT_INPUT_EXPIRED, actor="system", now=now) as cmd:
        gone = 0
        for row in incidents.inputs_before(session=session, before=now - QUIET):
            cmd.delete(row)
            gone += 1
        if not gone:
            return 0
        cmd.done(inputs=gone)
    return gone
