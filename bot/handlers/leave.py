"""/leave: pick the person (admins), the first day and the length with buttons; record it.

Every choice travels in the next button's signed data (``bot/cover_buttons.py``), so
nothing is remembered between taps; the command checks it all again when the length is
tapped. The answer lists each duty in the leave with who covers it, and a button to ask a
colleague for each that has nobody.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from datetime import date, timedelta

from telegram import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Update

from bot import cover_buttons as cb
from bot.context import Context
from bot.cover_render import BUTTON_CHARS, find_buttons, leave_text, name
from bot.edits import edit_text
from bot.handlers.access import asker, current_staff
from bot.render import local_date
from safeduty.commands.leave import may_act_for, request_leave, withdraw_leave
from safeduty.commands.planning import plan_ahead
from safeduty.domain.cover import LEAVE_LENGTHS, leave_starts, rest_of_week
from safeduty.domain.cover_states import CoverRefusal
from safeduty.domain.plan import school_date
from safeduty.services import Services
from safeduty.storage import covers, duties
from safeduty.storage.tables import StaffLeave
from safeduty.texts import t

PER_ROW = 3
Keyboard = list[list[InlineKeyboardButton]]


def _rows(buttons: list[InlineKeyboardButton], per_row: int = PER_ROW) -> Keyboard:
    return [buttons[i : i + per_row] for i in range(0, len(buttons), per_row)]


def _button(label: str, secret: str, *fields: str) -> InlineKeyboardButton:
    return InlineKeyboardButton(label[:BUTTON_CHARS], callback_data=cb.encode(secret, *fields))


def starts(
    services: Services,
    secret: str,
    staff_id: str,
    lang: str,
    today: date,
    *,
    leaves: Sequence[StaffLeave] = (),
) -> tuple[str, InlineKeyboardMarkup]:
    """Today, tomorrow, the rest of this week, or a first day in the next two weeks; and a
    button to take back each of the person's leaves not over yet."""
    who, first = staff_id, cb.day_field(today)
    week = rest_of_week(today)
    quick = [
        _button(t(lang, "btn_today"), secret, cb.LEAVE, "s", who, first, cb.NONE),
        _button(
            t(lang, "btn_tomorrow"),
            secret,
            cb.LEAVE,
            "s",
            who,
            cb.day_field(today + timedelta(days=1)),
            cb.NONE,
        ),
        _button(t(lang, "btn_this_week", days=week), secret, cb.LEAVE, "r", who, first, str(week)),
    ]
    later = [
        _button(local_date(day, lang), secret, cb.LEAVE, "s", who, cb.day_field(day), cb.NONE)
        for day in leave_starts(today)[2:]
    ]
    back = [
        [
            _button(
                t(
                    lang,
                    "btn_withdraw",
                    first=local_date(s.first_day, lang),
                    last=local_date(s.last_day, lang),
                ),
                secret,
                cb.LEAVE,
                "w",
                who,
                cb.NONE,
                str(s.id),
            )
        ]
        for s in leaves[:5]
    ]
    text = t(lang, "leave_pick_start", name=name(services, staff_id))
    return text, InlineKeyboardMarkup([quick, *_rows(later), *back])


def lengths(
    services: Services, secret: str, staff_id: str, first: date, lang: str
) -> tuple[str, InlineKeyboardMarkup]:
    """How many days, from ``first``."""
    first_text = cb.day_field(first)
    buttons = [
        _button(t(lang, "btn_days", days=n), secret, cb.LEAVE, "r", staff_id, first_text, str(n))
        for n in LEAVE_LENGTHS
    ]
    text = t(lang, "leave_pick_length", name=name(services, staff_id), date=local_date(first, lang))
    return text, InlineKeyboardMarkup(_rows(buttons, 4))


async def leave(update: Update, context: Context) -> None:
    """A teacher picks their own dates; an admin first picks whose leave it is."""
    who = await asker(update, context)
    if who is None:
        return
    services, lang = context.bot_data, who.lang
    today = school_date(services.clock.now(), services.config)
    with services.session() as session:
        secret = duties.secret(session=session)
        mine = covers.leaves_of(session=session, staff_id=who.staff_id, since=today)
    if "admin" not in who.roles:
        text, markup = starts(services, secret, who.staff_id, lang, today, leaves=mine)
        await context.bot.send_message(who.chat_id, text, reply_markup=markup)
        return
    people = [who.staff_id] + [s.id for s in services.config.staff if s.id != who.staff_id]
    buttons = [
        _button(
            t(lang, "btn_myself") if s == who.staff_id else name(services, s),
            secret,
            cb.LEAVE,
            "p",
            s,
            cb.NONE,
            cb.NONE,
        )
        for s in people
    ]
    await context.bot.send_message(
        who.chat_id, t(lang, "leave_pick_person"), reply_markup=InlineKeyboardMarkup(_rows(buttons))
    )


REFUSALS = {
    CoverRefusal.NOT_ALLOWED: "leave_not_allowed",
    CoverRefusal.STALE: "cover_stale",
    CoverRefusal.DECIDED: "cover_decided",
}


async def on_button(update: Update, context: Context) -> None:
    """One step of picking a leave: the person, the first day, the length (which records it)."""
    query = update.callback_query
    if query is None:
        return
    services = context.bot_data
    by = current_staff(update, context) or ""
    lang = services.language_of(by)
    now = services.clock.now()
    with services.session() as session:
        secret = duties.secret(session=session)
        fields = cb.decode(secret, cb.LEAVE, query.data, 4)
        step, staff_id, day_text, days_text = fields or ("", "", "", "")
        first, days = cb.parse_day(day_text), cb.number(days_text)
        if fields is None or services.config.staff_by_id(staff_id) is None:
            await query.answer(t(lang, "cover_stale"), show_alert=True)
            return
        if not may_act_for(services.config, by, staff_id):
            await query.answer(t(lang, "leave_not_allowed"), show_alert=True)
            return
        if step == "p":
            today = school_date(now, services.config)
            theirs = covers.leaves_of(session=session, staff_id=staff_id, since=today)
            await edit_text(query, *starts(services, secret, staff_id, lang, today, leaves=theirs))
        elif step == "w" and days is not None:
            outcome = withdraw_leave(session, config=services.config, leave_id=days, by=by, now=now)
            if outcome.refusal is not None:
                key = REFUSALS.get(outcome.refusal, "cover_decided")
                await query.answer(t(lang, key), show_alert=True)
                return
            await _withdrawn(services, query, leave_id=days, lang=lang)
            return
        elif step == "s" and first is not None:
            await edit_text(query, *lengths(services, secret, staff_id, first, lang))
        elif step == "r" and first is not None and days is not None:
            outcome = request_leave(
                session,
                config=services.config,
                staff_id=staff_id,
                first=first,
                days=days,
                by=by,
                now=now,
            )
            if outcome.refusal is not None or outcome.leave_id is None:
                key = REFUSALS.get(outcome.refusal or CoverRefusal.STALE, "cover_stale")
                await query.answer(t(lang, key), show_alert=True)
                return
            await _recorded(services, query, leave_id=outcome.leave_id, lang=lang, secret=secret)
            return
        else:
            await query.answer(t(lang, "cover_stale"), show_alert=True)
            return
    await query.answer()


async def _withdrawn(services: Services, query: CallbackQuery, *, leave_id: int, lang: str) -> None:
    """Say so; re-plan today and tomorrow (the duties are theirs again); tell the colleagues."""
    with services.session() as session:
        leave = covers.leave(session=session, leave_id=leave_id)
        assert leave is not None  # noqa: S101  # just withdrawn
        text = t(
            lang,
            "leave_withdrawn",
            name=name(services, leave.staff_id),
            first=local_date(leave.first_day, lang),
            last=local_date(leave.last_day, lang),
        )
    await edit_text(query, text, None)
    await query.answer()
    await asyncio.to_thread(plan_ahead, services, services.clock.now())
    services.owed()


async def _recorded(
    services: Services,
    query: CallbackQuery,
    *,
    leave_id: int,
    lang: str,
    secret: str,
) -> None:
    """Show the leave and its duties; re-plan today and tomorrow; send the notices it owes."""
    with services.session() as session:
        leave = covers.leave(session=session, leave_id=leave_id)
        rows = covers.covers_of_leave(session=session, leave_id=leave_id)
        assert leave is not None  # noqa: S101  # just recorded
        head = t(
            lang,
            "leave_recorded",
            name=name(services, leave.staff_id),
            first=local_date(leave.first_day, lang),
            last=local_date(leave.last_day, lang),
        )
        body = leave_text(services, session, leave_id, lang)
        markup = find_buttons(secret, rows, lang)
    text = f"{head}\n{body}" + (f"\n\n{t(lang, 'leave_find_hint')}" if markup else "")
    await edit_text(query, text, markup)
    await query.answer()
    await asyncio.to_thread(
        plan_ahead, services, services.clock.now()
    )  # today's and tomorrow's duties follow at once
    services.owed()
