"""/reload for admins: the same checks as ``safeduty check-config``, sent back on failure."""

from __future__ import annotations

from telegram import Update

from bot.handlers.access import current_staff
from bot.reload import reload_config
from bot.services import Context
from safeduty.config.summary import one_line
from safeduty.texts import t


async def reload(update: Update, context: Context) -> None:
    """Reload the config if the sender is an admin."""
    chat, staff_id = update.effective_chat, current_staff(update, context)
    if chat is None or staff_id is None:
        return
    services = context.bot_data
    lang = services.language_of(staff_id)
    person = services.config.staff_by_id(staff_id)
    if person is None or "admin" not in person.roles:
        await context.bot.send_message(chat.id, t(lang, "admin_only"))
        return
    problems = reload_config(services)
    if problems:
        text = t(lang, "reload_failed", problems="\n".join(problems))
    else:
        text = t(lang, "reload_ok", summary=one_line(services.config))
    await context.bot.send_message(chat.id, text[:4096])
