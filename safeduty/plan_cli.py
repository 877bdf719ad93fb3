"""``safeduty plan``: the occurrences the bot will create, as a table or JSON."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from safeduty.config.model import SchoolConfig
from safeduty.config.values import WEEKDAYS
from safeduty.domain.plan import PlannedOccurrence, plan_days


def as_json(config: SchoolConfig, planned: list[PlannedOccurrence]) -> list[dict[str, Any]]:
    """JSON-ready rows; times in ISO 8601 with the school's UTC offset."""
    rows = []
    for p in planned:
        person = config.staff_by_id(p.assignee)
        rows.append(
            {
                "duty": p.duty_id,
                "duty_name": p.duty_name,
                "date": p.day.isoformat(),
                "assignee": p.assignee,
                "assignee_name": person.name if person else p.assignee,
                "remind_at": p.remind_at.isoformat(),
                "nudge_at": p.nudge_at.isoformat() if p.nudge_at else None,
                "deadline": p.deadline.isoformat(),
                "checklist": list(p.checklist),
                "escalation": [
                    {"after_minutes": s.after_minutes, "notify": s.notify} for s in p.ladder
                ],
            }
        )
    return rows


def as_table(config: SchoolConfig, planned: list[PlannedOccurrence], start: date, days: int) -> str:
    """A readable table by day, in school-local time; days without duties say so."""
    lines = []
    by_day: dict[date, list[PlannedOccurrence]] = {}
    for p in planned:
        by_day.setdefault(p.day, []).append(p)
    for offset in range(days):
        day = date.fromordinal(start.toordinal() + offset)
        lines.append(f"{day} {WEEKDAYS[day.weekday()]}")
        for p in by_day.get(day, []):
            person = config.staff_by_id(p.assignee)
            name = person.name if person else p.assignee
            lines.append(
                f"  {p.remind_at:%H:%M} -> {p.deadline:%H:%M}  {p.duty_name}  {name} ({p.assignee})"
            )
        if day not in by_day:
            lines.append("  (no duties)")
    return "\n".join(lines)


def render_plan(config: SchoolConfig, start: date, days: int, *, json_output: bool) -> str:
    """The plan for ``days`` days from ``start``, sorted by reminder time."""
    planned = plan_days(config, start, days)
    if json_output:
        return json.dumps(as_json(config, planned), ensure_ascii=False, indent=2)
    return as_table(config, planned, start, days)
