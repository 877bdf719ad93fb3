"""Run the real application against :class:`FakeTelegram` in the test's event loop."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from bot.app import App, polling, stop_bot
from safeduty.services import Services
from safeduty.testing.fake_telegram import FakeTelegram

__all__ = ["running_bot", "stop_bot"]
TEST_TIMEOUT = 5.0


@asynccontextmanager
async def running_bot(services: Services, telegram: FakeTelegram) -> AsyncIterator[App]:
    """The same factory, handlers and database as ``safeduty run``, on the fake server.

    Requests give up after 5 s (production waits 15), so a test provokes a timeout quickly.
    """
    async with polling(
        services, token=telegram.token, api_root=telegram.root, request_timeout=TEST_TIMEOUT
    ) as application:
        yield application
