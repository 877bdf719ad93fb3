"""The tick's hazard round: chase owners, climb overdue ladders, ask the sweep, tidy up."""

from __future__ import annotations

import logging
from datetime import datetime

from sqlmodel import Session

from safeduty.commands import hazard_chase
from safeduty.services import Services
from safeduty.storage import hazards

log = logging.getLogger("safeduty.tick")


def hazard_round(services: Services, session: Session, now: datetime) -> list[str]:
    """Everything hazards owe at ``now``; one bad hazard never stops the rest."""
    config = services.config
    done = []
    for hazard in hazards.due(session=session, now=now):
        try:
            done += hazard_chase.chase_one(session, config=config, hazard=hazard, now=now)
        except Exception as exc:  # one bad row never stops the loop
            log.exception("hazard %s could not be chased", hazard.id)
            session.rollback()
            hazard_chase.fault(
                session, config=config, hazard_id=hazard.id or 0, error=repr(exc), now=now
            )
    hazard_chase.owe_rechecks(session, config=config, now=now)
    hazard_chase.expire_inputs(session, config=config, now=now)
    hazard_chase.expire_photos(session, config=config, data_dir=services.data_dir, now=now)
    return done
