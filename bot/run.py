"""``safeduty run``: wire the real deployment together and long-poll until a signal."""

from __future__ import annotations

import logging
import signal
from pathlib import Path

from telegram import Update

from bot.app import build_application
from bot.services import Services
from safeduty.clock import SystemClock
from safeduty.config import load_config
from safeduty.logs import setup_logging
from safeduty.settings import Deployment, Settings
from safeduty.storage.db import make_engine, migrate

log = logging.getLogger("safeduty")


class NoTokenError(Exception):
    """Raised when SAFEDUTY_BOT_TOKEN is missing."""


def run(config_path: Path) -> None:
    """Run the bot for the school in ``config_path`` until SIGINT or SIGTERM."""
    settings = Settings()
    if settings.bot_token is None:
        raise NoTokenError
    token = settings.bot_token.get_secret_value()
    setup_logging(token)
    config = load_config(config_path)
    deployment = Deployment.resolve(settings, config, config_path)
    engine = make_engine(deployment.database_url)
    migrate(engine)
    services = Services(
        config=config,
        engine=engine,
        clock=SystemClock(),
        data_dir=deployment.data_dir,
        config_path=config_path,
    )
    application = build_application(services, token=token, api_root=deployment.api_root)
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
