"""Which dates are school days, and which weekday's timetable a date follows."""

from __future__ import annotations

import calendar as _stdcal
from datetime import date

from safeduty.config.model import Calendar, Duty
from safeduty.config.values import WEEKDAYS


def timetable_day(day: date, cal: Calendar) -> str | None:
    """The weekday whose timetable ``day`` follows, or None when there is no school.

    Make-up days win over everything (they are worked weekends); then holidays and
    vacations close the school; otherwise the date's own weekday counts if it is a school day.
    """
    for makeup in cal.makeup_days:
        if makeup.date == day:
            return makeup.follows
    if day in cal.holidays or any(v.start <= day <= v.end for v in cal.vacations):
        return None
    weekday = WEEKDAYS[day.weekday()]
    return weekday if weekday in cal.school_days else None


def school_days_in_month(year: int, month: int, cal: Calendar) -> list[date]:
    """Every school day of a month, in order."""
    last = _stdcal.monthrange(year, month)[1]
    days = (date(year, month, d) for d in range(1, last + 1))
    return [d for d in days if timetable_day(d, cal) is not None]


def _monthly_date(duty: Duty, day: date, cal: Calendar) -> date | None:
    days = school_days_in_month(day.year, day.month, cal)
    if not days:
        return None
    if duty.monthly == "first_school_day":
        return days[0]
    if duty.monthly == "last_school_day":
        return days[-1]
    # A day of the month: that date, or the next school day after it within the month.
    return next((d for d in days if d.day >= int(duty.monthly or 1)), None)


def runs_on(duty: Duty, day: date, cal: Calendar) -> str | None:
    """The timetable weekday if ``duty`` runs on ``day``, else None."""
    weekday = timetable_day(day, cal)
    if weekday is None:
        return None
    if duty.weekdays is not None and weekday not in duty.weekdays:
        return None
    if duty.monthly is not None and _monthly_date(duty, day, cal) != day:
        return None
    return weekday


def assignees_on(duty: Duty, weekday: str) -> list[str]:
    """Who is on ``duty`` on a day following ``weekday``'s timetable."""
    if duty.rota is not None:
        who = duty.rota.get(weekday)  # type: ignore[call-overload]  # keys are Weekday literals
        return [who] if who else []
    return list(duty.assignees or [])
