"""The evening before: a heads-up for each duty that has one (``heads_up = "19:00"``).

An owed delivery like every other message, keyed by occurrence, so a restart neither loses
nor repeats it. It goes to whoever does the duty tomorrow (a substitute included) and only
the day before: a heads-up the bot was down for is not sent in the small hours.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlmodel import Session

from safeduty.commands.owed import owe
from safeduty.commands.record import Command
from safeduty.config.model import SchoolConfig
from safeduty.domain.cover import heads_up_at
from safeduty.domain.events import EventKind
from safeduty.domain.plan import school_date
from safeduty.domain.states import DeliveryKind
from safeduty.storage import covers
from safeduty.storage.tables import Delivery

SYSTEM = "system"


def owe_heads_ups(session: Session, *, config: SchoolConfig, now: datetime) -> int:
    """Owe tomorrow's heads-ups whose time has come; return how many."""
    tomorrow = school_date(now, config) + timedelta(days=1)
    zone = ZoneInfo(config.school.timezone)
    times = {
        duty.id: at
        for duty in config.duties
        if duty.heads_up is not None and (at := heads_up_at(tomorrow, duty.heads_up, zone)) <= now
    }
    if not times:
        return 0  # nothing to read before any heads-up time (a district has 10,000 rows a day)
    due = [
        (occ, times[occ.duty_id])
        for occ in covers.awaiting_heads_up(session=session, day=tomorrow, duty_ids=list(times))
        if now < occ.remind_at
    ]
    if not due:
        return 0
    with Command(session, kind=EventKind.HEADS_UP_OWED, actor=SYSTEM, now=now) as cmd:
        owed = [
            occ.id
            for occ, at in due
            if owe(
                cmd,
                Delivery(
                    key=f"o{occ.id}:heads_up:{occ.assignee}",
                    occurrence_id=occ.id,
                    kind=DeliveryKind.HEADS_UP,
                    recipient=occ.assignee,
                    due_at=at,
                ),
            )
        ]
        if not owed:
            return 0
        cmd.done(day=tomorrow, occurrences=owed)
    return len(owed)
