"""The application factory: nothing runs at import; tests pass their own clock and database."""

from __future__ import annotations

import logging
from typing import Any
from zoneinfo import ZoneInfo

from telegram import BotCommand, Update
from telegram.ext import (
    AIORateLimiter,
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    Defaults,
    MessageHandler,
    TypeHandler,
    filters,
)

from bot.handlers import access, admin, checklist, errors, help, problem, reports, start, today
from bot.services import Services, bound_type
from safeduty.storage import duties
from safeduty.storage.reports import record_start
from safeduty.texts import t

log = logging.getLogger("safeduty.bot")
MENU = ("today", "status", "help")
TELEGRAM_LANGUAGES = {"zh-CN": "zh", "en": "en"}
App = Application[Any, Any, Any, Any, Any, Any]


def build_application(
    services: Services, *, token: str, api_root: str, jobs: bool = True, tick_every: float = 20.0
) -> App:
    """Build the bot for one school: handlers, rate limiter, typed services, API root.

    ``jobs=False`` leaves the tick unscheduled so a test can call it on its fake clock.
    """
    application = (
        ApplicationBuilder()
        .token(token)
        .base_url(f"{api_root}/bot")
        .base_file_url(f"{api_root}/file/bot")
        .rate_limiter(AIORateLimiter(max_retries=3))
        .defaults(Defaults(tzinfo=ZoneInfo(services.config.school.timezone)))
        .context_types(ContextTypes(bot_data=bound_type(services)))
        .post_init(on_start)
        .build()
    )
    application.add_handler(TypeHandler(Update, access.gate), group=-1)
    application.add_handler(CommandHandler("start", start.start))
    application.add_handler(CommandHandler("help", help.help_command))
    application.add_handler(CommandHandler("today", today.today))
    application.add_handler(CommandHandler("reload", admin.reload))
    application.add_handler(CommandHandler("status", reports.status))
    application.add_handler(CommandHandler("export", reports.export))
    application.add_handler(CallbackQueryHandler(checklist.on_button))
    application.add_handler(MessageHandler(filters.PHOTO, problem.on_photo))
    application.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, problem.on_text))
    application.add_handler(MessageHandler(filters.ALL, help.unknown))  # keep last
    application.add_error_handler(errors.on_error)
    if jobs:
        from jobs.schedule import schedule

        schedule(application, services, every=tick_every)
    return application


async def on_start(application: App) -> None:
    """Before polling: settle interrupted sends, then show the command menu in both languages."""
    services: Services = application.bot_data
    with services.session() as session:
        interrupted = duties.interrupt_stale_sends(session=session)
        record_start(session=session, now=services.clock.now())
    if interrupted:
        log.warning(
            "%d message(s) were being sent when the process stopped; not resent", interrupted
        )
    default = services.config.school.language
    await application.bot.set_my_commands(_menu(default))
    for language, code in TELEGRAM_LANGUAGES.items():
        await application.bot.set_my_commands(_menu(language), language_code=code)
    log.info("command menu registered")


def _menu(language: str) -> list[BotCommand]:
    return [BotCommand(name, t(language, f"cmd_{name}")) for name in MENU]
