"""The application factory: nothing runs at import; tests pass their own clock and database."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any
from zoneinfo import ZoneInfo

from telegram import BotCommand, Update
from telegram.ext import (
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

from bot import cover_buttons
from bot.callbacks import LINK
from bot.context import bound_type
from bot.dispatch import POLL, Dispatcher
from bot.handlers import (
    access,
    admin,
    checklist,
    errors,
    hazard_taps,
    hazards,
    help,
    incident_routes,
    leave,
    reports,
    start,
    swap,
    today,
    week,
)
from bot.handlers import cover as cover_handlers
from bot.handlers import gate as gate_handlers
from bot.handlers import incidents as incident_handlers
from bot.hazard_buttons import PATTERN as HAZARD_BUTTONS
from bot.incident_buttons import PATTERN as INCIDENT_BUTTONS
from bot.pace import CHAT_GAP, OVERALL_PER_SECOND, ChatGaps, Pace
from bot.patience import patient
from bot.updates import ConfirmAfterHandled, InOrderPerChat
from safeduty.commands import deliveries
from safeduty.commands.process import config_loaded, process_started
from safeduty.services import Services
from safeduty.texts import t

log = logging.getLogger("safeduty.bot")
MENU = ("today", "week", "incident", "hazard", "hazards", "leave", "swap", "status", "help")
TELEGRAM_LANGUAGES = {"zh-CN": "zh", "en": "en"}
App = Application[Any, Any, Any, Any, Any, Any]
TELEGRAM_TIMEOUT = 15.0  # seconds; PTB's default of 5 takes a busy Telegram for a lost one


def build_application(
    services: Services,
    *,
    token: str,
    api_root: str,
    jobs: bool = True,
    tick_every: float = 20.0,
    timeout: float = TELEGRAM_TIMEOUT,
    rate: float = OVERALL_PER_SECOND,
    chat_gap: float = CHAT_GAP,
    sender_poll: float | None = POLL,
) -> App:
    """Build the bot for one school: handlers, rate limiter, sender, typed services, API root.

    ``jobs=False`` leaves the tick unscheduled so a test can call it on its fake clock.
    ``timeout`` is how long a request waits for Telegram's answer: a slow answer taken for
    a lost one would be sent again (marked as a possible repeat), so it is generous.
    ``rate`` is the overall messages per second Telegram allows this bot (the sender keeps
    a margin under it); ``chat_gap`` the seconds between two messages to one chat;
    ``sender_poll`` how often the sender looks unasked (None: only when woken).
    """
    updates: asyncio.Queue[object] = asyncio.Queue()
    application = (
        ApplicationBuilder()
        .token(token)
        .base_url(f"{api_root}/bot")
        .base_file_url(f"{api_root}/file/bot")
        .rate_limiter(Pace(rate=rate, gaps=ChatGaps(chat_gap)))
        .read_timeout(timeout)
        .write_timeout(timeout)
        .defaults(Defaults(tzinfo=ZoneInfo(services.config.school.timezone)))
        .context_types(ContextTypes(bot_data=bound_type(services)))
        .update_queue(updates)
        .get_updates_request(ConfirmAfterHandled(updates, connection_pool_size=1))
        .concurrent_updates(InOrderPerChat())
        .post_init(on_start)
        .post_stop(stop_sender)
        .build()
    )
    application.add_handler(TypeHandler(Update, patient(access.gate)), group=-1)
    commands = {
        "start": start.start,
        "help": help.help_command,
        "today": today.today,
        "reload": admin.reload,
        "status": reports.status,
        "export": reports.export,
        "hazard": hazards.hazard_command,
        "hazards": hazards.hazards_list,
        "incident": incident_handlers.incident_command,
        "incidents": incident_handlers.incidents_list,
        "visitor": gate_handlers.visitor_command,
        "slip": gate_handlers.leave_command,
        "week": week.week,
        "leave": leave.leave,
        "swap": swap.swap,
    }
    for name, handler in commands.items():
        application.add_handler(CommandHandler(name, patient(handler)))
    link_buttons = rf"^{LINK}\."
    application.add_handler(CallbackQueryHandler(patient(start.on_link_button), link_buttons))
    hazard_buttons = patient(hazard_taps.on_button)
    application.add_handler(CallbackQueryHandler(hazard_buttons, pattern=HAZARD_BUTTONS))
    application.add_handler(
        CallbackQueryHandler(patient(incident_routes.on_button), INCIDENT_BUTTONS)
    )
    for prefix, on_tap in (
        (cover_buttons.LEAVE, leave.on_button),
        (cover_buttons.COVER, cover_handlers.on_button),
        (cover_buttons.SWAP, swap.on_button),
    ):
        application.add_handler(CallbackQueryHandler(patient(on_tap), rf"^{prefix}\."))
    application.add_handler(CallbackQueryHandler(patient(checklist.on_button)))
    # incidents and the gate register first: they hand over to the problem flow
    application.add_handler(MessageHandler(filters.PHOTO, patient(incident_routes.on_photo)))
    text = filters.TEXT & ~filters.COMMAND
    application.add_handler(MessageHandler(text, patient(incident_routes.on_text)))
    application.add_handler(MessageHandler(filters.ALL, patient(help.unknown)))  # keep last
    application.add_error_handler(errors.on_error)
    services.outbox = Dispatcher(services, application.bot, poll=sender_poll)
    if jobs:
        from jobs.schedule import schedule

        schedule(application, services, every=tick_every)
    return application


async def on_start(application: App) -> None:
    """Before polling: settle interrupted sends, then show the command menu in both languages."""
    services: Services = application.bot_data
    now = services.clock.now()
    with services.session() as session:
        resent, dropped = deliveries.resume_interrupted(session, now=now)
        process_started(session, now=now)
        if services.config_path is not None and services.config_sha256 is not None:
            config_loaded(
                session,
                path=services.config_path,
                sha256=services.config_sha256,
                reloaded=False,
                actor="system",
                now=now,
            )
    if resent or dropped:
        log.warning(
            "%d message(s) were being sent when the process stopped: %d sent again "
            "(marked as possible repeats), %d no longer needed",
            resent + dropped,
            resent,
            dropped,
        )
    if isinstance(services.outbox, Dispatcher):
        services.outbox.start()  # after the interrupted sends are settled
    default = services.config.school.language
    await application.bot.set_my_commands(_menu(default))
    for language, code in TELEGRAM_LANGUAGES.items():
        await application.bot.set_my_commands(_menu(language), language_code=code)
    log.info("command menu registered")


def _menu(language: str) -> list[BotCommand]:
    return [BotCommand(name, t(language, f"cmd_{name}")) for name in MENU]


@asynccontextmanager
async def polling(
    services: Services,
    *,
    token: str,
    api_root: str,
    request_timeout: float = TELEGRAM_TIMEOUT,
    rate: float = OVERALL_PER_SECOND,
    chat_gap: float = CHAT_GAP,
    sender_poll: float | None = POLL,
) -> AsyncIterator[App]:
    """Run the bot long-polling in the current event loop; stop it cleanly on exit.

    For the demo, the benchmarks and the tests: the tick is not scheduled, so callers
    run ``jobs.tick.tick`` themselves on their own clock.
    """
    application = build_application(
        services,
        token=token,
        api_root=api_root,
        jobs=False,
        timeout=request_timeout,
        rate=rate,
        chat_gap=chat_gap,
        sender_poll=sender_poll,
    )
    await application.initialize()
    if application.post_init is not None:  # run_polling() would call it here
        await application.post_init(application)
    await application.start()
    assert application.updater is not None  # noqa: S101  # built with an updater
    await application.updater.start_polling(
        poll_interval=0, timeout=5, allowed_updates=[Update.MESSAGE, Update.CALLBACK_QUERY]
    )
    try:
        yield application
    finally:
        await stop_bot(application)


async def stop_sender(application: App) -> None:
    """Let the sender finish what is on the wire (bounded) and stop it."""
    outbox = getattr(application.bot_data, "outbox", None)  # a bare app (benchmarks) has none
    if isinstance(outbox, Dispatcher):
        await outbox.stop()


async def stop_bot(application: App) -> None:
    """Stop polling and shut the application down; safe to call twice (a test's "crash")."""
    await stop_sender(application)
    if application.updater is not None and application.updater.running:
        await application.updater.stop()
    if application.running:
        await application.stop()
        await application.shutdown()
