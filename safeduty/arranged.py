"""The plan as it will run: the config's plan with the stored leave and covers applied.

Planning, ``/week``, ``/swap``, ``/start`` and ``safeduty plan`` all ask this, so they can
never disagree about who does a duty.
"""

from __future__ import annotations

from datetime import date, timedelta

from sqlmodel import Session

from safeduty.config.model import SchoolConfig
from safeduty.domain.calendar import SchoolCalendar, school_calendar
from safeduty.domain.cover import Arrangement, Placed, arrange
from safeduty.domain.plan import plan_days
from safeduty.storage import covers


def placed_days(
    config: SchoolConfig,
    session: Session,
    start: date,
    days: int,
    calendar: SchoolCalendar | None = None,
    *,
    extra: Arrangement | None = None,
) -> tuple[list[Placed], Arrangement]:
    """``days`` days from ``start``: each occurrence with its person, and the arrangement used.

    ``extra`` adds what a command is about to store (a new leave) to what is stored.
    """
    calendar = calendar or school_calendar(config)
    planned = plan_days(config, start, days, calendar)
    stored = covers.arrangement(session=session, first=start, last=start + timedelta(days=days - 1))
    if extra is not None:
        stored = Arrangement(stored.leaves + extra.leaves, stored.covers + extra.covers)
    return arrange(planned, stored), stored
