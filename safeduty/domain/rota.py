"""When a duty runs and who is on it: terms, holiday duty, event days, rotas and rotations.

A rotation is anchored, not stored: on the first day the duty runs from ``start`` on,
``first`` is on duty; each later day the duty actually runs goes to the next person in
``people`` (days it does not run, such as holidays, use no turn; days before ``start``
count backwards). So the roster follows from the config alone, ``safeduty plan`` prints it
for the whole term, and a restart or a day the bot was down changes nothing. When the list
is edited, set ``start`` to the day the new list takes over and ``first`` to whoever the
old plan had on that day: days before it keep their people, and after it the order goes on
from the same person, so only the people the edit concerns move. A date-specific override
replaces the person on that day without moving anyone else's turn.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from safeduty.config.model import Duty, SchoolConfig
from safeduty.domain.calendar import SchoolCalendar, SchoolDay


@dataclass(frozen=True)
class Assignment:
    """Who is on a duty on one day, and by which rule; empty ``assignees`` is unstaffed."""

    assignees: tuple[str, ...]
    by: str  # "assignees", "rota", "rotation" or "override"
    turn: int | None = None  # rotation: days the duty ran from its start up to this one


def _monthly_date(duty: Duty, day: date, calendar: SchoolCalendar) -> date | None:
    days = calendar.school_days_in_month(day.year, day.month)
    if not days:
        return None
    if duty.monthly == "first_school_day":
        return days[0]
    if duty.monthly == "last_school_day":
        return days[-1]
    # A day of the month: that date, or the next school day after it within the month.
    return next((d for d in days if d.day >= int(duty.monthly or 1)), None)


def runs_on(duty: Duty, day: SchoolDay, calendar: SchoolCalendar) -> str | None:
    """The weekday whose rota applies if ``duty`` runs on ``day``, else None.

    An event day's ``off`` and ``on`` win; then holiday duties (``when = "holidays"``) run
    on every holiday, vacation day and day outside the terms, by the calendar weekday;
    ordinary duties run on school days by the timetable weekday (a make-up Sunday that
    follows Tuesday uses Tuesday's rota); event duties run only when an event names them.
    """
    if day.event is not None and duty.id in day.event.off:
        return None
    if day.event is not None and duty.id in day.event.on:
        return day.timetable or day.weekday
    if duty.when == "events":
        return None
    if duty.when == "holidays":
        if not day.is_day_off or (duty.weekdays is not None and day.weekday not in duty.weekdays):
            return None
        return day.weekday
    weekday = day.timetable
    if weekday is None:
        return None
    if duty.weekdays is not None and weekday not in duty.weekdays:
        return None
    if duty.monthly is not None and _monthly_date(duty, day.date, calendar) != day.date:
        return None
    return weekday


def turn(duty: Duty, day: date, calendar: SchoolCalendar) -> int:
    """How many days ``duty`` runs from its rotation's start up to ``day`` (negative before)."""
    assert duty.rotation is not None  # noqa: S101  # only called for rotations
    start = duty.rotation.start
    first, last, sign = (start, day, 1) if day >= start else (day, start, -1)
    count, current = 0, first
    while current < last:
        if runs_on(duty, calendar.day(current), calendar) is not None:
            count += 1
        current += timedelta(days=1)
    return sign * count


def _unique(ids: list[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(ids))


def assignment(
    config: SchoolConfig, duty: Duty, day: SchoolDay, weekday: str, calendar: SchoolCalendar
) -> Assignment:
    """Who is on ``duty`` on ``day`` (which runs by ``weekday``'s rota)."""
    override = next((o for o in duty.overrides if o.date == day.date), None)
    if duty.rotation is not None:
        rotation = duty.rotation
        n = turn(duty, day.date, calendar)
        if override is None:
            people = rotation.people
            start = people.index(rotation.first) if rotation.first in people else 0
            return Assignment((people[(start + n) % len(people)],), "rotation", n)
    else:
        n = None
    if override is not None:
        who = [m for entry in override.assignees for m in config.members(entry)]
        return Assignment(_unique(who), "override", n)
    if duty.rota is not None:
        person = duty.rota.get(weekday)  # type: ignore[call-overload]  # keys are Weekday literals
        return Assignment((person,) if person else (), "rota")
    who = [m for entry in duty.assignees or [] for m in config.members(entry)]
    return Assignment(_unique(who), "assignees")
