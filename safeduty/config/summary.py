"""The one-line description of a valid config, for check-config and /reload."""

from __future__ import annotations

from safeduty.config.model import SchoolConfig
from safeduty.config.sanity import duty_weekdays


def reminders_per_week(config: SchoolConfig) -> tuple[int, int]:
    """(reminders on a normal school week, reminders of monthly duties per month)."""
    weekly = monthly = 0
    for duty in config.duties:
        if duty.when != "school_days":
            continue  # holiday and event duties are not part of a normal week
        days = [d for d in duty_weekdays(config, duty) if d in config.calendar.school_days]
        people = len({m for entry in duty.assignees or [] for m in config.members(entry)})
        if duty.monthly is not None:
            monthly += people or 1
        elif duty.rota is not None:
            weekly += sum(1 for d in days if d in duty.rota)
        elif duty.rotation is not None:
            weekly += len(days)
        else:
            weekly += len(days) * people
    return weekly, monthly


def one_line(config: SchoolConfig) -> str:
    """``阳光实验小学: 9 staff, 3 duties, 10 reminders per week (+1 monthly)``."""
    weekly, monthly = reminders_per_week(config)
    extra = f" (+{monthly} monthly)" if monthly else ""
    return (
        f"{config.school.name}: {len(config.staff)} staff, {len(config.duties)} duties, "
        f"{weekly} reminders per week{extra}"
    )
