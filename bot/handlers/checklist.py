"""Button presses on a duty checklist: parse the button, call a command, render the result."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from sqlmodel import Session
from telegram import CallbackQuery, InlineKeyboardMarkup, Update

from bot import render
from bot.callbacks import Button, decode
from bot.context import Context
from bot.edits import edit_text
from bot.handlers import hazards
from bot.handlers.access import current_staff
from safeduty.commands import duties as duty_commands
from safeduty.commands import problems
from safeduty.domain.states import OccurrenceState, Refusal
from safeduty.services import Services
from safeduty.storage import duties
from safeduty.storage.tables import Occurrence
from safeduty.texts import t

log = logging.getLogger("safeduty.bot")


@dataclass(frozen=True)
class Tap:
    """One button press and what answering it needs."""

    services: Services
    session: Session
    query: CallbackQuery
    staff_id: str
    lang: str
    context: Context


REFUSALS = {
    Refusal.STALE: "button_stale",
    Refusal.NOT_YOURS: "not_yours",
    Refusal.ANSWERED: "already_answered",
    Refusal.MISSED: "already_missed",
    Refusal.UNSET: "items_unset",
}


async def on_button(update: Update, context: Context) -> None:
    """Verify the button, then let the command decide; show what it decided."""
    query = update.callback_query
    if query is None:
        return
    services = context.bot_data
    staff_id = current_staff(update, context) or ""
    lang = services.language_of(staff_id)
    now = services.clock.now()
    with services.session() as session:
        button = decode(duties.secret(session=session), query.data)
        if button is None:
            await query.answer(t(lang, "button_stale"), show_alert=True)
            return
        tap = Tap(services, session, query, staff_id, lang, context)
        if button.action == "no_photo":
            await _no_photo(tap, button)
            return
        occurrence_id = button.occurrence_id
        if button.action == "open":
            outcome = duty_commands.check_answerable(
                session, occurrence_id=occurrence_id, by=staff_id
            )
            if outcome.ok:
                text, markup = _checklist(services, session, occurrence_id, lang)
                await context.bot.send_message(query.from_user.id, text, reply_markup=markup)
                await query.answer()
                return
        elif button.action == "toggle":
            outcome = duty_commands.toggle_item(
                session, occurrence_id=occurrence_id, item=button.item, by=staff_id, now=now
            )
            if outcome.ok:
                await edit_text(query, *_checklist(services, session, occurrence_id, lang))
                await query.answer()
                return
        else:
            outcome = duty_commands.answer(
                session,
                occurrence_id=occurrence_id,
                by=staff_id,
                now=now,
                all_clear=button.action == "all_clear",
            )
            if outcome.ok:
                await _answered(tap, occurrence_id)
                return
        if outcome.refusal in (Refusal.ANSWERED, Refusal.MISSED):
            await _show_final(services, session, query, occurrence_id, lang)
        assert outcome.refusal is not None  # noqa: S101  # not ok means refused
        await query.answer(t(lang, REFUSALS[outcome.refusal], count=outcome.unset), show_alert=True)


def _checklist(
    services: Services, session: Session, occurrence_id: int, lang: str
) -> tuple[str, InlineKeyboardMarkup]:
    occ = session.get(Occurrence, occurrence_id, populate_existing=True)
    assert occ is not None  # noqa: S101  # the command just found it
    return render.checklist_message(
        occ=occ,
        answers=duties.answers(session=session, occurrence_id=occurrence_id),
        lang=lang,
        zone=ZoneInfo(services.config.school.timezone),
        secret=duties.secret(session=session),
    )


async def _answered(tap: Tap, occurrence_id: int) -> None:
    await _show_final(tap.services, tap.session, tap.query, occurrence_id, tap.lang)
    await tap.query.answer()  # after the edit, so the person (and a test) sees the final state
    tap.services.owed()  # notices, and the question about a problem


async def _no_photo(tap: Tap, button: Button) -> None:
    reported = problems.finish_item(
        tap.session,
        config=tap.services.config,
        staff_id=tap.staff_id,
        occurrence_id=button.occurrence_id,
        item=button.item,
        by=tap.staff_id,
        now=tap.services.clock.now(),
    )
    if reported is None:
        await tap.query.answer(t(tap.lang, "button_stale"), show_alert=True)
        return
    await tap.query.answer()
    await after_report(
        tap.services, reported, lang=tap.lang, context=tap.context, chat_id=tap.query.from_user.id
    )


async def after_report(
    services: Services,
    reported: problems.Reported,
    *,
    lang: str,
    context: Context,
    chat_id: int,
) -> None:
    """Thank the teacher when nothing more is asked; send the notices (and the next question)."""
    if reported.next_item is None:
        await context.bot.send_message(chat_id, t(lang, "problem_done"))
    await hazards.offer_tracking(
        services,
        context,
        chat_id=chat_id,
        occurrence_id=reported.occurrence_id,
        item=reported.item,
        lang=lang,
    )
    services.owed()


async def _show_final(
    services: Services, session: Session, query: CallbackQuery, occurrence_id: int, lang: str
) -> None:
    """Replace the tapped checklist with its final state (answered or missed), no buttons."""
    occ = session.get(Occurrence, occurrence_id, populate_existing=True)
    if occ is None or occ.state != OccurrenceState.ANSWERED:
        await edit_text(query, t(lang, "already_missed"), None)
        return
    by = services.config.staff_by_id(occ.answered_by or "")
    text = render.answered_message(
        occ=occ,
        answers=duties.answers(session=session, occurrence_id=occurrence_id),
        lang=lang,
        zone=ZoneInfo(services.config.school.timezone),
        by_name=by.name if by else str(occ.answered_by),
    )
    await edit_text(query, text, None)
