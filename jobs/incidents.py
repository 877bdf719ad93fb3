"""The tick's round for incidents and the gate register: pings, ladders, visitors left
inside at the end of gate duty, quiet conversations. One bad row never stops the round."""

from __future__ import annotations

import logging
from datetime import datetime

from sqlmodel import Session

from safeduty.commands import incident_chase, incident_input, visits
from safeduty.commands.deliveries import alert_admins
from safeduty.services import Services
from safeduty.storage import incidents as incident_reads
from safeduty.storage import visits as visit_reads

log = logging.getLogger("safeduty.tick")


def _failed(services: Services, session: Session, what: str, exc: Exception, now: datetime) -> None:
    log.exception("%s could not be advanced", what)
    session.rollback()
    alert_admins(
        session, config=services.config, key=f"error:{what}", detail=f"{what}: {exc!r}", now=now
    )


def incident_round(services: Services, session: Session, now: datetime) -> list[str]:
    """Everything about incidents and visits that is due by ``now``, each step once."""
    done: list[str] = []
    config = services.config
    for incident in incident_reads.due_rungs(session=session, now=now):
        try:  # every rung due by now, in order (the row reloads after each)
            while incident_chase.climb(session, config=config, incident=incident, now=now):
                done.append(f"incident {incident.id} rung {incident.rung}")
        except Exception as exc:  # one bad row never stops the loop
            _failed(services, session, f"incident {incident.id}", exc, now)
    for row in incident_reads.due_pings(session=session, now=now):
        try:
            if incident_chase.ping(session, row=row, now=now):
                done.append(f"incident {row.incident_id} ping {row.staff_id}")
        except Exception as exc:
            _failed(services, session, f"incident {row.incident_id} ping", exc, now)
    for visit in visit_reads.due_chases(session=session, now=now):
        try:
            done += visits.chase_step(session, config=config, visit=visit, now=now)
        except Exception as exc:
            _failed(services, session, f"visit {visit.id}", exc, now)
    incident_input.expire_inputs(session, now=now)
    visits.expire_inputs(session, now=now)
    return done
