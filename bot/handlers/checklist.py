"""Button presses on a duty checklist: all clear, toggle an item, submit, no photo, open."""

from __future__ import annotations

import logging
from zoneinfo import ZoneInfo

from sqlmodel import Session
from telegram import CallbackQuery, Update
from telegram.error import BadRequest

from bot import problems, render
from bot.callbacks import Button, decode
from bot.handlers.access import current_staff
from bot.sender import send_due
from bot.services import Context, Services
from safeduty.domain.escalation import is_late
from safeduty.storage import duties
from safeduty.storage.tables import Delivery, Occurrence
from safeduty.texts import t

log = logging.getLogger("safeduty.bot")


async def on_button(update: Update, context: Context) -> None:
    """Verify the button, check it is the presser's open duty, then act on it."""
    query = update.callback_query
    if query is None:
        return
    services = context.bot_data
    staff_id = current_staff(update, context)
    lang = services.language_of(staff_id)
    with services.session() as session:
        button = decode(duties.secret(session=session), query.data)
        occ = session.get(Occurrence, button.occurrence_id) if button else None
        if button is None or occ is None:
            await query.answer(t(lang, "button_stale"), show_alert=True)
            return
        if occ.assignee != staff_id:
            await query.answer(t(lang, "not_yours"), show_alert=True)
            return
        if button.action == "no_photo":
            await _no_photo(services, session, query, occ, button, lang, context)
            return
        if occ.state in ("answered", "missed"):
            key = "already_answered" if occ.state == "answered" else "already_missed"
            await _show_final(services, session, query, occ, lang)
            await query.answer(t(lang, key), show_alert=True)
            return
        await _act(services, session, query, occ, button, lang, context)


async def _act(
    services: Services,
    session: Session,
    query: CallbackQuery,
    occ: Occurrence,
    button: Button,
    lang: str,
    context: Context,
) -> None:
    assert occ.id is not None  # noqa: S101  # stored rows have ids
    now = services.clock.now()
    zone = ZoneInfo(services.config.school.timezone)
    secret = duties.secret(session=session)
    if button.action == "open":
        answers = duties.answers(session=session, occurrence_id=occ.id)
        text, markup = render.checklist_message(
            occ=occ, answers=answers, lang=lang, zone=zone, secret=secret
        )
        await context.bot.send_message(query.from_user.id, text, reply_markup=markup)
        await query.answer()
        return
    if button.action == "toggle":
        if not 0 <= button.item < len(occ.checklist):
            await query.answer(t(lang, "button_stale"), show_alert=True)
            return
        current = duties.answers(session=session, occurrence_id=occ.id).get(button.item)
        duties.set_item(
            session=session,
            occurrence_id=occ.id,
            item=button.item,
            ok=current is None or not current.ok,
            now=now,
        )
        session.commit()
        answers = duties.answers(session=session, occurrence_id=occ.id)
        text, markup = render.checklist_message(
            occ=occ, answers=answers, lang=lang, zone=zone, secret=secret
        )
        await _edit(query, text, markup)
        await query.answer()
        return
    if button.action == "all_clear":
        for n in range(len(occ.checklist)):
            duties.set_item(session=session, occurrence_id=occ.id, item=n, ok=True, now=now)
    elif button.action == "submit":
        unset = len(occ.checklist) - len(duties.answers(session=session, occurrence_id=occ.id))
        if unset:
            await query.answer(t(lang, "items_unset", count=unset), show_alert=True)
            return
    await _submit(services, session, query, occ, lang, context)


async def _submit(
    services: Services,
    session: Session,
    query: CallbackQuery,
    occ: Occurrence,
    lang: str,
    context: Context,
) -> None:
    """First answer wins: stop the ladder, tell everyone it reached, then ask about problems."""
    assert occ.id is not None  # noqa: S101  # stored rows have ids
    now = services.clock.now()
    if not duties.submit(
        session=session,
        occurrence_id=occ.id,
        by=occ.assignee,
        now=now,
        late=is_late(now, occ.deadline),
    ):
        session.rollback()
        await query.answer(t(lang, "already_answered"), show_alert=True)
        return
    duties.cancel_pending(session=session, occurrence_id=occ.id)
    # Everyone an escalation reached, or is reaching right now (a send in flight counts).
    reached = {
        d.recipient
        for d in duties.deliveries_of(session=session, occurrence_id=occ.id)
        if d.kind == "escalation"
        and d.status in ("sent", "sending")
        and d.recipient != occ.assignee
    }
    for who in sorted(reached):
        duties.owe(
            session=session,
            delivery=Delivery(
                key=f"o{occ.id}:resolved:{who}",
                occurrence_id=occ.id,
                kind="resolved",
                recipient=who,
                due_at=now,
            ),
        )
    item = problems.await_next(services, session, occ)
    session.commit()
    session.refresh(occ)
    log.info(
        "%s answered %s for %s%s", occ.assignee, occ.duty_id, occ.day, " (late)" if occ.late else ""
    )
    await _show_final(services, session, query, occ, lang)
    await query.answer()  # after the edit, so the person (and a test) sees the final state
    if item is not None:
        await context.bot.send_message(
            query.from_user.id, t(lang, "problem_ask_note", item=occ.checklist[item])
        )
    await send_due(services, context.bot)


async def _no_photo(
    services: Services,
    session: Session,
    query: CallbackQuery,
    occ: Occurrence,
    button: Button,
    lang: str,
    context: Context,
) -> None:
    waiting = duties.pending_input(session=session, staff_id=occ.assignee)
    if waiting is None or waiting.occurrence_id != occ.id or waiting.item != button.item:
        await query.answer(t(lang, "button_stale"), show_alert=True)
        return
    await query.answer()
    await finish_problem(services, session, occ, button.item, lang, context, query.from_user.id)


async def finish_problem(
    services: Services,
    session: Session,
    occ: Occurrence,
    item: int,
    lang: str,
    context: Context,
    chat_id: int,
) -> None:
    """Report the item; ask about the next problem item or thank the teacher."""
    following = problems.finish_item(services, session, occ.id or 0, item)
    session.commit()
    if following is None:
        await context.bot.send_message(chat_id, t(lang, "problem_done"))
    else:
        await context.bot.send_message(
            chat_id, t(lang, "problem_ask_note", item=occ.checklist[following])
        )
    await send_due(services, context.bot)


async def _show_final(
    services: Services, session: Session, query: CallbackQuery, occ: Occurrence, lang: str
) -> None:
    """Replace the tapped checklist with its final state (answered or missed), no buttons."""
    zone = ZoneInfo(services.config.school.timezone)
    if occ.state != "answered":
        await _edit(query, t(lang, "already_missed"), None)
        return
    by = services.config.staff_by_id(occ.answered_by or "")
    answers = duties.answers(session=session, occurrence_id=occ.id or 0)
    text = render.answered_message(
        occ=occ,
        answers=answers,
        lang=lang,
        zone=zone,
        by_name=by.name if by else str(occ.answered_by),
    )
    await _edit(query, text, None)


async def _edit(query: CallbackQuery, text: str, markup: object) -> None:
    try:
        await query.edit_message_text(text, reply_markup=markup)  # type: ignore[arg-type]
    except BadRequest as exc:  # the same content again (a double tap) is not an error
        if "not modified" not in str(exc).lower():
            raise
