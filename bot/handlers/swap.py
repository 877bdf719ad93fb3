"""/swap: pick one of my upcoming duties, then the colleague to offer it to.

They accept or decline with a button (``bot/handlers/cover.py``); the offer, the answer
and who swapped with whom are commands and events in ``safeduty.commands.cover``.
"""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from bot import cover_buttons as cb
from bot.context import Context
from bot.cover_render import BUTTON_CHARS, name, when, zone_of
from bot.edits import edit_text
from bot.handlers.access import asker, current_staff
from bot.handlers.cover import colleague_buttons, refuse
from safeduty.arranged import placed_days
from safeduty.commands.cover import offer_swap
from safeduty.domain.cover_states import CoverRefusal
from safeduty.domain.plan import local_moment, school_date
from safeduty.domain.week import Part, entries
from safeduty.storage import duties
from safeduty.texts import t

AHEAD = 14  # days of duties offered
MOST = 20  # buttons


async def swap(update: Update, context: Context) -> None:
    """List my duties of the next two weeks that have not started, one button each."""
    who = await asker(update, context)
    if who is None:
        return
    services, lang = context.bot_data, who.lang
    now = services.clock.now()
    zone = zone_of(services)
    with services.session() as session:
        secret = duties.secret(session=session)
        placed, _ = placed_days(services.config, session, school_date(now, services.config), AHEAD)
    mine = [
        e.placed.planned
        for e in entries(placed, who.staff_id)
        if e.part in (Part.MINE, Part.COVERING) and e.placed.planned.remind_at > now
    ][:MOST]
    if not mine:
        await context.bot.send_message(who.chat_id, t(lang, "swap_none"))
        return
    buttons = [
        [
            InlineKeyboardButton(
                f"{when(p.day, p.remind_at, lang, zone)} {p.duty_name}"[:BUTTON_CHARS],
                callback_data=cb.encode(
                    secret, cb.SWAP, "o", cb.ref(p.duty_id), cb.day_field(p.day), cb.NONE
                ),
            )
        ]
        for p in mine
    ]
    await context.bot.send_message(
        who.chat_id, t(lang, "swap_pick_duty"), reply_markup=InlineKeyboardMarkup(buttons)
    )


async def on_button(update: Update, context: Context) -> None:
    """``o``: a duty was picked, list colleagues; ``t``: offer it to the one tapped."""
    query = update.callback_query
    if query is None:
        return
    services = context.bot_data
    by = current_staff(update, context) or ""
    lang = services.language_of(by)
    now = services.clock.now()
    with services.session() as session:
        secret = duties.secret(session=session)
        fields = cb.decode(secret, cb.SWAP, query.data, 4)
        step, short, day_text, to = fields or ("", "", "", "")
        duty_id = cb.by_ref((d.id for d in services.config.duties), short)
        day = cb.parse_day(day_text)
        duty = services.config.duty_by_id(duty_id) if duty_id else None
        if fields is None or duty is None or day is None:
            await refuse(query, lang, CoverRefusal.STALE)
            return
        zone = zone_of(services)
        label = when(day, local_moment(day, duty.remind_at, zone), lang, zone)
        if step == "o":
            markup = colleague_buttons(
                services,
                session,
                absent=by,
                duty_id=duty.id,
                day=day,
                data=lambda s: cb.encode(secret, cb.SWAP, "t", short, day_text, s),
            )
            if markup is None:
                await query.answer(t(lang, "cover_no_one"), show_alert=True)
                return
            await edit_text(query, t(lang, "swap_pick_person", when=label, duty=duty.name), markup)
            await query.answer()
            return
        outcome = offer_swap(
            session, config=services.config, duty_id=duty.id, day=day, to=to, by=by, now=now
        )
        if not outcome.ok:
            await refuse(query, lang, outcome.refusal)
            return
    text = t(lang, "swap_offered", when=label, duty=duty.name, name=name(services, to))
    await edit_text(query, text, None)
    await query.answer()
    services.owed()
