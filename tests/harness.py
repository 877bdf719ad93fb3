"""Run the real application against :class:`FakeTelegram` in the test's event loop."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from bot.app import App, polling, stop_bot
from safeduty.services import Services
from safeduty.testing.fake_telegram import FakeTelegram

__all__ = ["running_bot", "stop_bot"]
TEST_TIMEOUT = 5.0
TEST_CHAT_GAP = 0.05  # seconds between messages to one chat (1 in production; its own tests)
TEST_RATE = 300.0  # messages a second overall (30 in production; the pacing has its own tests)


@asynccontextmanager
async def running_bot(services: Services, telegram: FakeTelegram) -> AsyncIterator[App]:
    """The same factory, handlers and database as ``safeduty run``, on the fake server.

    Requests give up after 5 s (production waits 15), so a test provokes a timeout quickly,
    and one chat's messages are 50 ms apart (production: 1 s) and the overall rate ten
    times Telegram's, so a school day runs fast.
    The sender does not poll: what a test owes by hand goes out at its next tick, when
    the test has set up the faults it wants.
    """
    async with polling(
        services,
        token=telegram.token,
        api_root=telegram.root,
        request_timeout=TEST_TIMEOUT,
        rate=TEST_RATE,
        chat_gap=TEST_CHAT_GAP,
        sender_poll=None,
    ) as application:
        yield application
