"""Put the tick on PTB's JobQueue. Only the tick repeats; its state lives in the database."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from telegram.ext import Application, CallbackContext

from jobs.tick import tick
from safeduty.services import Services

log = logging.getLogger("safeduty.jobs")
TICK_SECONDS = 20.0


def schedule(
    application: Application[Any, Any, Any, Any, Any, Any],
    services: Services,
    *,
    every: float = TICK_SECONDS,
) -> None:
    """Run the tick now and then every ``every`` seconds, never two at once."""
    assert application.job_queue is not None  # noqa: S101  # installed with the job-queue extra
    lock = asyncio.Lock()

    async def run_tick(context: CallbackContext[Any, Any, Any, Any]) -> None:
        if lock.locked():
            return
        async with lock:
            await tick(services, context.bot)

    application.job_queue.run_repeating(run_tick, interval=every, first=0.5, name="tick")
