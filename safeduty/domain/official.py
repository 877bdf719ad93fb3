"""A country's official calendar: public holidays and make-up workdays, as a function of a date.

Planning asks an :data:`OfficialCalendar` about each date; tests pass their own function, so
they never depend on which years the installed data package knows. ``UNKNOWN`` means the
arrangement for that date is not published yet (China publishes the next year in November):
planning then goes on with the school weekdays and the config's own dates.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum


@dataclass(frozen=True)
class Name:
    """A day's name in both interface languages."""

    zh: str
    en: str

    def in_language(self, language: str) -> str:
        return self.zh if language == "zh-CN" else self.en


class OfficialKind(StrEnum):
    ORDINARY = "ordinary"  # published, nothing special: a weekday works, a weekend rests
    HOLIDAY = "holiday"  # a day off: a public holiday or a weekday off in lieu (调休休息)
    MAKEUP = "makeup"  # a weekend worked instead of a weekday off (调休上班)
    UNKNOWN = "unknown"  # no published arrangement covers this date yet


@dataclass(frozen=True)
class OfficialDay:
    """What the official calendar says about one date.

    ``follows`` is set on make-up workdays: the weekday whose timetable (and rota) it
    follows, by default the weekday of the day off it pays for.
    """

    kind: OfficialKind
    name: Name | None = None
    follows: str | None = None


OfficialCalendar = Callable[[date], OfficialDay]
ORDINARY = OfficialDay(OfficialKind.ORDINARY)
UNKNOWN = OfficialDay(OfficialKind.UNKNOWN)


def official_calendar(code: str | None) -> OfficialCalendar | None:
    """The official calendar a config's ``[calendar] official`` names, if any."""
    if code == "CN":
        from safeduty.domain.official_cn import china

        return china
    return None


def official_source(code: str | None) -> str:
    """Which package (and which years) the named official calendar comes from, for messages."""
    if code == "CN":
        from safeduty.domain.official_cn import source

        return source()
    return ""
