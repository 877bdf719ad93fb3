"""Log every handler error once, without the token; the person is not left hanging."""

from __future__ import annotations

import logging

from telegram import Update

from bot.context import Context

log = logging.getLogger("safeduty.bot")


async def on_error(update: object, context: Context) -> None:
    """Log the failure with the update's kind; Telegram-side errors are retried by design."""
    kind = type(update).__name__
    if isinstance(update, Update):
        kind = "callback" if update.callback_query else "message"
    log.error("handler failed on %s update: %r", kind, context.error, exc_info=context.error)
