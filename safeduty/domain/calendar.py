"""Which dates are school days, which are days off and why, and which weekday a date follows.

The school's own dates sit on top of the official arrangement, in this order:

1. a make-up day in the config opens the school, following its ``follows`` weekday;
2. a config holiday, a config vacation, or a date outside every term closes it;
3. an official holiday closes it; an official make-up workday opens it, following the
   weekday of the day off it pays for;
4. otherwise the date's own weekday decides (``school_days``).

A date the official calendar has no data for yet is decided by step 4 and marked
``uncertain``, unless the config already decided it (steps 1 and 2).
"""

from __future__ import annotations

import calendar as _stdcal
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from safeduty.config.model import Calendar, Event, SchoolConfig
from safeduty.config.values import WEEKDAYS
from safeduty.domain.official import (
    ORDINARY,
    Name,
    OfficialCalendar,
    OfficialKind,
    official_calendar,
)


class DayKind(StrEnum):
    SCHOOL = "school_day"
    MAKEUP = "makeup_day"  # a weekend worked instead (调休上班), following another weekday
    WEEKEND = "weekend"  # an ordinary day off within a term
    HOLIDAY = "holiday"  # an official holiday (or day off in lieu), or one of the config's
    VACATION = "vacation"  # a vacation from the config
    BETWEEN_TERMS = "between_terms"  # outside every term


DAYS_OFF = frozenset({DayKind.HOLIDAY, DayKind.VACATION, DayKind.BETWEEN_TERMS})  # 假期


@dataclass(frozen=True)
class SchoolDay:
    """Everything planning needs to know about one date."""

    date: date
    kind: DayKind
    timetable: str | None  # the weekday whose timetable a school day follows; None: no school
    name: Name | None = None  # the holiday's, vacation's or make-up day's name, if known
    term: str | None = None
    event: Event | None = None
    uncertain: bool = False  # the official arrangement for this date is not published yet

    @property
    def weekday(self) -> str:
        return WEEKDAYS[self.date.weekday()]

    @property
    def is_day_off(self) -> bool:
        """A holiday, a vacation or outside the terms: when holiday duties run."""
        return self.kind in DAYS_OFF


def _named(text: str) -> Name | None:
    return Name(text, text) if text else None


class SchoolCalendar:
    """The school's days: its own dates on top of an (injectable) official calendar.

    Pure and cached per date; build one per planning pass with :func:`school_calendar`.
    """

    def __init__(self, cal: Calendar, official: OfficialCalendar | None = None) -> None:
        self.cal = cal
        self.official = official
        self._days: dict[date, SchoolDay] = {}
        self._makeups = {m.date: m for m in cal.makeup_days}
        self._holidays = set(cal.holidays)
        self._events = {e.date: e for e in cal.events}

    def day(self, day: date) -> SchoolDay:
        found = self._days.get(day)
        if found is None:
            found = self._days[day] = self._decide(day)
        return found

    def _decide(self, day: date) -> SchoolDay:
        term = next((t.name for t in self.cal.terms if t.start <= day <= t.end), None)
        kind, timetable, name, unsure = self._kind(day, term is not None)
        return SchoolDay(day, kind, timetable, name, term, self._events.get(day), unsure)

    def _kind(self, day: date, in_term: bool) -> tuple[DayKind, str | None, Name | None, bool]:
        """(kind, timetable weekday, name, uncertain), in the order the module docstring gives."""
        cal = self.cal
        official = self.official(day) if self.official is not None else ORDINARY
        said = official.name if official.kind != OfficialKind.ORDINARY else None
        makeup = self._makeups.get(day)
        if makeup is not None:
            return DayKind.MAKEUP, makeup.follows, said, False
        if day in self._holidays:
            return DayKind.HOLIDAY, None, said, False
        vacation = next((v for v in cal.vacations if v.start <= day <= v.end), None)
        if vacation is not None:
            return DayKind.VACATION, None, _named(vacation.name) or said, False
        if cal.terms and not in_term:
            return DayKind.BETWEEN_TERMS, None, said, False
        if official.kind == OfficialKind.HOLIDAY:
            return DayKind.HOLIDAY, None, said, False
        if official.kind == OfficialKind.MAKEUP:
            return DayKind.MAKEUP, official.follows, said, False
        unsure = official.kind == OfficialKind.UNKNOWN
        weekday = WEEKDAYS[day.weekday()]
        if weekday in cal.school_days:
            return DayKind.SCHOOL, weekday, None, unsure
        return DayKind.WEEKEND, None, None, unsure

    def timetable_day(self, day: date) -> str | None:
        """The weekday whose timetable ``day`` follows, or None when there is no school."""
        return self.day(day).timetable

    def first_uncertain(self, start: date, days: int) -> date | None:
        """The first of ``days`` dates from ``start`` the official calendar does not cover yet."""
        ahead = (start + timedelta(days=n) for n in range(days))
        return next((d for d in ahead if self.day(d).uncertain), None)

    def school_days_in_month(self, year: int, month: int) -> list[date]:
        """Every school day of a month, in order."""
        last = _stdcal.monthrange(year, month)[1]
        days = (date(year, month, d) for d in range(1, last + 1))
        return [d for d in days if self.timetable_day(d) is not None]


def school_calendar(
    config: SchoolConfig, official: OfficialCalendar | None = None
) -> SchoolCalendar:
    """The school's calendar; the official one its config names unless ``official`` is given."""
    if official is None:
        official = official_calendar(config.calendar.official)
    return SchoolCalendar(config.calendar, official)


def timetable_day(day: date, config: SchoolConfig) -> str | None:
    """The weekday whose timetable ``day`` follows, or None when there is no school."""
    return school_calendar(config).timetable_day(day)


def school_days_in_month(year: int, month: int, config: SchoolConfig) -> list[date]:
    """Every school day of a month, in order."""
    return school_calendar(config).school_days_in_month(year, month)
