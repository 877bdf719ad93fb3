"""/status (today so far) for principals, safety officers and admins; /export for the ledger."""

from __future__ import annotations

import asyncio
import re
from datetime import datetime

from telegram import Update

from bot.context import Context
from bot.handlers.access import asker
from bot.sender import send_long
from bot.summary_text import day_summary, render_summary
from safeduty.domain.plan import school_date
from safeduty.ledger import month_xlsx
from safeduty.services import Services
from safeduty.texts import t

STATUS_ROLES = {"principal", "safety_officer", "admin"}
EXPORT_ROLES = {"principal", "admin"}
MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")


async def status(update: Update, context: Context) -> None:
    """Today's summary so far; teachers get a polite refusal."""
    who = await asker(update, context, roles=STATUS_ROLES, refusal="status_refused")
    if who is None:
        return
    services, lang = context.bot_data, who.lang
    now = services.clock.now()
    text = await asyncio.to_thread(status_text, services, lang, now)
    await send_long(context.bot, who.chat_id, text)


def status_text(services: Services, lang: str, now: datetime) -> str:
    """Today so far as /status text; run in a worker thread, with a session of its own
    (a session never crosses threads)."""
    with services.session() as session:
        summary = day_summary(session, school_date(now, services.config), now)
        return render_summary(services, session, summary, lang, status_at=now)


async def export(update: Update, context: Context) -> None:
    """Send a month's ledger (this month by default) as an XLSX document."""
    who = await asker(update, context, roles=EXPORT_ROLES, refusal="export_refused")
    if who is None:
        return
    services, lang, chat_id = context.bot_data, who.lang, who.chat_id
    now = services.clock.now()
    today = school_date(now, services.config)
    arg = context.args[0] if context.args else f"{today:%Y-%m}"
    match = MONTH.match(arg)
    if match is None:
        await context.bot.send_message(chat_id, t(lang, "export_bad_month"))
        return
    year, month = int(match[1]), int(match[2])
    # Built in a worker thread (its own session inside), so the bot keeps answering meanwhile.
    content = await asyncio.to_thread(
        month_xlsx, services.config, services.engine, year, month, now=now
    )
    name = f"safeduty-{year}-{month:02d}.xlsx"
    caption = t(
        lang, "export_caption", school=services.config.school.name, month=f"{year}-{month:02d}"
    )
    await context.bot.send_document(chat_id, content, filename=name, caption=caption)
