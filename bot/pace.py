"""The sender's pace: wait for a turn first, then claim the row and send at once.

AIORateLimiter holds every request to Telegram's overall rate, but it waits *inside* the
request, after the sender has claimed its row: a crash during that wait would leave a row
that was never sent marked as "sending", to be resent as a possible repeat. The sender
therefore waits here, just under AIORateLimiter's rate, before it claims, so the limiter
rarely has to wait at all and a claimed row is one whose request is on the wire.
"""

from __future__ import annotations

from typing import Any

from aiolimiter import AsyncLimiter
from telegram.ext import AIORateLimiter

OVERALL_PER_SECOND = 30  # Telegram's documented broadcast limit, AIORateLimiter's default
SENDER_PER_SECOND = 28  # the rest is left for the replies to taps and messages


class PacedRateLimiter(AIORateLimiter):
    """AIORateLimiter with the sender's pace beside it (one per application)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(overall_max_rate=OVERALL_PER_SECOND, **kwargs)
        self.sender_pace = AsyncLimiter(SENDER_PER_SECOND, 1)


async def wait_for_turn(limiter: object) -> None:
    """Wait for the sender's next turn (no wait without a paced limiter, e.g. in the CLI)."""
    if isinstance(limiter, PacedRateLimiter):
        await limiter.sender_pace.acquire()
