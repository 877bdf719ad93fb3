"""Put the tick on PTB's JobQueue. Only the tick repeats; its state lives in the database.

The tick does not send: it wakes the sender task (``bot/dispatch.py``), so a fan-out of
thousands never delays the next tick's escalations.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from telegram.ext import Application, CallbackContext

from bot.dispatch import Dispatcher
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
    """Run the tick now and then every ``every`` seconds, never two at once.

    Between the regular ticks, a tick is also set for the moment the next duty falls due
    (07:20:00, not up to 20 s later), and at once when a duty moved on because its
    assignee was unreachable.
    """
    assert application.job_queue is not None  # noqa: S101  # installed with the job-queue extra
    job_queue = application.job_queue
    lock = asyncio.Lock()
    speed = float(getattr(services.clock, "speed", 1.0))  # a rehearsal's simulated clock

    async def run_tick(context: CallbackContext[Any, Any, Any, Any]) -> None:
        if lock.locked() and context.job is not None and context.job.name == "tick":
            return  # the regular tick: the running one does the work
        async with lock:
            report = await tick(services, context.bot, settle=False)  # the sender sends
        if report.next_due is not None:
            wait = (report.next_due - services.clock.now()).total_seconds() / speed
            if wait < every:
                job_queue.run_once(run_tick, max(0.05, wait + 0.05), name="tick-at-due")

    job_queue.run_repeating(run_tick, interval=every, first=0.5, name="tick")
    outbox = services.outbox
    if isinstance(outbox, Dispatcher):  # an unreachable assignee moved a duty on: act now

        def tick_now() -> None:
            job_queue.run_once(run_tick, 0.1, name="tick-now")

        outbox.on_jump = tick_now
