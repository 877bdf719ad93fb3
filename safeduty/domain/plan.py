"""Turn the config and calendar into concrete occurrences: who does what, when, in UTC."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from safeduty.config.model import Duty, SchoolConfig
from safeduty.domain.calendar import SchoolCalendar, SchoolDay, school_calendar
from safeduty.domain.rota import Assignment, assignment, runs_on
from safeduty.domain.wall import local_moment

__all__ = [
    "LadderStep",
    "PlannedOccurrence",
    "Slot",
    "local_moment",
    "plan_day",
    "plan_days",
    "school_date",
    "slots_day",
    "slots_days",
]


@dataclass(frozen=True)
class LadderStep:
    """One escalation step, snapshotted: ``after`` the deadline, message ``notify``."""

    after_minutes: int
    notify: str


@dataclass(frozen=True)
class PlannedOccurrence:
    """One duty for one person on one day, with the rules copied in as they were asked."""

    duty_id: str
    duty_name: str
    day: date
    assignee: str
    remind_at: datetime
    deadline: datetime
    nudge_at: datetime | None
    checklist: tuple[str, ...]
    ladder: tuple[LadderStep, ...]
    deputy: str | None = None


@dataclass(frozen=True)
class Slot:
    """A duty on one day with everyone on it; no ``occurrences`` means it is unstaffed."""

    duty: Duty
    day: SchoolDay
    weekday: str  # whose rota applied
    assignment: Assignment
    occurrences: tuple[PlannedOccurrence, ...]
    remind_at: datetime
    deadline: datetime
    nudge_at: datetime | None


def _nudge(duty: Duty, remind_at: datetime, deadline: datetime) -> datetime | None:
    """``nudge_before`` the deadline in real minutes, or None if that is not after the reminder.

    On a daylight-saving day the wall-clock span can differ from the real one; a nudge is
    never sent before its reminder nor after its deadline.
    """
    if not duty.nudge_before:
        return None
    nudge = deadline.astimezone(UTC) - duty.nudge_before
    if not remind_at.astimezone(UTC) < nudge < deadline.astimezone(UTC):
        return None
    return nudge.astimezone(deadline.tzinfo)


def _occurrence(duty: Duty, day: date, assignee: str, zone: ZoneInfo) -> PlannedOccurrence:
    remind_at = local_moment(day, duty.remind_at, zone)
    deadline = local_moment(day, duty.deadline, zone)
    return PlannedOccurrence(
        duty_id=duty.id,
        duty_name=duty.name,
        day=day,
        assignee=assignee,
        remind_at=remind_at,
        deadline=deadline,
        nudge_at=_nudge(duty, remind_at, deadline),
        checklist=tuple(duty.checklist),
        ladder=tuple(
            LadderStep(int(step.after.total_seconds() // 60), step.notify)
            for step in duty.escalation
        ),
        deputy=duty.deputy,
    )


def slots_day(config: SchoolConfig, day: date, calendar: SchoolCalendar) -> list[Slot]:
    """Every duty that runs on ``day``, in config order, staffed or not."""
    zone = ZoneInfo(config.school.timezone)
    school_day = calendar.day(day)
    found = []
    for duty in config.duties:
        weekday = runs_on(duty, school_day, calendar)
        if weekday is None:
            continue
        who = assignment(config, duty, school_day, weekday, calendar)
        rules = _occurrence(duty, day, "", zone)
        occurrences = tuple(replace(rules, assignee=person) for person in who.assignees)
        found.append(
            Slot(
                duty,
                school_day,
                weekday,
                who,
                occurrences,
                rules.remind_at,
                rules.deadline,
                rules.nudge_at,
            )
        )
    return found


def slots_days(
    config: SchoolConfig, start: date, days: int, calendar: SchoolCalendar | None = None
) -> list[Slot]:
    """The slots of ``days`` consecutive dates from ``start``, day by day."""
    calendar = calendar or school_calendar(config)
    return [
        slot for n in range(days) for slot in slots_day(config, start + timedelta(days=n), calendar)
    ]


def plan_day(
    config: SchoolConfig, day: date, calendar: SchoolCalendar | None = None
) -> list[PlannedOccurrence]:
    """Every occurrence on ``day``, sorted by reminder time then duty order."""
    return plan_days(config, day, 1, calendar)


def plan_days(
    config: SchoolConfig, start: date, days: int, calendar: SchoolCalendar | None = None
) -> list[PlannedOccurrence]:
    """Occurrences on ``days`` consecutive dates from ``start``, sorted by reminder time.

    ``calendar`` defaults to the school's, with the official calendar its config names;
    tests pass one built on their own official calendar.
    """
    found = [o for slot in slots_days(config, start, days, calendar) for o in slot.occurrences]
    return sorted(found, key=lambda o: o.remind_at)


def school_date(now: datetime, config: SchoolConfig) -> date:
    """The school-local date at the moment ``now``."""
    return now.astimezone(ZoneInfo(config.school.timezone)).date()
