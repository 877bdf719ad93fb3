"""Updates are confirmed to Telegram only once handled, so a crash loses no tap; many
people's taps are handled at once, each person's in the order they were sent.

PTB's updater puts a batch of fetched updates in the application's queue and confirms
them with its next getUpdates call; Telegram then forgets them. If the process dies
before a queued update is handled (a tap waiting while the database stalls), the update
would be gone. So the request that carries getUpdates (and nothing else) first waits
until every update fetched so far has been handled: a crash before then means Telegram
hands the updates over again on the next start.

Handling one update at a time capped a district at a few dozen taps a second, each tap
waiting for the one before it; updates of different chats now run concurrently, while
one chat's (a note, then its photo) keep their order.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from typing import Any

from telegram import Update
from telegram.ext import BaseUpdateProcessor
from telegram.request import HTTPXRequest

CONCURRENT_UPDATES = 16  # each holds a database connection while it talks to Telegram


class ConfirmAfterHandled(HTTPXRequest):
    """The getUpdates request: it confirms what came before, so it waits for it first."""

    def __init__(self, queue: asyncio.Queue[object], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._queue = queue

    async def do_request(self, *args: Any, **kwargs: Any) -> tuple[int, bytes]:
        await self._queue.join()  # the application calls task_done() once an update is handled
        return await super().do_request(*args, **kwargs)


class InOrderPerChat(BaseUpdateProcessor):
    """Concurrent across chats, in order within one chat."""

    def __init__(self, max_concurrent_updates: int = CONCURRENT_UPDATES) -> None:
        super().__init__(max_concurrent_updates)
        self._locks: dict[int | None, asyncio.Lock] = {}

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        chat = update.effective_chat if isinstance(update, Update) else None
        key = chat.id if chat is not None else None
        lock = self._locks.setdefault(key, asyncio.Lock())
        try:
            async with lock:  # asyncio's locks are first come, first served
                await coroutine
        finally:
            if not lock.locked() and self._locks.get(key) is lock:
                del self._locks[key]

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to release."""
