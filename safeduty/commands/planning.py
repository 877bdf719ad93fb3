"""Keep today's and tomorrow's occurrences in line with the config (school-local days)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlmodel import Session

from safeduty.commands.cover_sync import sync_covers
from safeduty.commands.deliveries import alert_admins
from safeduty.commands.duties import sync_plan
from safeduty.config.model import SchoolConfig
from safeduty.domain.calendar import SchoolCalendar, school_calendar
from safeduty.domain.cover import arrange, staffed
from safeduty.domain.escalation import end_of_day
from safeduty.domain.plan import plan_days, school_date
from safeduty.services import Services
from safeduty.storage import covers

UNCERTAIN_AHEAD = 14  # days: two weeks to add the dates by hand (check-config warns from day one)


def plan_ahead(services: Services, now: datetime) -> int:
    """Plan today and tomorrow once per school day, config and arrangement; return rows changed.

    The plan is applied to the stored leave and covers (``safeduty.domain.cover``): a duty
    handed to a substitute is planned for them, one nobody covers is not planned at all.
    On a new day or config the covers of stored leave are brought in line first.
    """
    config = services.config
    today = school_date(now, config)
    calendar = school_calendar(config)
    with services.session() as session:
        if (services.planned_for or ())[:2] != (today, id(config)):
            sync_covers(session, config=config, calendar=calendar, now=now)
        arranged = covers.arrangement(session=session, first=today, last=today + timedelta(days=1))
        key = (today, id(config), hash(arranged))
        if services.planned_for == key:
            return 0  # planned today with this config and arrangement (a reload swaps the object)
        planned = staffed(arrange(plan_days(config, today, 2, calendar), arranged))
        zone = ZoneInfo(config.school.timezone)
        closes = {day: end_of_day(day, zone) for day in (p.day for p in planned)}
        for offset in (0, 1):  # a day with nothing planned still drops what a reload removed
            day = today.fromordinal(today.toordinal() + offset)
            closes.setdefault(day, end_of_day(day, zone))
        changed = sync_plan(session, planned=planned, closes=closes, now=now)
        warn_uncertain(session, config=config, calendar=calendar, today=today, now=now)
    services.planned_for = key
    return changed


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
