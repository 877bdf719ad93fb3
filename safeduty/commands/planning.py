"""Keep today's and tomorrow's occurrences in line with the config (school-local days)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from safeduty.commands.duties import sync_plan
from safeduty.domain.escalation import end_of_day
from safeduty.domain.plan import plan_days, school_date
from safeduty.services import Services


def plan_ahead(services: Services, now: datetime) -> int:
    """Plan today and tomorrow once per school day and config; return rows changed."""
    today = school_date(now, services.config)
    if services.planned_for == (today, id(services.config)):
        return 0  # already planned today with this config (a reload swaps the object)
    zone = ZoneInfo(services.config.school.timezone)
    planned = plan_days(services.config, today, 2)
    closes = {day: end_of_day(day, zone) for day in (p.day for p in planned)}
    for offset in (0, 1):  # a day with nothing planned still drops what a reload removed
        day = today.fromordinal(today.toordinal() + offset)
        closes.setdefault(day, end_of_day(day, zone))
    with services.session() as session:
        changed = sync_plan(session, planned=planned, closes=closes, now=now)
    services.planned_for = (today, id(services.config))
    return changed
