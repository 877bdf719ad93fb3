"""/today: my duties today with their state, and a button to answer each open one."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from bot import render
from bot.callbacks import encode
from bot.context import Context
from bot.handlers.access import asker
from safeduty.domain.plan import school_date
from safeduty.domain.states import OPEN, OccurrenceState
from safeduty.storage import duties
from safeduty.texts import t


def state_key(state: str, late: bool) -> str:
    """The catalog key naming an occurrence's state."""
    return "state_late" if state == OccurrenceState.ANSWERED and late else f"state_{state}"


async def today(update: Update, context: Context) -> None:
    """List today's duties of the person asking."""
    who = await asker(update, context)
    if who is None:
        return
    services, lang, staff_id = context.bot_data, who.lang, who.staff_id
    zone = ZoneInfo(services.config.school.timezone)
    day = school_date(services.clock.now(), services.config)
    with services.session() as session:
        found = duties.occurrences_on(session=session, day=day, assignee=staff_id)
        secret = duties.secret(session=session)
    mine = [o for o in found if o.state != OccurrenceState.DROPPED]  # handed on, or reloaded away
    if not mine:
        await context.bot.send_message(who.chat_id, t(lang, "today_none"))
        return
    lines = [t(lang, "today_title", date=render.local_date(day, lang))]
    rows = []
    for occ in mine:
        state = t(lang, state_key(occ.state, occ.late))
        lines.append(
            t(
                lang,
                "today_line",
                time=render.hhmm(occ.remind_at, zone),
                duty=occ.duty_name,
                state=state,
            )
        )
        if occ.state in OPEN and occ.id is not None:
            label = t(lang, "btn_answer", duty=occ.duty_name)[:40]
            rows.append([InlineKeyboardButton(label, callback_data=encode(secret, "o", occ.id))])
    markup = InlineKeyboardMarkup(rows) if rows else None
    await context.bot.send_message(who.chat_id, "\n".join(lines), reply_markup=markup)
