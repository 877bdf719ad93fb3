"""Every handler error: logged once (no token), the person told at once, the admins told.

The admins hear at most once per kind of error per hour (the alert's key carries the
hour), through an owed message like any other, so a restart does not repeat it.
"""

from __future__ import annotations

import logging

from telegram import Update
from telegram.error import TelegramError

from bot.context import Context
from safeduty.commands.deliveries import alert_admins
from safeduty.texts import t

log = logging.getLogger("safeduty.bot")


async def on_error(update: object, context: Context) -> None:
    """Log the failure, answer the person who was waiting, and tell the admins."""
    kind = type(update).__name__
    if isinstance(update, Update):
        kind = "callback" if update.callback_query else "message"
    log.error("handler failed on %s update: %r", kind, context.error, exc_info=context.error)
    if isinstance(update, Update):
        await _tell_the_person(update, context)
    services = context.bot_data
    error = context.error
    name = type(error).__name__ if error is not None else "Error"
    now = services.clock.now()
    try:
        with services.session() as session:
            alert_admins(
                session,
                config=services.config,
                key=f"error:{name}:{now:%Y%m%d%H}",
                detail=f"{name} ({kind}): {error}"[:300],
                now=now,
            )
        services.owed()
    except Exception:  # the database may be what failed; the log has it either way
        log.exception("could not tell the admins about the error")


async def _tell_the_person(update: Update, context: Context) -> None:
    """Whoever tapped or wrote learns at once that it may not have been recorded."""
    staff_lang = context.bot_data.config.school.language
    text = t(staff_lang, "not_recorded")
    try:
        if update.callback_query is not None:
            await update.callback_query.answer(text, show_alert=True)
        elif update.effective_chat is not None and update.effective_message is not None:
            await context.bot.send_message(update.effective_chat.id, text)
    except TelegramError as exc:  # already answered, or Telegram is what failed
        log.warning("could not tell the person about the error: %s", exc)
