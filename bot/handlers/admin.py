"""/reload for admins: the same checks as ``safeduty check-config``, sent back on failure."""

from __future__ import annotations

from telegram import Update

from bot.context import Context
from bot.handlers.access import asker
from safeduty.config.summary import one_line
from safeduty.reload import reload_config
from safeduty.texts import t


async def reload(update: Update, context: Context) -> None:
    """Reload the config if the sender is an admin."""
    who = await asker(update, context, roles={"admin"}, refusal="admin_only")
    if who is None:
        return
    services, lang = context.bot_data, who.lang
    problems = reload_config(services)
    if problems:
        text = t(lang, "reload_failed", problems="\n".join(problems))
    else:
        text = t(lang, "reload_ok", summary=one_line(services.config))
    await context.bot.send_message(who.chat_id, text[:4096])
