"""Telegram's limits, kept by us: about 30 messages a second overall, one a second per chat.

Two kinds of traffic share them. The sender (``bot/dispatch.py``) broadcasts what is
owed; it takes an overall turn *before* it claims a row (a crash while waiting must leave
the row pending, not "sending"), spaces its turns evenly just under the limit, and never
sends to a chat that had a message in the last second. Replies to a person's own tap or
message are not broadcasts: answers to callback queries and edits of the message just
tapped skip the overall bucket and wait only for their own chat, so a tap is never queued
behind a morning fan-out. A new message a handler sends still takes an overall turn.

A 429 is honoured: the chat (or, when the chat was quiet, everything) waits ``retry_after``.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable, Coroutine
from datetime import timedelta
from typing import Any

from aiolimiter import AsyncLimiter
from telegram._utils.types import JSONDict
from telegram.error import RetryAfter
from telegram.ext import BaseRateLimiter

log = logging.getLogger("safeduty.pace")
OVERALL_PER_SECOND = 30.0  # Telegram's documented broadcast limit
MARGIN = 0.97  # of the overall limit we use: evenly spaced, a strict bucket never answers 429
CHAT_GAP = 1.0  # seconds between two messages to one chat
REPLY_RETRIES = 3  # a reply refused with 429 is tried again this often, after retry_after
PACED = "paced"  # rate_limit_args of a request whose overall turn was already taken
REPLIES = ("answerCallbackQuery", "editMessageText", "editMessageReplyMarkup")


class ChatGaps:
    """When each chat may next receive a message (monotonic seconds), and a global pause.

    Shared by the sender and the replies: a chat just edited or answered is not sent a
    broadcast within the gap, and a 429 holds back exactly what it names.
    """

    def __init__(self, gap: float = CHAT_GAP) -> None:
        self.gap = gap
        self._next: dict[int, float] = {}
        self.paused_until = 0.0

    def free_at(self, chat_id: int) -> float:
        """When ``chat_id`` may next receive a message (never before a global pause ends)."""
        return max(self._next.get(chat_id, 0.0), self.paused_until)

    def take(self, chat_id: int) -> bool:
        """A message to ``chat_id`` goes out now: the next one waits a gap. Returns whether
        the chat was quiet (its previous gap was over)."""
        now = time.monotonic()
        before = self._next.get(chat_id, 0.0)
        self._next[chat_id] = max(before, now + self.gap)
        return before <= now

    def flooded(self, chat_id: int | None, retry_after: float, *, quiet: bool) -> None:
        """Telegram answered 429: hold back the chat, or everything if the chat was quiet
        before this message (then it cannot have been the chat's own limit)."""
        now = time.monotonic()
        quiet = quiet or chat_id is None
        until = now + retry_after
        if quiet:  # not this chat's own flood, so the overall limit: everyone waits
            self.paused_until = max(self.paused_until, until)
        if chat_id is not None:
            self._next[chat_id] = max(self._next.get(chat_id, 0.0), until)
        log.warning(
            "Telegram asked to wait %.0f s (%s)", retry_after, "everyone" if quiet else chat_id
        )

    def forget_past(self) -> None:
        """Drop chats whose gap is over, so a district's worth of chats does not pile up."""
        now = time.monotonic()
        self._next = {chat: moment for chat, moment in self._next.items() if moment > now}

    async def wait_for(self, chat_id: int) -> None:
        """Sleep until ``chat_id`` may receive a message."""
        delay = self.free_at(chat_id) - time.monotonic()
        if delay > 0:
            await asyncio.sleep(delay)


class Pace(BaseRateLimiter[str]):
    """The bot's rate limiter: an even overall pace for messages, a gap per chat for all."""

    def __init__(self, *, rate: float = OVERALL_PER_SECOND, gaps: ChatGaps | None = None) -> None:
        self.rate = rate
        self.gaps = gaps or ChatGaps()
        # capacity one, refilled evenly: no burst for a strict token bucket to refuse
        self.overall = AsyncLimiter(1, 1 / (rate * MARGIN))
        # the same spacing again on the wire: turns taken before claims that then took
        # unequal times must not reach Telegram bunched together
        self.wire = AsyncLimiter(1, 1 / (rate * MARGIN))

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to release."""

    async def turn(self) -> None:
        """Wait for an overall turn (and the end of a global pause)."""
        pause = self.gaps.paused_until - time.monotonic()
        if pause > 0:
            await asyncio.sleep(pause)
        await self.overall.acquire()

    async def process_request(  # noqa: PLR0917  # BaseRateLimiter's signature
        self,
        callback: Callable[..., Coroutine[Any, Any, bool | JSONDict | list[JSONDict]]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: str | None,
    ) -> bool | JSONDict | list[JSONDict]:
        """Pace one request; the sender's own (``PACED``) go straight out and report a 429."""
        chat_id = _chat_id(data)
        if rate_limit_args == PACED:  # the sender took the turn and picked a quiet chat
            return await self._once(callback, args, kwargs, chat_id, paced=True)
        for attempt in range(REPLY_RETRIES + 1):
            if chat_id is not None:
                await self.gaps.wait_for(chat_id)
                if endpoint not in REPLIES:
                    await self.turn()
            try:
                return await self._once(callback, args, kwargs, chat_id)
            except RetryAfter:
                if attempt == REPLY_RETRIES:
                    raise
                if chat_id is None:  # a callback answer: wait here, nothing else to hold back
                    await asyncio.sleep(self.gaps.paused_until - time.monotonic())
        raise AssertionError("unreachable")  # pragma: no cover

    async def _once(
        self,
        callback: Callable[..., Coroutine[Any, Any, bool | JSONDict | list[JSONDict]]],
        args: Any,
        kwargs: dict[str, Any],
        chat_id: int | None,
        *,
        paced: bool = False,
    ) -> bool | JSONDict | list[JSONDict]:
        if paced:
            await self.wire.acquire()
        quiet = self.gaps.take(chat_id) if chat_id is not None else True
        quiet = quiet or paced
        try:
            return await callback(*args, **kwargs)
        except RetryAfter as exc:
            self.gaps.flooded(chat_id, retry_seconds(exc), quiet=quiet)
            raise


def retry_seconds(exc: RetryAfter) -> float:
    """``retry_after`` in seconds (PTB gives an int or, opted in, a timedelta)."""
    value = exc.retry_after
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


def _chat_id(data: dict[str, Any]) -> int | None:
    value = data.get("chat_id")
    try:
        return int(value) if value is not None else None
    except (TypeError, ValueError):
        return None


def pace_of(bot: object) -> Pace | None:
    """The bot's ``Pace`` (None for a bot built without it, e.g. in the CLI)."""
    limiter = getattr(bot, "rate_limiter", None)
    return limiter if isinstance(limiter, Pace) else None
