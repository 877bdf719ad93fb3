"""Turn the config and calendar into concrete occurrences: who does what, when, in UTC."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from safeduty.config.model import Duty, SchoolConfig
from safeduty.domain.calendar import assignees_on, runs_on


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


def local_moment(day: date, at: time, zone: ZoneInfo) -> datetime:
    """``day`` at wall-clock ``at`` in ``zone``, as an aware datetime.

    In a spring-forward gap the wall time does not exist; zoneinfo reads it with the
    offset before the change, so the moment falls just after the gap (02:30 -> 03:30).
    """
    # Round-trip through UTC so a gap time comes back as the real wall time (03:30 -04:00).
    return datetime.combine(day, at, tzinfo=zone).astimezone(UTC).astimezone(zone)


def _occurrence(duty: Duty, day: date, assignee: str, zone: ZoneInfo) -> PlannedOccurrence:
    deadline = local_moment(day, duty.deadline, zone)
    return PlannedOccurrence(
        duty_id=duty.id,
        duty_name=duty.name,
        day=day,
        assignee=assignee,
        remind_at=local_moment(day, duty.remind_at, zone),
        deadline=deadline,
        nudge_at=deadline - duty.nudge_before if duty.nudge_before else None,
        checklist=tuple(duty.checklist),
        ladder=tuple(
            LadderStep(int(step.after.total_seconds() // 60), step.notify)
            for step in duty.escalation
        ),
    )


def plan_day(config: SchoolConfig, day: date) -> list[PlannedOccurrence]:
    """Every occurrence on ``day``, sorted by reminder time then duty order."""
    zone = ZoneInfo(config.school.timezone)
    found: list[PlannedOccurrence] = []
    for duty in config.duties:
        weekday = runs_on(duty, day, config.calendar)
        if weekday is None:
            continue
        found.extend(_occurrence(duty, day, who, zone) for who in assignees_on(duty, weekday))
    return sorted(found, key=lambda o: o.remind_at)


def plan_days(config: SchoolConfig, start: date, days: int) -> list[PlannedOccurrence]:
    """Occurrences on ``days`` consecutive dates from ``start``, sorted by reminder time."""
    found = [o for n in range(days) for o in plan_day(config, start + timedelta(days=n))]
    return sorted(found, key=lambda o: o.remind_at)


def school_date(now: datetime, config: SchoolConfig) -> date:
    """The school-local date at the moment ``now``."""
    return now.astimezone(ZoneInfo(config.school.timezone)).date()
