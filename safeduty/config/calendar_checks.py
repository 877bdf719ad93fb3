"""Checks on ``[calendar]`` dates that would otherwise make reminders go out wrongly.

All of them refuse the config rather than warn: a warning scrolls past on start, while a
make-up day inside a vacation sends reminders to people on holiday, and a year typed wrong
(2227 for 2027) silently keeps the school closed or open for the wrong days.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

from safeduty.config.locate import Path
from safeduty.config.model import Calendar
from safeduty.config.values import WEEKDAYS

Found = tuple[Path, str, str | None]
HORIZON_YEARS = 10  # nobody plans a school calendar further ahead; beyond it is a typo
EARLIEST = date(2000, 1, 1)  # a fixed floor: older dates are typos ("0207"), never stale data
LONGEST_VACATION = timedelta(days=366)


def _latest(today: date) -> date:
    try:
        return today.replace(year=today.year + HORIZON_YEARS)
    except ValueError:  # 29 February
        return today.replace(year=today.year + HORIZON_YEARS, day=28)


def _dates(cal: Calendar) -> Iterator[tuple[Path, date]]:
    for j, day in enumerate(cal.holidays):
        yield ("calendar", "holidays", j), day
    for j, vacation in enumerate(cal.vacations):
        yield ("calendar", "vacations", j, "from"), vacation.start
        yield ("calendar", "vacations", j, "to"), vacation.end
    for j, makeup in enumerate(cal.makeup_days):
        yield ("calendar", "makeup_days", j, "date"), makeup.date


def _horizon_problems(cal: Calendar, today: date) -> Iterator[Found]:
    """Dates before 2000 or more than ten years after ``today``.

    Only the future end moves with the clock, and only outward: a config accepted today is
    never refused later because time passed.
    """
    latest = _latest(today)
    for path, day in _dates(cal):
        if day < EARLIEST:
            yield path, f"{day} is before {EARLIEST.year}", "check the year"
        elif day > latest:
            yield path, f"{day} is more than {HORIZON_YEARS} years ahead", "check the year"


def _makeup_problems(cal: Calendar) -> Iterator[Found]:
    """Make-up days win over holidays and vacations, so one inside them opens the school."""
    for j, makeup in enumerate(cal.makeup_days):
        path: Path = ("calendar", "makeup_days", j, "date")
        day = makeup.date
        if WEEKDAYS[day.weekday()] in cal.school_days:
            yield (
                path,
                f"{day} is already a school weekday",
                "make-up days are usually weekend days worked instead of a holiday",
            )
        if day in cal.holidays:
            yield path, f"{day} is also a holiday", "reminders would go out on the holiday"
        for vacation in cal.vacations:
            if vacation.start <= day <= vacation.end:
                name = f" {vacation.name!r}" if vacation.name else ""
                yield (
                    path,
                    f"{day} is inside the vacation{name} ({vacation.start} to {vacation.end})",
                    "reminders would go out during the vacation",
                )
        if any(m.date == day for m in cal.makeup_days[:j]):
            yield path, f"{day} is listed twice", "keep one make-up day per date"


def calendar_problems(cal: Calendar, today: date) -> Iterator[Found]:
    """Every calendar problem, as (path, message, hint)."""
    yield from _horizon_problems(cal, today)
    for j, vacation in enumerate(cal.vacations):
        too_long = vacation.end - vacation.start >= LONGEST_VACATION
        if too_long and vacation.end <= _latest(today):  # else the year is already reported
            yield (
                ("calendar", "vacations", j, "to"),
                f"the vacation lasts more than a year ({vacation.start} to {vacation.end})",
                "check the years",
            )
    yield from _makeup_problems(cal)
