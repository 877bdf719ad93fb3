"""/visitor and /slip at the gate, the lines that answer them, the slip's photo, and the
buttons on a visitor's card (left / still inside) and on the week's usual visitors.

Parse, call a command, render; whether the person is on gate duty now is the commands'
call (a refusal), never decided here.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update

from bot.context import Context
from bot.edits import edit_text
from bot.handlers.access import asker
from bot.incident_buttons import GATE, Tap, encode
from bot.incident_render import visitor_card
from bot.render import LABEL_CHARS, hhmm
from safeduty.commands import leave_slips, visits
from safeduty.commands.visits import GateDone
from safeduty.domain.plan import school_date
from safeduty.domain.states import Refusal
from safeduty.domain.visits import GateStep, parse_leave, parse_visitor
from safeduty.services import Services
from safeduty.storage import duties
from safeduty.storage import visits as visit_reads
from safeduty.texts import t

REFUSALS = {
    Refusal.STALE: "button_stale",
    Refusal.OFF_DUTY: "gate_off_duty",
    Refusal.NOT_ALLOWED: "visit_not_allowed",
    Refusal.CLOSED: "visit_closed",
}


async def visitor_command(update: Update, context: Context) -> None:
    """/visitor NAME, ORG, PURPOSE, HOST records at once; /visitor alone asks for the line."""
    await _command(update, context, GateStep.VISITOR)


async def leave_command(update: Update, context: Context) -> None:
    """/slip PUPIL, CLASS, TEACHER records at once; /slip alone asks for the line."""
    await _command(update, context, GateStep.LEAVE)


async def _command(update: Update, context: Context, step: GateStep) -> None:
    who = await asker(update, context)
    message = update.effective_message
    if who is None or message is None:
        return
    services, lang = context.bot_data, who.lang
    if services.config.gate.duty is None:
        await message.reply_text(t(lang, "gate_not_configured"))
        return
    line = " ".join(context.args or [])
    if line.strip():
        await _record(services, message, staff_id=who.staff_id, step=step, line=line)
        return
    now = services.clock.now()
    with services.session() as session:
        done = visits.await_line(
            session, config=services.config, staff_id=who.staff_id, step=step, now=now
        )
        usual = (
            visits.usual(session, config=services.config, day=school_date(now, services.config))
            if step == GateStep.VISITOR
            else []
        )
        secret = duties.secret(session=session)
    if done.refusal is not None:
        await message.reply_text(t(lang, REFUSALS[done.refusal]))
        return
    if step == GateStep.LEAVE:
        await message.reply_text(t(lang, "leave_ask"))
        return
    text, markup = t(lang, "visitor_ask"), None
    if usual:
        text += "\n\n" + t(lang, "visitor_usual")
        rows = [
            [
                InlineKeyboardButton(
                    " · ".join(p for p in (u.visitor.name, u.visitor.organisation) if p)[
                        :LABEL_CHARS
                    ],
                    callback_data=encode(secret, GATE, "u", u.visit_id),
                )
            ]
            for u in usual
        ]
        markup = InlineKeyboardMarkup(rows)
    await message.reply_text(text, reply_markup=markup)


async def _record(
    services: Services, message: Message, *, staff_id: str, step: GateStep, line: str
) -> None:
    lang, now = services.language_of(staff_id), services.clock.now()
    if step == GateStep.VISITOR:
        visitor = parse_visitor(line)
        if visitor is None:
            await message.reply_text(t(lang, "visitor_bad"))
            return
        with services.session() as session:
            done = visits.check_in(
                session, config=services.config, staff_id=staff_id, visitor=visitor, now=now
            )
        await _reply_card(services, message, done, lang)
        return
    slip_line = parse_leave(line)
    if slip_line is None:
        await message.reply_text(t(lang, "leave_bad"))
        return
    with services.session() as session:
        done = leave_slips.record_leave(
            session, config=services.config, staff_id=staff_id, line=slip_line, now=now
        )
        secret = duties.secret(session=session)
    if done.refusal is not None or done.row_id is None:
        await message.reply_text(t(lang, REFUSALS[done.refusal or Refusal.STALE]))
        return
    dash = "—"
    text = t(
        lang,
        "slip_recorded",
        pupil=slip_line.pupil,
        class_name=slip_line.class_name or dash,
        signed_by=slip_line.signed_by or dash,
        time=hhmm(now, ZoneInfo(services.config.school.timezone)),
    )
    button = InlineKeyboardButton(
        t(lang, "btn_no_photo"), callback_data=encode(secret, GATE, "n", done.row_id)
    )
    await message.reply_text(text, reply_markup=InlineKeyboardMarkup([[button]]))


async def _reply_card(services: Services, message: Message, done: GateDone, lang: str) -> None:
    if done.refusal is not None or done.row_id is None:
        await message.reply_text(t(lang, REFUSALS[done.refusal or Refusal.STALE]))
        return
    with services.session() as session:
        visit = visit_reads.get(session=session, visit_id=done.row_id)
        assert visit is not None  # noqa: S101  # the command just recorded it
        text, markup = visitor_card(
            services.config, visit, lang=lang, secret=duties.secret(session=session)
        )
    await message.reply_text(text, reply_markup=markup)


async def on_text(context: Context, message: Message, staff_id: str) -> bool:
    """The line /visitor or /slip asked for; False when no such line is awaited."""
    services = context.bot_data
    with services.session() as session:
        waiting = visit_reads.current_input(session=session, staff_id=staff_id)
    if waiting is None or waiting.step not in (GateStep.VISITOR, GateStep.LEAVE):
        return False
    step = GateStep(waiting.step)
    await _record(services, message, staff_id=staff_id, step=step, line=message.text or "")
    return True


async def on_photo(
    context: Context,
    message: Message,
    staff_id: str,
    *,
    file_id: str,
    path: str | None,
    sha256: str | None,
) -> bool:
    """The photo of the leave slip just recorded; False when none is awaited."""
    services = context.bot_data
    with services.session() as session:
        done = leave_slips.add_slip_photo(
            session,
            staff_id=staff_id,
            file_id=file_id,
            path=path,
            sha256=sha256,
            now=services.clock.now(),
        )
        slip = (
            visit_reads.slip(session=session, slip_id=done.row_id) if done and done.row_id else None
        )
    if done is None or slip is None:
        return False
    lang = services.language_of(staff_id)
    await message.reply_text(t(lang, "leave_photo_kept", pupil=slip.pupil))
    return True


async def on_tap(update: Update, context: Context, tap: Tap, staff_id: str) -> None:
    """A verified gate button: a usual visitor in, a visitor out or still inside, no photo."""
    query = update.callback_query
    assert query is not None  # noqa: S101  # routed here for callback queries only
    services, now = context.bot_data, context.bot_data.clock.now()
    lang = services.language_of(staff_id)
    config = services.config
    with services.session() as session:
        if tap.action == "usual":
            done = visits.check_in_again(
                session, config=config, staff_id=staff_id, visit_id=tap.number, now=now
            )
        elif tap.action == "out":
            done = visits.check_out(
                session, config=config, visit_id=tap.number, by=staff_id, now=now
            )
        elif tap.action == "still_inside":
            done = visits.confirm_inside(
                session, config=config, visit_id=tap.number, by=staff_id, now=now
            )
        else:
            done = leave_slips.skip_slip_photo(
                session, staff_id=staff_id, slip_id=tap.number, now=now
            )
        secret = duties.secret(session=session)
        visit = (
            visit_reads.get(session=session, visit_id=done.row_id)
            if done.row_id and tap.action != "no_photo"
            else None
        )
        slip = (
            visit_reads.slip(session=session, slip_id=tap.number)
            if tap.action == "no_photo"
            else None
        )
    if tap.action == "no_photo" and done.ok and slip is not None:
        await edit_text(query, t(lang, "leave_no_photo", pupil=slip.pupil), None)
    elif tap.action == "usual" and visit is not None and query.message is not None:
        text, markup = visitor_card(config, visit, lang=lang, secret=secret)
        await context.bot.send_message(query.from_user.id, text, reply_markup=markup)
    elif visit is not None and tap.action != "usual":
        text, markup = visitor_card(config, visit, lang=lang, secret=secret)
        await edit_text(query, text, markup)
    if done.refusal is not None:
        await query.answer(t(lang, REFUSALS[done.refusal]), show_alert=True)
    else:
        await query.answer()
    services.owed()
