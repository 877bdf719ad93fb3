"""Keep today's and tomorrow's occurrences in line with the config (school-local days)."""

from __future__ import annotations

import hashlib
import threading
from dataclasses import asdict
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlmodel import Session

from safeduty.commands.cover_sync import sync_covers
from safeduty.commands.deliveries import alert_admins
from safeduty.commands.plan_sync import sync_plan
from safeduty.config.model import SchoolConfig
from safeduty.domain.calendar import SchoolCalendar, school_calendar
from safeduty.domain.cover import Arrangement, arrange, staffed
from safeduty.domain.escalation import end_of_day
from safeduty.domain.plan import plan_days, school_date
from safeduty.services import Services
from safeduty.storage import covers, plans
from safeduty.storage.chain import canonical

UNCERTAIN_AHEAD = 14  # days: two weeks to add the dates by hand (check-config warns from day one)


_PLANNING = threading.Lock()  # the tick's worker thread and a handler's may both plan


def plan_ahead(services: Services, now: datetime) -> int:
    """Plan under a lock: one planner at a time per process (see ``_plan_ahead``)."""
    with _PLANNING:
        return _plan_ahead(services, now)


def _plan_ahead(services: Services, now: datetime) -> int:
    """Plan today and tomorrow once per school day, config and arrangement; return rows changed.

    The plan is applied to the stored leave and covers (``safeduty.domain.cover``): a duty
    handed to a substitute is planned for them, one nobody covers is not planned at all.
    On a new day or config the covers of stored leave are brought in line first.

    What was planned is kept twice: in memory (one read of the arrangement per tick) and
    in the plan mark, so a restarted process with the same config finds the day planned
    with one more read instead of re-planning every occurrence.
    """
    config = services.config
    today = school_date(now, config)
    tomorrow = today + timedelta(days=1)
    with services.session() as session:
        arranged = covers.arrangement(session=session, first=today, last=tomorrow)
        if services.planned_for == (today, id(config), fingerprint(arranged)):
            return 0  # planned today with this config and arrangement (a reload swaps the object)
        digest = config_digest(config)
        if (services.planned_for or ())[:2] != (today, id(config)):
            if plans.is_planned(
                session=session, day=today, config_sha256=digest, arrangement=fingerprint(arranged)
            ):
                services.planned_for = (today, id(config), fingerprint(arranged))
                return 0  # a restart: an earlier process planned this already
            calendar = school_calendar(config)
            sync_covers(session, config=config, calendar=calendar, now=now)
            arranged = covers.arrangement(session=session, first=today, last=tomorrow)
        changed = _plan(session, config, arranged, today, now)
        plans.mark_planned(
            session=session,
            day=today,
            config_sha256=digest,
            arrangement=fingerprint(arranged),
            now=now,
        )
    services.planned_for = (today, id(config), fingerprint(arranged))
    return changed


def _plan(
    session: Session, config: SchoolConfig, arranged: Arrangement, today: date, now: datetime
) -> int:
    """Bring today's and tomorrow's occurrences in line with the config and arrangement."""
    calendar = school_calendar(config)
    planned = staffed(arrange(plan_days(config, today, 2, calendar), arranged))
    zone = ZoneInfo(config.school.timezone)
    closes = {day: end_of_day(day, zone) for day in {p.day for p in planned}}
    for offset in (0, 1):  # a day with nothing planned still drops what a reload removed
        day = today.fromordinal(today.toordinal() + offset)
        closes.setdefault(day, end_of_day(day, zone))
    changed = sync_plan(session, planned=planned, closes=closes, now=now)
    warn_uncertain(session, config=config, calendar=calendar, today=today, now=now)
    return changed


def fingerprint(arranged: Arrangement) -> str:
    """A stable digest of the leave and covers planning applies (the same in every process)."""
    return hashlib.sha256(canonical(asdict(arranged)).encode()).hexdigest()


def config_digest(config: SchoolConfig) -> str:
    """A SHA-256 of the parsed config (not the file: an edited comment plans nothing anew).

    Computed on the config in force, so a config swapped in by any path counts (~30 ms at
    10,000 staff, once per day or config).
    """
    return hashlib.sha256(config.model_dump_json().encode()).hexdigest()


def warn_uncertain(
    session: Session, *, config: SchoolConfig, calendar: SchoolCalendar, today: date, now: datetime
) -> bool:
    """Tell the admins, once per year, that the official arrangement ahead is not known yet.

    Until it is, those days follow the school weekdays and the config's own dates; the
    alert's key (country and year) makes it one message per admin, however often we plan.
    """
    first = calendar.first_uncertain(today, UNCERTAIN_AHEAD + 1)  # today and 14 days on
    if first is None or config.calendar.official is None:
        return False
    return alert_admins(
        session,
        config=config,
        key=f"calendar:{config.calendar.official}:{first.year}",
        detail=first.isoformat(),
        now=now,
    )
