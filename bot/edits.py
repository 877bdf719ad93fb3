"""Editing the message a button was on, where failing to edit is fine.

Telegram refuses an edit that changes nothing (a double tap) and an edit of a message that
no longer exists (deleted, or too old). Neither may cost the person their tap: it is still
answered and recorded.
"""

from __future__ import annotations

import logging

from telegram import CallbackQuery, InlineKeyboardMarkup
from telegram.error import BadRequest

log = logging.getLogger("safeduty.bot")
GONE = ("not modified", "not found", "can't be edited", "message to edit")


def _gone(exc: BadRequest) -> bool:
    return any(reason in str(exc).lower() for reason in GONE)


async def edit_text(
    query: CallbackQuery, text: str, markup: InlineKeyboardMarkup | None = None
) -> None:
    """Replace the tapped message's text and buttons, if it can still be edited."""
    try:
        await query.edit_message_text(text, reply_markup=markup)
    except BadRequest as exc:
        if not _gone(exc):
            raise
        log.info("message not edited: %s", exc)


async def drop_buttons(query: CallbackQuery) -> None:
    """Take the buttons off the tapped message, if it still has them."""
    try:
        await query.edit_message_reply_markup(None)
    except BadRequest as exc:
        if not _gone(exc):
            raise
        log.info("buttons not removed: %s", exc)
