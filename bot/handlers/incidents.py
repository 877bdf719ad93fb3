"""/incident, the 🚨 button, /incidents, and the taps and messages that follow a report.

Parse, call a command, render: who may acknowledge, tick or close is the commands' call.
Everything owed to other people (the responders, the reporter) goes out as deliveries,
sent at once after the command; only the person acting is answered directly.
"""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

from telegram import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message, Update

from bot import incident_render
from bot.context import Context
from bot.edits import edit_text
from bot.handlers.access import asker
from bot.incident_buttons import INCIDENT, Tap, encode
from bot.render import hhmm, local_date
from safeduty.commands import incident_close, incident_input, incidents
from safeduty.commands.incidents import Done
from safeduty.domain.incidents import IncidentInputStep
from safeduty.domain.states import Refusal
from safeduty.services import Services
from safeduty.storage import duties
from safeduty.storage import incidents as incident_reads
from safeduty.texts import t

RECENT = timedelta(days=7)
LISTED = 30  # newest first; more would crowd one message
REFUSALS = {
    Refusal.STALE: "button_stale",
    Refusal.NOT_YOURS: "incident_not_yours",
    Refusal.CLOSED: "incident_closed_refusal",
    Refusal.NOT_ALLOWED: "incident_close_refused",
}


async def incident_command(update: Update, context: Context) -> None:
    """/incident (or the 🚨 button): the types as buttons; one tap sends the report."""
    who = await asker(update, context)
    if who is None:
        return
    services = context.bot_data
    with services.session() as session:
        secret = duties.secret(session=session)
    text, markup = incident_render.picker(services.config, who.lang, secret)
    await context.bot.send_message(who.chat_id, text, reply_markup=markup)


async def incidents_list(update: Update, context: Context) -> None:
    """/incidents: open ones and those of the last week (a teacher sees their own)."""
    who = await asker(update, context)
    if who is None:
        return
    services, lang = context.bot_data, who.lang
    zone = ZoneInfo(services.config.school.timezone)
    now = services.clock.now()
    with services.session() as session:
        found = incidents.listed_for(
            session, config=services.config, staff_id=who.staff_id, since=now - RECENT
        )[:LISTED]
        secret = duties.secret(session=session)
    if not found:
        await context.bot.send_message(who.chat_id, t(lang, "incidents_none"))
        return
    lines, rows = [t(lang, "incidents_title")], []
    for incident in found:
        local = incident.reported_at.astimezone(zone)
        kind = incident_render.kind_of(incident, lang)
        lines.append(
            t(
                lang,
                "incidents_line",
                id=incident.id,
                date=local_date(local.date(), lang),
                time=hhmm(incident.reported_at, zone),
                kind=kind,
                reporter=incident_render.name_of(services.config, incident.reporter),
                state=t(lang, f"incident_state_{incident.state}"),
            )
        )
        label = t(lang, "btn_view", id=incident.id, kind=kind)[:40]
        rows.append(
            [InlineKeyboardButton(label, callback_data=encode(secret, INCIDENT, "v", incident.id))]
        )
    await context.bot.send_message(
        who.chat_id, "\n".join(lines), reply_markup=InlineKeyboardMarkup(rows)
    )


async def on_tap(update: Update, context: Context, tap: Tap, staff_id: str) -> None:
    """A verified incident button: report, acknowledge, tick, close, or open one."""
    query = update.callback_query
    assert query is not None  # noqa: S101  # routed here for callback queries only
    services, now = context.bot_data, context.bot_data.clock.now()
    lang = services.language_of(staff_id)
    with services.session() as session:
        if tap.action == "report":
            done = incidents.report(
                session, config=services.config, reporter=staff_id, kind=tap.target, now=now
            )
        elif tap.action == "ack":
            done = incidents.acknowledge(session, incident_id=tap.number, by=staff_id, now=now)
        elif tap.action == "tick":
            done = incidents.tick_item(
                session,
                config=services.config,
                incident_id=tap.number,
                item=tap.item,
                by=staff_id,
                now=now,
            )
        elif tap.action == "close":
            done = incident_close.ask_outcome(
                session, config=services.config, incident_id=tap.number, by=staff_id, now=now
            )
        else:
            done = Done(None, tap.number)
    if done.incident_id is None or done.refusal == Refusal.STALE:
        await query.answer(t(lang, "button_stale"), show_alert=True)
        return
    if tap.action == "view":
        await _send_view(
            services, context, query, incident_id=done.incident_id, staff_id=staff_id, lang=lang
        )
        return
    await _show(
        services,
        query,
        incident_id=done.incident_id,
        staff_id=staff_id,
        lang=lang,
        sent=tap.action == "report",
    )
    if tap.action == "close" and done.ok:
        await context.bot.send_message(query.from_user.id, t(lang, "incident_ask_outcome"))
    if done.refusal is not None:
        await query.answer(t(lang, REFUSALS[done.refusal]), show_alert=True)
    elif not done.changed:
        key = "incident_already_acked" if tap.action == "ack" else "incident_step_already"
        await query.answer(t(lang, key))
    else:
        await query.answer()
    services.owed()  # to the responders and the reporter, at once


async def _show(
    services: Services,
    query: CallbackQuery,
    *,
    incident_id: int,
    staff_id: str,
    lang: str,
    sent: bool,
) -> None:
    """Replace the tapped message with the incident as it stands, for this person."""
    with services.session() as session:
        incident = incident_reads.get(session=session, incident_id=incident_id)
        if incident is None:
            return
        head: tuple[str, ...] = ()
        if sent:
            names = [
                incident_render.name_of(services.config, r.staff_id)
                for r in incident_reads.responders(session=session, incident_id=incident_id)
            ]
            zone = ZoneInfo(services.config.school.timezone)
            head = (
                t(
                    lang,
                    "incident_sent",
                    time=hhmm(incident.reported_at, zone),
                    names=t(lang, "list_sep").join(names),
                ),
                "",
            )
        text, markup = incident_render.view(
            services.config,
            session,
            incident,
            lang=lang,
            viewer=staff_id,
            secret=duties.secret(session=session),
            head=head,
        )
    await edit_text(query, text, markup)


async def _send_view(
    services: Services,
    context: Context,
    query: CallbackQuery,
    *,
    incident_id: int,
    staff_id: str,
    lang: str,
) -> None:
    with services.session() as session:
        incident = incident_reads.get(session=session, incident_id=incident_id)
        if incident is None or not incidents.may_see(
            session, config=services.config, incident=incident, staff_id=staff_id
        ):
            await query.answer(t(lang, "button_stale"), show_alert=True)
            return
        text, markup = incident_render.view(
            services.config,
            session,
            incident,
            lang=lang,
            viewer=staff_id,
            secret=duties.secret(session=session),
        )
    await context.bot.send_message(query.from_user.id, text, reply_markup=markup)
    await query.answer()


async def on_text(context: Context, message: Message, staff_id: str) -> bool:
    """A description of the incident just reported, or the outcome that closes one."""
    services = context.bot_data
    lang = services.language_of(staff_id)
    with services.session() as session:
        waiting = incident_input.waiting_for(session, staff_id=staff_id)
        done = incident_input.add_text(
            session,
            config=services.config,
            staff_id=staff_id,
            text=message.text or "",
            now=services.clock.now(),
        )
    if waiting is None or done is None:
        return False
    if done.refusal is not None:
        await message.reply_text(t(lang, REFUSALS[done.refusal]))
    elif waiting.step == IncidentInputStep.OUTCOME:
        await message.reply_text(t(lang, "incident_closed_done", id=done.incident_id))
    else:
        await message.reply_text(t(lang, "incident_detail_kept"))
    services.owed()
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
    """A photo of the incident just reported: kept, and passed on to the responders."""
    services = context.bot_data
    with services.session() as session:
        done = incident_input.add_photo(
            session,
            staff_id=staff_id,
            file_id=file_id,
            path=path,
            sha256=sha256,
            caption=message.caption,
            now=services.clock.now(),
        )
    if done is None:
        return False
    lang = services.language_of(staff_id)
    key = "incident_detail_kept" if done.ok else REFUSALS[done.refusal or Refusal.CLOSED]
    await message.reply_text(t(lang, key))
    services.owed()
    return True
