"""Button presses on a duty checklist: all clear, toggle an item, submit, no photo, open."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from sqlmodel import Session
from telegram import CallbackQuery, InlineKeyboardMarkup, Update
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


@dataclass
class Press:
    """A verified press of a button on the presser's own occurrence, with what acting needs."""

    services: Services
    session: Session
    query: CallbackQuery
    occ: Occurrence
    lang: str
    context: Context

    @property
    def occurrence_id(self) -> int:
        assert self.occ.id is not None  # noqa: S101  # stored rows have ids
        return self.occ.id

    async def refuse(self, key: str, **values: object) -> None:
        await self.query.answer(t(self.lang, key, **values), show_alert=True)

    def checklist(self) -> tuple[str, InlineKeyboardMarkup]:
        answers = duties.answers(session=self.session, occurrence_id=self.occurrence_id)
        return render.checklist_message(
            occ=self.occ,
            answers=answers,
            lang=self.lang,
            zone=ZoneInfo(self.services.config.school.timezone),
            secret=duties.secret(session=self.session),
        )


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
        press = Press(services, session, query, occ, lang, context)
        if button.action == "no_photo":
            await _no_photo(press, button)
        elif occ.state in ("answered", "missed"):
            await _show_final(press)
            await press.refuse("already_answered" if occ.state == "answered" else "already_missed")
        else:
            await _act(press, button)


async def _act(press: Press, button: Button) -> None:
    occ, session, now = press.occ, press.session, press.services.clock.now()
    if button.action == "open":
        text, markup = press.checklist()
        await press.context.bot.send_message(press.query.from_user.id, text, reply_markup=markup)
        await press.query.answer()
        return
    if button.action == "toggle":
        if not 0 <= button.item < len(occ.checklist):
            await press.refuse("button_stale")
            return
        current = duties.answers(session=session, occurrence_id=press.occurrence_id).get(
            button.item
        )
        duties.set_item(
            session=session,
            occurrence_id=press.occurrence_id,
            item=button.item,
            ok=current is None or not current.ok,  # unset -> OK -> problem -> OK
            now=now,
        )
        session.commit()
        await _edit(press.query, *press.checklist())
        await press.query.answer()
        return
    if button.action == "all_clear":
        for n in range(len(occ.checklist)):
            duties.set_item(
                session=session, occurrence_id=press.occurrence_id, item=n, ok=True, now=now
            )
    elif button.action == "submit":
        marked = duties.answers(session=session, occurrence_id=press.occurrence_id)
        if unset := len(occ.checklist) - len(marked):
            await press.refuse("items_unset", count=unset)
            return
    await _submit(press)


async def _submit(press: Press) -> None:
    """First answer wins: stop the ladder, tell everyone it reached, then ask about problems."""
    services, session, occ = press.services, press.session, press.occ
    now = services.clock.now()
    if not duties.submit(
        session=session,
        occurrence_id=press.occurrence_id,
        by=occ.assignee,
        now=now,
        late=is_late(now, occ.deadline),
    ):
        session.rollback()
        await press.refuse("already_answered")
        return
    duties.cancel_pending(session=session, occurrence_id=press.occurrence_id)
    # Everyone an escalation reached, or is reaching right now (a send in flight counts).
    reached = {
        d.recipient
        for d in duties.deliveries_of(session=session, occurrence_id=press.occurrence_id)
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
    late = " (late)" if occ.late else ""
    log.info("%s answered %s for %s%s", occ.assignee, occ.duty_id, occ.day, late)
    await _show_final(press)
    await press.query.answer()  # after the edit, so the person (and a test) sees the final state
    if item is not None:
        await press.context.bot.send_message(
            press.query.from_user.id, t(press.lang, "problem_ask_note", item=occ.checklist[item])
        )
    await send_due(services, press.context.bot)


async def _no_photo(press: Press, button: Button) -> None:
    waiting = duties.pending_input(session=press.session, staff_id=press.occ.assignee)
    if waiting is None or waiting.occurrence_id != press.occ.id or waiting.item != button.item:
        await press.refuse("button_stale")
        return
    await press.query.answer()
    await finish_problem(
        press.services,
        press.session,
        press.occ,
        button.item,
        lang=press.lang,
        context=press.context,
        chat_id=press.query.from_user.id,
    )


async def finish_problem(
    services: Services,
    session: Session,
    occ: Occurrence,
    item: int,
    *,
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


async def _show_final(press: Press) -> None:
    """Replace the tapped checklist with its final state (answered or missed), no buttons."""
    occ, services = press.occ, press.services
    if occ.state != "answered":
        await _edit(press.query, t(press.lang, "already_missed"), None)
        return
    by = services.config.staff_by_id(occ.answered_by or "")
    text = render.answered_message(
        occ=occ,
        answers=duties.answers(session=press.session, occurrence_id=press.occurrence_id),
        lang=press.lang,
        zone=ZoneInfo(services.config.school.timezone),
        by_name=by.name if by else str(occ.answered_by),
    )
    await _edit(press.query, text, None)


async def _edit(query: CallbackQuery, text: str, markup: InlineKeyboardMarkup | None) -> None:
    try:
        await query.edit_message_text(text, reply_markup=markup)
    except BadRequest as exc:  # the same content again (a double tap) is not an error
        if "not modified" not in str(exc).lower():
            raise
