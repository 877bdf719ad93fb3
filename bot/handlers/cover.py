"""Buttons on cover messages: find a colleague, ask them, and their accept or decline.

The bot only parses and renders; who may arrange, who may answer and whether the duty has
started are decided by the commands in ``safeduty.commands.cover``.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import date

from sqlmodel import Session
from telegram import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Update

from bot import cover_buttons as cb
from bot.context import Context
from bot.cover_render import BUTTON_CHARS, cover_when, name
from bot.edits import drop_buttons, edit_text
from bot.handlers.access import current_staff
from safeduty.arranged import placed_days
from safeduty.commands import cover as cover_commands
from safeduty.commands.leave import may_arrange
from safeduty.commands.planning import plan_ahead
from safeduty.domain.cover import candidates
from safeduty.domain.cover_states import CoverRefusal
from safeduty.services import Services
from safeduty.storage import covers, duties
from safeduty.texts import t

REFUSALS = {
    CoverRefusal.STALE: "cover_stale",
    CoverRefusal.NOT_ALLOWED: "cover_not_allowed",
    CoverRefusal.NOT_ASKED: "cover_not_asked",
    CoverRefusal.DECIDED: "cover_decided",
    CoverRefusal.STARTED: "cover_started",
    CoverRefusal.CANDIDATE: "cover_candidate",
    CoverRefusal.PENDING: "cover_pending",
}


def colleague_buttons(
    services: Services,
    session: Session,
    *,
    absent: str,
    duty_id: str,
    day: date,
    data: Callable[[str], str],
) -> InlineKeyboardMarkup | None:
    """A button per colleague who could take the duty, two to a row; None if nobody can."""
    placed, arr = placed_days(services.config, session, day, 1)
    staff = [s.id for s in services.config.staff]
    free = candidates(staff, absent=absent, duty_id=duty_id, day=day, placed=placed, arr=arr)
    buttons = [
        InlineKeyboardButton(name(services, s)[:BUTTON_CHARS], callback_data=data(s)) for s in free
    ]
    if not buttons:
        return None
    return InlineKeyboardMarkup([buttons[i : i + 2] for i in range(0, len(buttons), 2)])


async def refuse(query: CallbackQuery, lang: str, refusal: CoverRefusal | None) -> None:
    await query.answer(t(lang, REFUSALS[refusal or CoverRefusal.STALE]), show_alert=True)


async def on_button(update: Update, context: Context) -> None:
    """``p`` lists colleagues, ``s`` asks one, ``a`` / ``d`` accept or decline."""
    query = update.callback_query
    if query is None:
        return
    services = context.bot_data
    by = current_staff(update, context) or ""
    lang = services.language_of(by)
    now = services.clock.now()
    with services.session() as session:
        secret = duties.secret(session=session)
        fields = cb.decode(secret, cb.COVER, query.data, 3)
        action, cover_text, staff_id = fields or ("", "", "")
        cover_id = cb.number(cover_text)
        row = covers.cover(session=session, cover_id=cover_id) if cover_id is not None else None
        if fields is None or row is None or row.id is None:
            await refuse(query, lang, CoverRefusal.STALE)
            return
        if action == "p":
            leave = covers.leave(session=session, leave_id=row.leave_id) if row.leave_id else None
            if not may_arrange(services.config, by, row, leave):
                await refuse(query, lang, CoverRefusal.NOT_ALLOWED)
                return
            markup = colleague_buttons(
                services,
                session,
                absent=row.absent,
                duty_id=row.duty_id,
                day=row.day,
                data=lambda s: cb.encode(secret, cb.COVER, "s", str(row.id), s),
            )
            if markup is None:
                await query.answer(t(lang, "cover_no_one"), show_alert=True)
                return
            text = t(
                lang,
                "cover_pick",
                when=cover_when(services, row, lang),
                duty=row.duty_name,
                absent=name(services, row.absent),
            )
            await context.bot.send_message(query.from_user.id, text, reply_markup=markup)
            await query.answer()
            return
        if action == "s":
            outcome = cover_commands.propose(
                session,
                config=services.config,
                cover_id=row.id,
                substitute=staff_id,
                by=by,
                now=now,
            )
            key, values = "cover_asked_sent", {"name": name(services, staff_id)}
        elif action in ("a", "d"):
            outcome = cover_commands.answer(
                session,
                config=services.config,
                cover_id=row.id,
                by=by,
                accept=action == "a",
                now=now,
            )
            key = "cover_you_accepted" if action == "a" else "cover_you_declined"
            values = {"absent": name(services, row.absent)}
        else:
            await refuse(query, lang, CoverRefusal.STALE)
            return
        if not outcome.ok:
            if outcome.refusal in (CoverRefusal.DECIDED, CoverRefusal.STARTED):
                await drop_buttons(query)
            await refuse(query, lang, outcome.refusal)
            return
        text = t(lang, key, when=cover_when(services, row, lang), duty=row.duty_name, **values)
    await edit_text(query, text, None)
    await query.answer()
    if action == "a":
        await asyncio.to_thread(
            plan_ahead, services, services.clock.now()
        )  # the reminder goes to them from now on
    services.owed()
