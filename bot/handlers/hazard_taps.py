"""Hazard buttons: parse the press, call the command, show what it decided.

Every press is answered: a refusal as an alert naming why, anything else by updating the
message that was tapped (so a second tap finds no buttons) and asking the next question.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime

from telegram import CallbackQuery, InlineKeyboardMarkup, Update
from telegram.error import BadRequest

from bot import hazard_render as hr
from bot.context import Context
from bot.handlers.access import current_staff
from bot.handlers.hazards import REFUSALS, ask_next, fix_reported, reopened
from bot.hazard_buttons import HazardButton, decode
from safeduty.commands import hazard_reports, hazard_verdicts, hazards
from safeduty.domain.hazards import HazardLevel, HazardRefusal
from safeduty.services import Services
from safeduty.storage import duties
from safeduty.storage import hazards as reads
from safeduty.texts import t

log = logging.getLogger("safeduty.bot")
GONE = ("not modified", "not found", "can't be edited", "message to edit")


@dataclass(frozen=True)
class Press:
    """One press of a hazard button and what answering it needs."""

    services: Services
    context: Context
    query: CallbackQuery
    staff_id: str
    lang: str
    now: datetime

    @property
    def chat_id(self) -> int:
        return self.query.from_user.id


Outcome = HazardRefusal | None


def _number(text: str) -> int:
    """A button's numeric argument (-1, which every command refuses, when it is not one)."""
    return int(text) if text.isdecimal() and text.isascii() else -1


async def on_button(update: Update, context: Context) -> None:
    """A hazard button: verify it, let the command decide, show what it decided."""
    query = update.callback_query
    if query is None:
        return
    services = context.bot_data
    staff_id = current_staff(update, context) or ""
    lang = services.language_of(staff_id)
    with services.session() as session:
        button = decode(duties.secret(session=session), query.data)
    handler = BUTTONS.get(button.action) if button else None
    if button is None or handler is None:
        await query.answer(t(lang, "button_stale"), show_alert=True)
        return
    press = Press(services, context, query, staff_id, lang, services.clock.now())
    refusal = await handler(press, button)
    if refusal is not None:
        await query.answer(t(lang, REFUSALS[refusal]), show_alert=True)


async def _edit(
    query: CallbackQuery, text: str | None, markup: InlineKeyboardMarkup | None
) -> None:
    """Replace the tapped message (or only drop its buttons when ``text`` is None)."""
    try:
        if text is None:
            await query.edit_message_reply_markup(reply_markup=markup)
        else:
            await query.edit_message_text(text, reply_markup=markup)
    except BadRequest as exc:
        if not any(reason in str(exc).lower() for reason in GONE):
            raise
        log.info("hazard message not edited: %s", exc)


async def _draft_step(press: Press, draft: hazard_reports.Draft | None) -> Outcome:
    if draft is None:
        return HazardRefusal.STALE
    await _edit(press.query, None, None)
    await press.query.answer()
    await ask_next(press.services, press.context, press.chat_id, press.lang, draft)
    return None


async def _place(press: Press, button: HazardButton) -> Outcome:
    index = None if button.argument == "x" else _number(button.argument)
    with press.services.session() as session:
        draft = hazard_reports.choose_place(
            session,
            config=press.services.config,
            staff_id=press.staff_id,
            index=index,
            now=press.now,
        )
    return await _draft_step(press, draft)


async def _photos_done(press: Press, _button: HazardButton) -> Outcome:
    with press.services.session() as session:
        draft = hazard_reports.photos_done(session, staff_id=press.staff_id, now=press.now)
    return await _draft_step(press, draft)


async def _category(press: Press, button: HazardButton) -> Outcome:
    with press.services.session() as session:
        draft = hazard_reports.choose_category(
            session,
            config=press.services.config,
            staff_id=press.staff_id,
            index=_number(button.argument),
            now=press.now,
        )
    return await _draft_step(press, draft)


def _level_of(argument: str) -> HazardLevel:
    return HazardLevel.MAJOR if argument.endswith("m") else HazardLevel.GENERAL


async def _level(press: Press, button: HazardButton) -> Outcome:
    with press.services.session() as session:
        draft = hazard_reports.choose_level(
            session,
            config=press.services.config,
            staff_id=press.staff_id,
            level=_level_of(button.argument),
            now=press.now,
        )
    return await _draft_step(press, draft)


async def _track(press: Press, button: HazardButton) -> Outcome:
    item = button.argument.partition("~")[0]
    with press.services.session() as session:
        tracked = hazard_reports.track_answer(
            session,
            config=press.services.config,
            occurrence_id=button.number,
            item=_number(item),
            level=_level_of(button.argument),
            by=press.staff_id,
            now=press.now,
        )
    if tracked.refusal is not None:
        return tracked.refusal
    key = "hazard_tracked" if tracked.new else "hazard_already_tracked"
    await _edit(press.query, t(press.lang, key, id=tracked.hazard_id), None)
    await press.query.answer()
    press.services.owed()
    return None


async def _owner(press: Press, button: HazardButton) -> Outcome:
    """An owner was picked: ask by when (the assignment itself is the deadline's tap)."""
    config = press.services.config
    with press.services.session() as session:
        allowed = hazards.may_assign(
            session,
            config=config,
            hazard_id=button.number,
            owner=button.argument,
            by=press.staff_id,
        )
        secret = duties.secret(session=session)
    person = config.staff_by_id(button.argument)
    if allowed.refusal is not None or person is None:
        return allowed.refusal or HazardRefusal.UNKNOWN_STAFF
    text = t(press.lang, "hazard_pick_deadline", id=button.number, owner=person.name)
    markup = hr.deadline_keyboard(secret, config, button.number, person.id, press.lang)
    await _edit(press.query, text, markup)
    await press.query.answer()
    return None


async def _deadline(press: Press, button: HazardButton) -> Outcome:
    owner, _, days = button.argument.partition("~")
    with press.services.session() as session:
        done = hazards.assign(
            session,
            config=press.services.config,
            hazard_id=button.number,
            owner=owner,
            days=_number(days),
            by=press.staff_id,
            now=press.now,
        )
        hazard = reads.get(session=session, hazard_id=button.number)
    if done.refusal is not None or hazard is None:
        return done.refusal or HazardRefusal.STALE
    text = t(
        press.lang,
        "hazard_assigned_done",
        id=hazard.id,
        owner=hr.name(press.services.config, press.lang, hazard.owner),
        deadline=hr.due(press.lang, hazard.deadline),
    )
    await _edit(press.query, text, None)
    await press.query.answer()
    press.services.owed()  # the owner's notice
    return None


async def _fixed(press: Press, button: HazardButton) -> Outcome:
    with press.services.session() as session:
        done = hazards.start_fix(session, hazard_id=button.number, by=press.staff_id, now=press.now)
    if done.refusal is not None:
        return done.refusal
    await press.query.answer()
    await press.context.bot.send_message(
        press.chat_id, t(press.lang, "hazard_ask_fix_note", id=button.number)
    )
    return None


async def _no_photo(press: Press, _button: HazardButton) -> Outcome:
    with press.services.session() as session:
        done = hazards.report_fix(
            session,
            config=press.services.config,
            staff_id=press.staff_id,
            photo=None,
            now=press.now,
        )
    if done is None:
        return HazardRefusal.STALE
    await _edit(press.query, None, None)
    await press.query.answer()
    await fix_reported(press.services, press.context, press.chat_id, press.lang, done)
    return None


async def _verify(press: Press, button: HazardButton) -> Outcome:
    with press.services.session() as session:
        done = hazard_verdicts.verify(
            session,
            config=press.services.config,
            hazard_id=button.number,
            by=press.staff_id,
            now=press.now,
        )
    if done.refusal is not None:
        return done.refusal
    await _edit(press.query, t(press.lang, "hazard_closed_done", id=button.number), None)
    await press.query.answer()
    press.services.owed()  # the owner and the reporter
    return None


async def _reopen(press: Press, button: HazardButton) -> Outcome:
    with press.services.session() as session:
        done = hazard_verdicts.start_reopen(
            session,
            config=press.services.config,
            hazard_id=button.number,
            by=press.staff_id,
            now=press.now,
        )
    if done.refusal is not None:
        return done.refusal
    await press.query.answer()
    await press.context.bot.send_message(
        press.chat_id, t(press.lang, "hazard_ask_reopen_reason", id=button.number)
    )
    return None


async def _recheck(press: Press, button: HazardButton, *, still_fixed: bool) -> Outcome:
    with press.services.session() as session:
        done = hazard_verdicts.recheck(
            session,
            config=press.services.config,
            hazard_id=button.number,
            occurrence_id=_number(button.argument),
            still_fixed=still_fixed,
            by=press.staff_id,
            now=press.now,
        )
    if done.refusal is not None:
        return done.refusal
    await _edit(press.query, None, None)
    await press.query.answer()
    if still_fixed:
        await press.context.bot.send_message(
            press.chat_id, t(press.lang, "hazard_rechecked_ok", id=button.number)
        )
        return None
    await reopened(press.services, press.context, press.chat_id, press.lang, done)
    return None


async def _still_fixed(press: Press, button: HazardButton) -> Outcome:
    return await _recheck(press, button, still_fixed=True)


async def _not_fixed(press: Press, button: HazardButton) -> Outcome:
    return await _recheck(press, button, still_fixed=False)


BUTTONS: dict[str, Callable[[Press, HazardButton], Awaitable[Outcome]]] = {
    "track": _track,
    "place": _place,
    "photos_done": _photos_done,
    "category": _category,
    "level": _level,
    "owner": _owner,
    "deadline": _deadline,
    "fixed": _fixed,
    "no_photo": _no_photo,
    "verify": _verify,
    "reopen": _reopen,
    "still_fixed": _still_fixed,
    "not_fixed": _not_fixed,
}
