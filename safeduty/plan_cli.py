"""``safeduty plan``: the occurrences the bot will create, as a table or JSON.

Each day says what kind of day it is (a holiday or make-up workday by name, a vacation, a
day outside the terms, an event) and whether the official arrangement for it is still
unknown; each occurrence names its deputy; a duty that runs with nobody on it is listed as
unstaffed. With the school's database at hand, the stored leave and covers are applied as
the bot applies them: a substitute is named with whom they cover (leave, deputy or swap), a
duty its person is away from with nobody covering is unstaffed, and a swap offer still
waiting is shown.
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from typing import Any

from safeduty.config.model import SchoolConfig
from safeduty.domain.calendar import DayKind, SchoolCalendar, SchoolDay, school_calendar
from safeduty.domain.cover import Arrangement, Placed, arrange
from safeduty.domain.cover_states import CoverReason, CoverState
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


def _cover_fields(config: SchoolConfig, x: Placed | None, arr: Arrangement) -> dict[str, Any]:
    """Who the plan named, whom the person doing it covers and why, who is away, an offer."""
    covering = x.covering if x else None
    offer = None
    if x is not None and not x.unstaffed:
        p = x.planned
        live = arr.live(p.duty_id, p.day, p.assignee, CoverReason.SWAP)
        offer = live.substitute if live and live.state == CoverState.PROPOSED else None
    return {
        "planned_assignee": x.original if x else None,
        "covering": covering.absent if covering else None,
        "covering_name": _name(config, covering.absent) if covering else None,
        "cover": ("deputy" if covering.deputy else str(covering.reason)) if covering else None,
        "on_leave": x.absent if x else None,
        "offered_to": offer,
    }


def _row(config: SchoolConfig, slot: Slot, x: Placed | None, arr: Arrangement) -> dict[str, Any]:
    duty, deputy = slot.duty, slot.duty.deputy
    assignee = x.planned.assignee if x is not None and not x.unstaffed else None
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
        **_cover_fields(config, x, arr),
        **day_fields(config, slot.day),
    }


def _people(slot: Slot, arr: Arrangement) -> list[Placed | None]:
    """Everyone on the slot with leave and covers applied, or a single None when nobody is."""
    return list(arrange(slot.occurrences, arr)) or [None]


def as_json(
    config: SchoolConfig, slots: list[Slot], arr: Arrangement | None = None
) -> list[dict[str, Any]]:
    """JSON-ready rows sorted by reminder time; times in ISO 8601 with the school's offset.

    One row per occurrence, plus one with ``"assignee": null, "unstaffed": true`` for a
    duty that runs with nobody on it (or whose person is away with nobody covering).
    """
    arr = arr or Arrangement()
    ordered = sorted(slots, key=lambda s: s.remind_at)
    return [_row(config, slot, x, arr) for slot in ordered for x in _people(slot, arr)]


def _who(config: SchoolConfig, x: Placed | None, arr: Arrangement) -> str:
    """``王老师 (wang)  covering 张老师 (zhang), swap`` or ``UNSTAFFED (吴师傅 (wu) away)``."""
    if x is None:
        return UNSTAFFED
    if x.absent is not None:
        return f"{UNSTAFFED} ({_name(config, x.absent)} ({x.absent}) away)"
    fields = _cover_fields(config, x, arr)
    who = x.planned.assignee
    text = f"{_name(config, who)} ({who})"
    if fields["covering"]:
        text += f"  covering {fields['covering_name']} ({fields['covering']}), {fields['cover']}"
    if fields["offered_to"]:
        text += f"  offered to {_name(config, fields['offered_to'])} ({fields['offered_to']})"
    return text


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
    config: SchoolConfig,
    slots: list[Slot],
    start: date,
    days: int,
    calendar: SchoolCalendar,
    *,
    arr: Arrangement | None = None,
) -> str:
    """A readable table by day, in school-local time; days without duties say so."""
    arr = arr or Arrangement()
    lines = []
    by_day: dict[date, list[Slot]] = {}
    for slot in sorted(slots, key=lambda s: s.remind_at):
        by_day.setdefault(slot.day.date, []).append(slot)
    for offset in range(days):
        day = start + timedelta(days=offset)
        lines.append(day_line(config, calendar.day(day)))
        for slot in by_day.get(day, []):
            duty = slot.duty
            for x in _people(slot, arr):
                person = _who(config, x, arr)
                line = f"  {slot.remind_at:%H:%M} -> {slot.deadline:%H:%M}  {duty.name}  {person}"
                if duty.deputy:
                    line += f"  deputy {_name(config, duty.deputy)} ({duty.deputy})"
                lines.append(line)
        if day not in by_day:
            lines.append("  (no duties)")
    return "\n".join(lines)


def render_plan(
    config: SchoolConfig,
    start: date,
    days: int,
    *,
    json_output: bool,
    arrangement: Arrangement | None = None,
) -> str:
    """The plan for ``days`` days from ``start``, sorted by reminder time.

    ``arrangement`` is the stored leave and covers (``read_arrangement``), if known.
    """
    calendar = school_calendar(config)
    slots = slots_days(config, start, days, calendar)
    if json_output:
        return json.dumps(as_json(config, slots, arrangement), ensure_ascii=False, indent=2)
    return as_table(config, slots, start, days, calendar, arr=arrangement)


def read_arrangement(url: str, start: date, days: int) -> Arrangement | None:
    """The leave and covers stored in the database at ``url`` for those days, read only.

    None when there is no database yet (an SQLite file not created) or it has no such
    tables; the plan is then the config's alone. Other errors propagate to the caller.
    """
    from pathlib import Path

    from sqlalchemy import inspect
    from sqlmodel import Session

    from safeduty.storage import covers
    from safeduty.storage.db import make_engine

    if url.startswith("sqlite"):
        path = url.split("///", 1)[-1]
        if not path or not Path(path).exists():
            return None
    engine = make_engine(url)
    try:
        if not inspect(engine).has_table("cover"):
            return None
        with Session(engine) as session:
            return covers.arrangement(
                session=session, first=start, last=start + timedelta(days=days - 1)
            )
    finally:
        engine.dispose()
