"""/week: my duties for the next seven days, with holidays, leave and substitutions named."""

from __future__ import annotations

from datetime import date, timedelta
from zoneinfo import ZoneInfo

from telegram import Update

from bot.context import Context
from bot.cover_render import name
from bot.handlers.access import asker
from bot.render import hhmm, local_date
from safeduty.arranged import placed_days
from safeduty.domain.calendar import DayKind, SchoolCalendar, SchoolDay, school_calendar
from safeduty.domain.cover import Arrangement
from safeduty.domain.cover_states import CoverReason, CoverState
from safeduty.domain.plan import school_date
from safeduty.domain.week import Entry, Part, entries
from safeduty.services import Services
from safeduty.texts import t

DAYS = 7


def day_notes(day: SchoolDay, lang: str, *, away: bool) -> list[str]:
    """What kind of day it is, in words: a holiday by name, a make-up day, a vacation."""
    label = day.name.in_language(lang) if day.name else ""
    notes = []
    if day.kind == DayKind.HOLIDAY:
        notes.append(t(lang, "day_holiday", name=label) if label else t(lang, "day_holiday_plain"))
    elif day.kind == DayKind.VACATION:
        notes.append(t(lang, "day_vacation", name=label or t(lang, "day_holiday_plain")))
    elif day.kind == DayKind.BETWEEN_TERMS:
        notes.append(t(lang, "day_between_terms"))
    elif day.kind == DayKind.MAKEUP:
        notes.append(t(lang, "day_makeup", weekday=t(lang, f"weekday_{day.timetable}")))
    if day.event is not None:
        notes.append(day.event.name)
    if day.uncertain:
        notes.append(t(lang, "day_uncertain"))
    if away:
        notes.append(t(lang, "week_on_leave"))
    return notes


def _note(services: Services, entry: Entry, arr: Arrangement, staff_id: str, lang: str) -> str:
    if entry.part == Part.COVERING:
        return t(lang, "week_covering", name=name(services, entry.other))
    if entry.part == Part.COVERED:
        return t(lang, "week_covered_by", name=name(services, entry.other))
    if entry.part == Part.UNSTAFFED:
        return t(lang, "week_unstaffed")
    p = entry.placed.planned
    offer = arr.live(p.duty_id, p.day, staff_id, CoverReason.SWAP)
    if offer is not None and offer.state == CoverState.PROPOSED:
        return t(lang, "week_offered", name=name(services, offer.substitute))
    return ""


def week_text(
    services: Services,
    staff_id: str,
    start: date,
    lang: str,
    *,
    calendar: SchoolCalendar,
    found: list[Entry],
    arr: Arrangement,
) -> str:
    """Seven days from ``start``: each day's kind, then what ``staff_id`` does that day."""
    zone = ZoneInfo(services.config.school.timezone)
    sep = t(lang, "list_sep")
    last = start + timedelta(days=DAYS - 1)
    title = "week_title" if found else "week_nothing"
    lines = [t(lang, title, first=local_date(start, lang), last=local_date(last, lang))]
    for offset in range(DAYS):
        day = start + timedelta(days=offset)
        notes = day_notes(calendar.day(day), lang, away=arr.on_leave(staff_id, day))
        lines.append(
            t(
                lang,
                "week_day",
                date=local_date(day, lang),
                notes=f" · {sep.join(notes)}" if notes else "",
            )
        )
        todays = [e for e in found if e.day == day]
        for entry in todays:
            p = entry.placed.planned
            note = _note(services, entry, arr, staff_id, lang)
            lines.append(
                t(lang, "week_line", time=hhmm(p.remind_at, zone), duty=p.duty_name, note=note)
            )
        if not todays:
            lines.append(t(lang, "week_free"))
    return "\n".join(lines)


async def week(update: Update, context: Context) -> None:
    """Send the asker their next seven days."""
    who = await asker(update, context)
    if who is None:
        return
    services = context.bot_data
    start = school_date(services.clock.now(), services.config)
    calendar = school_calendar(services.config)
    with services.session() as session:
        placed, arr = placed_days(services.config, session, start, DAYS, calendar)
    found = entries(placed, who.staff_id)
    text = week_text(
        services, who.staff_id, start, who.lang, calendar=calendar, found=found, arr=arr
    )
    await context.bot.send_message(who.chat_id, text)
