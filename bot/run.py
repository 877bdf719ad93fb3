"""``safeduty run``: wire the real deployment together and long-poll until a signal."""

from __future__ import annotations

import asyncio
import logging
import signal
from pathlib import Path

from telegram import Update

from bot.app import App, build_application
from jobs.schedule import TICK_SECONDS
from safeduty.clock import Clock, SimulatedClock, SystemClock
from safeduty.config import load_config_file
from safeduty.database import open_database
from safeduty.logs import setup_logging
from safeduty.reload import reload_config
from safeduty.services import Services
from safeduty.settings import Deployment, Settings
from safeduty.storage.links import all_links
from safeduty.texts import t

log = logging.getLogger("safeduty")


def on_sighup(services: Services, application: App) -> None:
    """SIGHUP: reload the config; on problems keep the old one and tell the admins."""
    problems = reload_config(services)
    if problems:
        application.create_task(tell_admins(services, application, problems))


async def tell_admins(services: Services, application: App, problems: list[str]) -> None:
    """Send the reload problems to every linked admin, in their language."""
    with services.session() as session:
        links = all_links(session=session)
    for admin in services.config.staff_with_role("admin"):
        if admin.id in links:
            text = t(services.language_of(admin.id), "reload_failed", problems="\n".join(problems))
            await application.bot.send_message(links[admin.id].chat_id, text[:4096])


class NoTokenError(Exception):
    """Raised when SAFEDUTY_BOT_TOKEN is missing."""


def run(config_path: Path) -> None:
    """Run the bot for the school in ``config_path`` until SIGINT or SIGTERM."""
    settings = Settings()
    if settings.bot_token is None:
        raise NoTokenError
    token = settings.bot_token.get_secret_value()
    setup_logging(token)
    config, digest = load_config_file(config_path)
    deployment = Deployment.resolve(settings, config, config_path)
    engine = open_database(deployment.database_url)
    clock: Clock = SystemClock()
    tick_every = TICK_SECONDS
    if settings.clock_start is not None:
        clock = SimulatedClock(settings.clock_start, settings.clock_speed)
        tick_every = max(0.5, TICK_SECONDS / settings.clock_speed)
        log.warning(
            "SIMULATED CLOCK from %s at %gx speed (rehearsal, not for production)",
            settings.clock_start.isoformat(),
            settings.clock_speed,
        )
    services = Services(
        config=config,
        engine=engine,
        clock=clock,
        data_dir=deployment.data_dir,
        config_path=config_path,
        config_sha256=digest,
    )
    application = build_application(
        services,
        token=token,
        api_root=deployment.api_root,
        tick_every=tick_every,
        timeout=settings.telegram_timeout,
        rate=settings.telegram_rate,
        chat_gap=settings.telegram_chat_gap,
    )
    start = application.post_init

    async def post_init(app: App) -> None:
        asyncio.get_running_loop().add_signal_handler(signal.SIGHUP, on_sighup, services, app)
        if start is not None:
            await start(app)

    application.post_init = post_init
    log.info(
        "starting for %s (%s), api %s",
        config.school.name,
        config.school.timezone,
        deployment.api_root,
    )
    application.run_polling(
        allowed_updates=[Update.MESSAGE, Update.CALLBACK_QUERY],
        stop_signals=(signal.SIGINT, signal.SIGTERM),
        timeout=25,
    )
    log.info("stopped")
