"""Run the real application against :class:`FakeTelegram` in the current event loop.

Used by the end-to-end tests, ``safeduty demo`` and the benchmarks: the same factory,
handlers and database as ``safeduty run``, with an injected clock instead of the wall clock.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from telegram import Update
from telegram.ext import Application

from bot.app import build_application
from bot.services import Services
from safeduty.testing.fake_telegram import FakeTelegram


@asynccontextmanager
async def running_bot(
    services: Services, telegram: FakeTelegram
) -> AsyncIterator[Application[Any, Any, Any, Any, Any, Any]]:
    """Start the bot long-polling the fake server; stop it cleanly on exit.

    The tick is not scheduled: callers run ``jobs.tick.tick`` themselves on their clock.
    """
    application = build_application(
        services, token=telegram.token, api_root=telegram.root, jobs=False
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


async def stop_bot(application: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """Stop polling and shut the application down; safe to call twice (a test's "crash")."""
    if application.updater is not None and application.updater.running:
        await application.updater.stop()
    if application.running:
        await application.stop()
        await application.shutdown()
