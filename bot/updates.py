"""Updates are confirmed to Telegram only once handled, so a crash loses no tap.

PTB's updater puts a batch of fetched updates in the application's queue and confirms
them with its next getUpdates call, at once; Telegram then forgets them. If the process
dies before a queued update is handled (a tap waiting while the database stalls, or the
second of two quick taps), the update is gone and the person never hears back. With this
queue the updater's ``put`` returns only when the application has handled the update, so
the confirming call comes after; a crash before it means Telegram hands the update over
again on the next start.
"""

from __future__ import annotations

import asyncio

from telegram import Update


class HandledBeforeConfirmed(asyncio.Queue[object]):
    """The application's update queue: putting an update waits until it was handled."""

    async def put(self, item: object) -> None:
        await super().put(item)
        if isinstance(item, Update):  # not the application's stop signal
            await self.join()  # the application calls task_done() after handling it
