"""A database that is briefly unavailable is waited out, so a tap is not lost to it.

SQLite answers "database is locked" while another process writes (``safeduty invite``, a
backup, an admin's sqlite3 shell); PostgreSQL gives up a lock wait after ``lock_timeout``
or drops a connection on restart. Each of these passes in seconds. A handler that fails
on one is run again after a growing pause, without blocking the event loop, until
``Services.db_patience`` seconds have gone by; only then does the error handler tell the
person that their tap was not recorded. Nothing is lost in between: a handler's first
write is its command, and a command that failed changed nothing.
"""

from __future__ import annotations

import asyncio
import functools
import logging
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any, TypeVar

from sqlalchemy.exc import DBAPIError, OperationalError
from telegram import Update

from bot.context import Context
from safeduty.storage.db import unavailable

log = logging.getLogger("safeduty.bot")
T = TypeVar("T")
FIRST_PAUSE, LONGEST_PAUSE = 0.1, 2.0


def passing(exc: BaseException) -> bool:
    """Whether ``exc`` is the database being briefly unavailable (not a bug or bad data)."""
    return unavailable(exc)


async def waiting_out(attempt: Callable[[], Awaitable[T]], *, patience: float, what: str) -> T:
    """Run ``attempt`` until it does not fail on an unavailable database, for ``patience`` s."""
    loop = asyncio.get_running_loop()
    give_up, pause = loop.time() + patience, FIRST_PAUSE
    while True:
        try:
            return await attempt()
        except (OperationalError, DBAPIError) as exc:
            if not passing(exc) or loop.time() + pause > give_up:
                raise
            log.warning("database unavailable during %s, trying again: %s", what, exc.orig)
        await asyncio.sleep(pause)
        pause = min(pause * 2, LONGEST_PAUSE)


Handler = Callable[[Update, Context], Coroutine[Any, Any, None]]


def patient(handler: Handler) -> Handler:
    """``handler``, run again while the database is briefly unavailable."""

    @functools.wraps(handler)
    async def run(update: Update, context: Context) -> None:
        await waiting_out(
            lambda: handler(update, context),
            patience=context.bot_data.db_patience,
            what=handler.__name__,
        )

    return run
