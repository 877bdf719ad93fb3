"""/status (today so far) for principals, safety officers and admins; /export for the ledger."""

from __future__ import annotations

import re

from telegram import Update

from bot.handlers.access import current_staff
from bot.sender import send_long
from bot.services import Context
from bot.summary_text import day_summary, render_summary
from safeduty.domain.plan import school_date
from safeduty.ledger import ledger_rows, write_xlsx
from safeduty.texts import t

STATUS_ROLES = {"principal", "safety_officer", "admin"}
EXPORT_ROLES = {"principal", "admin"}
MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")


def _roles(context: Context, staff_id: str | None) -> set[str]:
    person = context.bot_data.config.staff_by_id(staff_id or "")
    return set(person.roles) if person else set()


async def status(update: Update, context: Context) -> None:
    """Today's summary so far; teachers get a polite refusal."""
    chat, staff_id = update.effective_chat, current_staff(update, context)
    if chat is None or staff_id is None:
        return
    services = context.bot_data
    lang = services.language_of(staff_id)
    if not _roles(context, staff_id) & STATUS_ROLES:
        await context.bot.send_message(chat.id, t(lang, "status_refused"))
        return
    now = services.clock.now()
    with services.session() as session:
        summary = day_summary(session, school_date(now, services.config), now)
        text = render_summary(services, session, summary, lang, status_at=now)
    await send_long(context.bot, chat.id, text)


async def export(update: Update, context: Context) -> None:
    """Send a month's ledger (this month by default) as an XLSX document."""
    chat, staff_id = update.effective_chat, current_staff(update, context)
    if chat is None or staff_id is None:
        return
    services = context.bot_data
    lang = services.language_of(staff_id)
    if not _roles(context, staff_id) & EXPORT_ROLES:
        await context.bot.send_message(chat.id, t(lang, "export_refused"))
        return
    now = services.clock.now()
    today = school_date(now, services.config)
    arg = context.args[0] if context.args else f"{today:%Y-%m}"
    match = MONTH.match(arg)
    if match is None:
        await context.bot.send_message(chat.id, t(lang, "export_bad_month"))
        return
    year, month = int(match[1]), int(match[2])
    with services.session() as session:
        rows = ledger_rows(services.config, session, year, month, now)
    content = write_xlsx(rows, services.config)
    name = f"safeduty-{year}-{month:02d}.xlsx"
    caption = t(
        lang, "export_caption", school=services.config.school.name, month=f"{year}-{month:02d}"
    )
    await context.bot.send_document(chat.id, content, filename=name, caption=caption)
