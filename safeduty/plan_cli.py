"""``safeduty plan``: the occurrences the bot will create, as a table or JSON.

Each day says what kind of day it is (a holiday or make-up workday by name, a vacation, a
day outside the terms, an event) and whether the official arrangement for it is still
unknown; each occurrence names its deputy; a duty that runs with nobody on it is listed as
unstaffed.
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from typing import Any

from safeduty.config.model import SchoolConfig
from safeduty.domain.calendar import DayKind, SchoolCalendar, SchoolDay, school_calendar
from safeduty.domain.plan import Slot, slots_days

UNSTAFFED = "UNSTAFFED"


def _name(config: SchoolConfig, staff_id: str | None) -> str | None:
    if staff_id is None:
        return None
    person = config.staff_by_id(staff_id)
    return person.name if person else staff_id


def day_fields(config: SchoolConfig, day: SchoolDay) -> dict[str, Any]:
    """The day's facts for JSON: kind, name, the weekday it follows, term, event, certainty."""
    return {
        "day_kind": str(day.kind),
        "day_name": day.name.in_language(config.school.language) if day.name else None,
        "follows": day.timetable,
        "term": day.term,
        "event": day.event.name if day.event else None,
        "uncertain": day.uncertain,
    }


def _row(config: SchoolConfig, slot: Slot, assignee: str | None) -> dict[str, Any]:
    duty, deputy = slot.duty, slot.duty.deputy
    return {
        "duty": duty.id,
        "duty_name": duty.name,
        "date": slot.day.date.isoformat(),
        "assignee": assignee,
        "assignee_name": _name(config, assignee),
        "remind_at": slot.remind_at.isoformat(),
        "nudge_at": slot.nudge_at.isoformat() if slot.nudge_at else None,
        "deadline": slot.deadline.isoformat(),
        "checklist": list(duty.checklist),
        "escalation": [
            {"after_minutes": int(step.after.total_seconds() // 60), "notify": step.notify}
            for step in duty.escalation
        ],
        "deputy": deputy,
        "deputy_name": _name(config, deputy),
        "assigned_by": slot.assignment.by,
        "turn": slot.assignment.turn,
        "unstaffed": assignee is None,
        **day_fields(config, slot.day),
    }


def _people(slot: Slot) -> tuple[str | None, ...]:
    """Everyone on the slot, or a single None when nobody is."""
    return slot.assignment.assignees or (None,)


def as_json(config: SchoolConfig, slots: list[Slot]) -> list[dict[str, Any]]:
    """JSON-ready rows sorted by reminder time; times in ISO 8601 with the school's offset.

    One row per occurrence, plus one with ``"assignee": null, "unstaffed": true`` for a
    duty that runs with nobody on it.
    """
    ordered = sorted(slots, key=lambda s: s.remind_at)
    return [_row(config, slot, who) for slot in ordered for who in _people(slot)]


def day_line(config: SchoolConfig, day: SchoolDay) -> str:
    """``2026-09-20 sun  make-up workday 国庆节, follows tue``."""
    name = f" {day.name.in_language(config.school.language)}" if day.name else ""
    what = {
        DayKind.SCHOOL: "",
        DayKind.WEEKEND: "",
        DayKind.MAKEUP: f"make-up workday{name}, follows {day.timetable}",
        DayKind.HOLIDAY: f"holiday{name}",
        DayKind.VACATION: f"vacation{name}",
        DayKind.BETWEEN_TERMS: f"between terms{name}",
    }[day.kind]
    notes = [what] if what else []
    if day.event is not None:
        switched = [f"on {', '.join(day.event.on)}"] if day.event.on else []
        switched += [f"off {', '.join(day.event.off)}"] if day.event.off else []
        notes.append(f"event {day.event.name}" + (f" ({'; '.join(switched)})" if switched else ""))
    if day.uncertain:
        notes.append("official arrangement not published yet")
    head = f"{day.date} {day.weekday}"
    return f"{head}  {'; '.join(notes)}" if notes else head


def as_table(
    config: SchoolConfig, slots: list[Slot], start: date, days: int, calendar: SchoolCalendar
) -> str:
    """A readable table by day, in school-local time; days without duties say so."""
    lines = []
    by_day: dict[date, list[Slot]] = {}
    for slot in sorted(slots, key=lambda s: s.remind_at):
        by_day.setdefault(slot.day.date, []).append(slot)
    for offset in range(days):
        day = start + timedelta(days=offset)
        lines.append(day_line(config, calendar.day(day)))
        for slot in by_day.get(day, []):
            duty = slot.duty
            for who in _people(slot):
                person = f"{_name(config, who)} ({who})" if who else UNSTAFFED
                line = f"  {slot.remind_at:%H:%M} -> {slot.deadline:%H:%M}  {duty.name}  {person}"
                if duty.deputy:
                    line += f"  deputy {_name(config, duty.deputy)} ({duty.deputy})"
                lines.append(line)
        if day not in by_day:
            lines.append("  (no duties)")
    return "\n".join(lines)


def render_plan(config: SchoolConfig, start: date, days: int, *, json_output: bool) -> str:
    """The plan for ``days`` days from ``start``, sorted by reminder time."""
    calendar = school_calendar(config)
    slots = slots_days(config, start, days, calendar)
    if json_output:
        return json.dumps(as_json(config, slots), ensure_ascii=False, indent=2)
    return as_table(config, slots, start, days, calendar)
