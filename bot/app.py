"""The application factory: nothing runs at import; tests pass their own clock and database."""

from __future__ import annotations

import logging
from zoneinfo import ZoneInfo

from telegram import BotCommand, Update
from telegram.ext import (
    AIORateLimiter,
    Application,
    ApplicationBuilder,
    CommandHandler,
    ContextTypes,
    Defaults,
    MessageHandler,
    TypeHandler,
    filters,
)

from bot.handlers import access, errors, help, start
from bot.services import Services, bound_type
from bot.texts import t

log = logging.getLogger("safeduty.bot")
MENU = ("today", "help")
TELEGRAM_LANGUAGES = {"zh-CN": "zh", "en": "en"}


def build_application(services: Services, *, token: str, api_root: str) -> Application:  # type: ignore[type-arg]  # PTB generics
    """Build the bot for one school: handlers, rate limiter, typed services, API root."""
    application = (
        ApplicationBuilder()
        .token(token)
        .base_url(f"{api_root}/bot")
        .base_file_url(f"{api_root}/file/bot")
        .rate_limiter(AIORateLimiter(max_retries=3))
        .defaults(Defaults(tzinfo=ZoneInfo(services.config.school.timezone)))
        .context_types(ContextTypes(bot_data=bound_type(services)))
        .post_init(_register_commands)
        .build()
    )
    application.add_handler(TypeHandler(Update, access.gate), group=-1)
    application.add_handler(CommandHandler("start", start.start))
    application.add_handler(CommandHandler("help", help.help_command))
    application.add_handler(MessageHandler(filters.ALL, help.unknown))  # keep last
    application.add_error_handler(errors.on_error)
    return application


async def _register_commands(application: Application) -> None:  # type: ignore[type-arg]  # PTB generics
    """Show the command menu in both languages; the school's language is the default."""
    services: Services = application.bot_data
    default = services.config.school.language
    await application.bot.set_my_commands(_menu(default))
    for language, code in TELEGRAM_LANGUAGES.items():
        await application.bot.set_my_commands(_menu(language), language_code=code)
    log.info("command menu registered")


def _menu(language: str) -> list[BotCommand]:
    return [BotCommand(name, t(language, f"cmd_{name}")) for name in MENU]
