"""/help and the answer to anything the bot does not understand."""

from __future__ import annotations

from telegram import Update

from bot.context import Context
from bot.handlers.access import current_staff
from bot.incident_render import keyboard
from safeduty.texts import t


async def help_command(update: Update, context: Context) -> None:
    """Explain the commands in the person's language."""
    if update.effective_chat is None:
        return
    staff_id = current_staff(update, context)
    lang = context.bot_data.language_of(staff_id)
    text = f"{t(lang, 'help')}\n{t(lang, 'help_hazards')}\n{t(lang, 'help_incidents')}"
    markup = keyboard(lang) if staff_id else None  # the 🚨 button, for the linked
    await context.bot.send_message(update.effective_chat.id, text, reply_markup=markup)


async def unknown(update: Update, context: Context) -> None:
    """Point a linked person at /help instead of staying silent."""
    if update.effective_chat is None:
        return
    lang = context.bot_data.language_of(current_staff(update, context))
    await context.bot.send_message(update.effective_chat.id, t(lang, "unknown_command"))
