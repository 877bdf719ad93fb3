"""Checks on ``[calendar]`` dates that would otherwise make reminders go out wrongly.

All of them refuse the config rather than warn: a warning scrolls past on start, while a
make-up day inside a vacation sends reminders to people on holiday, and a year typed wrong
(2227 for 2027) silently keeps the school closed or open for the wrong days.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date, timedelta

from safeduty.config.locate import Path
from safeduty.config.model import Calendar, SchoolConfig, Term, Vacation
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


def _spans(cal: Calendar) -> list[tuple[str, Sequence[Vacation | Term]]]:
    return [("vacations", cal.vacations), ("terms", cal.terms)]


def _dates(config: SchoolConfig) -> Iterator[tuple[Path, date]]:
    cal = config.calendar
    for j, day in enumerate(cal.holidays):
        yield ("calendar", "holidays", j), day
    for section, ranges in _spans(cal):
        for j, span in enumerate(ranges):
            yield ("calendar", section, j, "from"), span.start
            yield ("calendar", section, j, "to"), span.end
    for j, makeup in enumerate(cal.makeup_days):
        yield ("calendar", "makeup_days", j, "date"), makeup.date
    for j, event in enumerate(cal.events):
        yield ("calendar", "events", j, "date"), event.date
    for i, duty in enumerate(config.duties):
        if duty.rotation is not None:
            yield ("duties", i, "rotation", "start"), duty.rotation.start
        for j, override in enumerate(duty.overrides):
            yield ("duties", i, "overrides", j, "date"), override.date


def _horizon_problems(config: SchoolConfig, today: date) -> Iterator[Found]:
    """Dates before 2000 or more than ten years after ``today``.

    Only the future end moves with the clock, and only outward: a config accepted today is
    never refused later because time passed.
    """
    latest = _latest(today)
    for path, day in _dates(config):
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
        if cal.terms and not any(t.start <= day <= t.end for t in cal.terms):
            yield path, f"{day} is outside every term", "reminders would go out between terms"


def _term_problems(cal: Calendar) -> Iterator[Found]:
    """Terms do not overlap; event days are one entry per date."""
    for j, term in enumerate(cal.terms):
        for other in cal.terms[:j]:
            if term.start <= other.end and other.start <= term.end:
                yield (
                    ("calendar", "terms", j, "from"),
                    f"the term {term.name!r} overlaps {other.name!r} "
                    f"({other.start} to {other.end})",
                    "terms follow each other",
                )
    for j, event in enumerate(cal.events):
        if any(e.date == event.date for e in cal.events[:j]):
            yield (
                ("calendar", "events", j, "date"),
                f"{event.date} is listed twice",
                "put both in one entry: name it for both, list every duty in 'on' and 'off'",
            )


def calendar_problems(config: SchoolConfig, today: date) -> Iterator[Found]:
    """Every calendar problem, as (path, message, hint)."""
    cal = config.calendar
    yield from _horizon_problems(config, today)
    for section, ranges in _spans(cal):
        for j, span in enumerate(ranges):
            too_long = span.end - span.start >= LONGEST_VACATION
            if too_long and span.end <= _latest(today):  # else the year is already reported
                what = "vacation" if section == "vacations" else "term"
                yield (
                    ("calendar", section, j, "to"),
                    f"the {what} lasts more than a year ({span.start} to {span.end})",
                    "check the years",
                )
    yield from _makeup_problems(cal)
    yield from _term_problems(cal)
