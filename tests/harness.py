"""Run the real application against :class:`FakeTelegram` in the test's event loop."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from bot.app import App, polling, stop_bot
from safeduty.services import Services
from safeduty.testing.fake_telegram import FakeTelegram

__all__ = ["running_bot", "stop_bot"]


@asynccontextmanager
async def running_bot(services: Services, telegram: FakeTelegram) -> AsyncIterator[App]:
    """The same factory, handlers and database as ``safeduty run``, on the fake server."""
    async with polling(services, token=telegram.token, api_root=telegram.root) as application:
        yield application
