"""Things in a valid config that deserve a look: dates the official calendar cannot decide
yet, overrides on days their duty does not run, event days that leave a duty unstaffed.

They are warnings, not problems: the bot runs, and each names the key it is about.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

from safeduty.config.model import SchoolConfig
from safeduty.config.problems import Path
from safeduty.domain.calendar import DayKind, SchoolCalendar, school_calendar
from safeduty.domain.official import official_source
from safeduty.domain.rota import assignment, runs_on

Found = tuple[Path, str, str | None]
KIND_WORDS = {
    DayKind.SCHOOL: "a school day",
    DayKind.MAKEUP: "a make-up workday",
    DayKind.WEEKEND: "a weekend day",
    DayKind.HOLIDAY: "a holiday",
    DayKind.VACATION: "in a vacation",
    DayKind.BETWEEN_TERMS: "between terms",
}
AHEAD_WITHOUT_TERMS = 365  # days looked at when the config has no terms


def _span(config: SchoolConfig, today: date) -> list[date]:
    terms = config.calendar.terms
    if not terms:
        return [today + timedelta(days=n) for n in range(AHEAD_WITHOUT_TERMS)]
    days: set[date] = set()
    for term in terms:
        days.update(term.start + timedelta(days=n) for n in range((term.end - term.start).days + 1))
    return sorted(days)


def _uncertain(config: SchoolConfig, calendar: SchoolCalendar, today: date) -> Iterator[Found]:
    """One warning per year whose official arrangement is missing, naming its dates."""
    by_year: dict[int, list[date]] = {}
    for day in _span(config, today):
        if calendar.day(day).uncertain:
            by_year.setdefault(day.year, []).append(day)
    source = official_source(config.calendar.official)
    for year, days in sorted(by_year.items()):
        yield (
            ("calendar", "official"),
            f"no official {config.calendar.official} arrangement for {year} yet ({source}): "
            f"{len(days)} dates from {days[0]} to {days[-1]} follow the school weekdays and "
            "this file's own dates",
            "it is usually published in November; then update safeduty, or add the dates to "
            "holidays and makeup_days",
        )


def _overrides(config: SchoolConfig, calendar: SchoolCalendar) -> Iterator[Found]:
    for i, duty in enumerate(config.duties):
        for j, override in enumerate(duty.overrides):
            day = calendar.day(override.date)
            if runs_on(duty, day, calendar) is None:
                yield (
                    ("duties", i, "overrides", j, "date"),
                    f"the duty does not run on {override.date} ({KIND_WORDS[day.kind]}), "
                    "so this override changes nothing",
                    None,
                )


def _unstaffed_events(config: SchoolConfig, calendar: SchoolCalendar) -> Iterator[Found]:
    for j, event in enumerate(config.calendar.events):
        day = calendar.day(event.date)
        for k, duty_id in enumerate(event.on):
            duty = config.duty_by_id(duty_id)
            if duty is None:
                continue  # reported as a problem
            weekday = runs_on(duty, day, calendar)
            if (
                weekday is not None
                and not assignment(config, duty, day, weekday, calendar).assignees
            ):
                yield (
                    ("calendar", "events", j, "on", k),
                    f"no one is on {duty_id!r} on {event.date}: its rota has nobody on {weekday}",
                    "add an override for that date to the duty",
                )


def calendar_warnings(
    config: SchoolConfig, today: date, calendar: SchoolCalendar | None = None
) -> list[Found]:
    """Every warning about ``config``'s calendar, as (path, message, hint)."""
    calendar = calendar or school_calendar(config)
    found: list[Found] = []
    if config.calendar.official is not None:
        found.extend(_uncertain(config, calendar, today))
    found.extend(_overrides(config, calendar))
    found.extend(_unstaffed_events(config, calendar))
    return found
