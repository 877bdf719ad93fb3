"""The sender's own task: woken when something is owed, it sends at Telegram's ceiling.

One long-lived task per process picks what is due (``storage.duties.sendable``: urgent
kinds first, then round-robin by recipient and due minute), takes an overall turn from
``bot/pace.py`` and hands each message to one of a bounded number of concurrent sends,
so a 50 ms round trip to Telegram does not halve the rate. A chat that had a message in
the last second is left for a later pass, so one busy recipient never blocks the rest.
Nothing lives here that the database does not also know: a crash loses no message.

The tick and the handlers only record what is owed and call ``wake()``; tests and the
demo call ``settle()`` to wait until everything due on their fake clock has gone out.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import deque
from collections.abc import Callable
from typing import Any

from telegram.ext import ExtBot

from bot.pace import ChatGaps, pace_of
from bot.sender import Outcome, SendReport, send_one
from safeduty.services import Services
from safeduty.storage import duties
from safeduty.storage.links import chats_of

log = logging.getLogger("safeduty.dispatch")
CONCURRENCY = 16  # requests in flight at once; 30/s at a 500 ms round trip still fits
BATCH = 64  # rows picked per pass: about two seconds of sending at the full rate
POLL = 1.0  # seconds between looks when nobody woke us (retries come due by themselves)
REPICK = 0.25  # seconds: a wake-up during a batch is looked at after at most this
STOP_GRACE = 20.0  # seconds a stop waits for sends already on the wire
LOG_KEPT = 20_000  # outcomes kept for ``settle`` reports (a tick's worth, with room)


class Dispatcher:
    """Sends every pending delivery as soon as it is due, within Telegram's limits."""

    def __init__(
        self,
        services: Services,
        bot: ExtBot[Any],
        *,
        concurrency: int = CONCURRENCY,
        poll: float | None = POLL,
    ):
        """``poll=None`` looks only when woken (tests: what a test owes waits for its tick)."""
        self.services, self.bot, self.poll = services, bot, poll
        pace = pace_of(bot)
        self.gaps = pace.gaps if pace is not None else ChatGaps()
        self.slots = asyncio.Semaphore(concurrency)
        self.on_jump: Callable[[], None] | None = None  # set by the schedule: tick at once
        self._woken = asyncio.Event()
        self._changed = asyncio.Condition()
        self._flights: dict[int, asyncio.Task[None]] = {}  # delivery id -> its send
        self._busy: set[str] = set()  # recipients with a send in flight
        self._started = self._idle = 0  # pass numbers: the last begun, the last found idle
        self._done = 0  # sends finished so far (their outcomes are kept for ``settle``)
        self._log: deque[tuple[int, int, str, Outcome]] = deque(maxlen=LOG_KEPT)
        self._task: asyncio.Task[None] | None = None
        self._stopping = False
        self._loop: asyncio.AbstractEventLoop | None = None

    # ------------------------------------------------------------------ lifecycle
    def start(self) -> None:
        """Start the task (once) in the running loop."""
        if self._task is None or self._task.done():
            self._stopping = False
            self._loop = asyncio.get_running_loop()
            self._task = asyncio.create_task(self._run(), name="safeduty-sender")

    async def stop(self) -> None:
        """Stop picking; let sends already on the wire finish (bounded), then end the task."""
        task, self._task = self._task, None
        self._stopping = True
        if task is not None:
            task.cancel()
            await asyncio.gather(task, return_exceptions=True)
        flights = list(self._flights.values())
        if flights:
            _done, pending = await asyncio.wait(flights, timeout=STOP_GRACE)
            for flight in pending:  # left "sending": resent as a possible repeat on start
                flight.cancel()
            await asyncio.gather(*flights, return_exceptions=True)

    @property
    def running(self) -> bool:
        return self._task is not None and not self._task.done()

    def wake(self) -> None:
        """Something new is owed: look now rather than at the next poll (any thread)."""
        loop = self._loop
        if loop is None or loop.is_closed():
            return
        try:
            running = asyncio.get_running_loop()
        except RuntimeError:
            running = None
        if running is loop:
            self._woken.set()
        else:  # from the tick's worker thread
            loop.call_soon_threadsafe(self._woken.set)

    def mark(self) -> int:
        """A point to report from: ``settle(since=mark())`` reports the sends after it."""
        return self._done

    async def settle(self, since: int | None = None) -> SendReport:
        """Wake the sender and wait until nothing due is left unsent; report what went out
        since ``since`` (a ``mark()``; default: from now).

        For callers on a fake clock (tests, the demo, benchmarks): in production the
        task runs by itself and nobody waits for it.
        """
        if not self.running:
            self.start()
        since = self._done if since is None else since
        wanted = self._started + 1
        self.wake()
        async with self._changed:
            await self._changed.wait_for(lambda: self._idle >= wanted)
        report = SendReport()
        for number, delivery_id, recipient, outcome in self._log:
            if number > since:
                report.add(delivery_id, recipient, outcome)
        return report

    # ------------------------------------------------------------------ the loop
    async def _run(self) -> None:
        while not self._stopping:
            try:
                await self._one_pass()
            except asyncio.CancelledError:
                raise
            except Exception:  # a database hiccup must not end the sender: look again soon
                log.exception("the sender's pass failed; trying again")
                await asyncio.sleep(POLL)

    async def _one_pass(self) -> None:
        self._woken.clear()
        self._started += 1
        number = self._started
        picked_at = time.monotonic()
        picked, skipped = await self._pick()
        for delivery_id, recipient, chat_id in picked:
            if self._woken.is_set() and time.monotonic() - picked_at > REPICK:
                break  # something new is owed: pick again, it may be more urgent
            await self.slots.acquire()
            pace = pace_of(self.bot)
            if pace is not None and chat_id is not None:
                await pace.turn()  # before the claim: a crash here leaves the row pending
            if chat_id is not None:
                self.gaps.take(chat_id)
            self._launch(delivery_id, recipient)
        if picked:
            return  # pick again straight away
        if not self._flights and not skipped:
            await self._note_idle(number)
        await self._wait(skipped)

    async def _pick(self) -> tuple[list[tuple[int, str, int | None]], bool]:
        """Due rows whose chat may be written to now; and whether any were held back."""
        now_mono = time.monotonic()
        held = set(self._busy)

        def read() -> tuple[list[tuple[int, str, int | None]], bool]:
            with self.services.session() as session:
                rows = duties.sendable(
                    session=session, now=self.services.clock.now(), limit=BATCH, skip=held
                )
                chats = chats_of(session=session, staff_ids={row.recipient for row in rows})
            picked: list[tuple[int, str, int | None]] = []
            seen: set[str] = set()
            skipped = False
            for row in rows:
                assert row.id is not None  # noqa: S101  # stored rows have ids
                chat_id = chats.get(row.recipient)
                if row.recipient in seen or row.id in self._flights:
                    skipped = True
                    continue
                if chat_id is not None and self.gaps.free_at(chat_id) > now_mono:
                    skipped = True
                    continue
                seen.add(row.recipient)
                picked.append((row.id, row.recipient, chat_id))
            return picked, skipped or bool(held)

        self.gaps.forget_past()
        return await asyncio.to_thread(read)

    def _launch(self, delivery_id: int, recipient: str) -> None:
        self._busy.add(recipient)

        async def fly() -> None:
            try:
                outcome = await send_one(self.services, self.bot, delivery_id)
            except Exception:  # send_one records its failures; anything else is a bug
                log.exception("delivery %s: unexpected failure while sending", delivery_id)
                outcome = Outcome.RETRY
            finally:
                self.slots.release()
                self._flights.pop(delivery_id, None)
                self._busy.discard(recipient)
            self._done += 1
            self._log.append((self._done, delivery_id, recipient, outcome))
            if outcome == Outcome.JUMPED and self.on_jump is not None:
                self.on_jump()  # a duty moved on: the tick acts on it now, not in 20 s

        self._flights[delivery_id] = asyncio.create_task(fly(), name=f"send-{delivery_id}")

    async def _note_idle(self, number: int) -> None:
        async with self._changed:
            self._idle = max(self._idle, number)
            self._changed.notify_all()

    async def _wait(self, skipped: bool) -> None:
        """Until woken, a send lands, a held-back chat frees up, or the poll comes round."""
        timeout = self.poll
        if skipped:
            timeout = min(self.poll or POLL, max(0.05, self.gaps.gap / 4))
        # not asyncio.wait_for: on Python 3.11 it can swallow a cancel that meets a wake-up,
        # and a sender that ignores its stop hangs the shutdown
        woken = asyncio.ensure_future(self._woken.wait())
        try:
            await asyncio.wait(
                {woken, *self._flights.values()}, timeout=timeout, return_when="FIRST_COMPLETED"
            )
        finally:
            woken.cancel()


def dispatcher_for(services: Services, bot: ExtBot[Any]) -> Dispatcher:
    """The running sender of ``services``; one is made and started if there is none yet."""
    outbox = services.outbox
    if isinstance(outbox, Dispatcher) and outbox.bot is bot:
        return outbox
    dispatcher = Dispatcher(services, bot)
    services.outbox = dispatcher
    dispatcher.start()
    return dispatcher
