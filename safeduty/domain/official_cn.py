"""China's State Council holiday arrangement, from the ``chinese-calendar`` package.

The package lists, per published year, the days off (holidays and weekdays off in lieu) and
the weekends worked instead (调休上班), and refuses a year it has no data for; that refusal
is what makes a date ``UNKNOWN`` here. It does not say which weekday a make-up workday
follows, so we pair them as the State Council's notice does: within one holiday, the first
make-up workday pays for the first weekday off in lieu, the second for the second, and so on
(2026: Sunday 20 September pays for Tuesday 6 October, Saturday 10 October for Wednesday
7 October). A make-up day follows the weekday of the day off it pays for; one without a
partner follows Monday. A school that is told otherwise lists the date under
``[calendar] makeup_days`` with its own ``follows``.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from functools import cache

import chinese_calendar

from safeduty.config.values import WEEKDAYS
from safeduty.domain.official import ORDINARY, UNKNOWN, Name, OfficialDay, OfficialKind

PAIRING_WINDOW = timedelta(days=45)  # a make-up day and its day off lie within a few weeks
UNPAIRED_FOLLOWS = "mon"

_NAMES: dict[str, Name] = {h.value: Name(h.chinese, h.value) for h in chinese_calendar.Holiday}
_FIRST_YEAR = min(chinese_calendar.holidays).year
_LAST_YEAR = max(chinese_calendar.holidays).year


def _name(value: str) -> Name:
    return _NAMES.get(value, Name(value, value))


@cache
def _follows() -> dict[date, str]:
    """Each make-up workday's weekday to follow: that of the day off in lieu it pays for."""
    makeups: dict[str, list[date]] = defaultdict(list)
    lieu: dict[str, list[date]] = defaultdict(list)
    for day, holiday in chinese_calendar.workdays.items():
        if day.weekday() >= 5:
            makeups[holiday].append(day)
    for day in chinese_calendar.in_lieu_days:
        holiday = chinese_calendar.holidays.get(day)
        if holiday is not None:
            lieu[holiday].append(day)
    follows: dict[date, str] = {}
    for holiday, days in makeups.items():
        taken: set[date] = set()
        for day in sorted(days):
            near = [d for d in sorted(lieu[holiday]) if abs(d - day) <= PAIRING_WINDOW]
            partner = next((d for d in near if d not in taken), None)
            if partner is None:
                follows[day] = UNPAIRED_FOLLOWS
                continue
            taken.add(partner)
            follows[day] = WEEKDAYS[partner.weekday()]
    return follows


def china(day: date) -> OfficialDay:
    """What the State Council's arrangement says about ``day`` (``UNKNOWN`` if unpublished)."""
    if not _FIRST_YEAR <= day.year <= _LAST_YEAR:
        return UNKNOWN
    working = chinese_calendar.workdays.get(day)
    if working is not None:
        if day.weekday() < 5:
            return ORDINARY  # a weekday the package lists as worked: an ordinary day
        return OfficialDay(
            OfficialKind.MAKEUP, _name(working), _follows().get(day, UNPAIRED_FOLLOWS)
        )
    holiday = chinese_calendar.holidays.get(day)
    if holiday is not None:
        return OfficialDay(OfficialKind.HOLIDAY, _name(holiday))
    return ORDINARY


def known_years() -> range:
    """The years the installed package has the arrangement for."""
    return range(_FIRST_YEAR, _LAST_YEAR + 1)


def source() -> str:
    """``chinese-calendar 1.11.0 (2004-2026)``: where the arrangement comes from."""
    return f"chinese-calendar {chinese_calendar.__version__} ({_FIRST_YEAR}-{_LAST_YEAR})"
