"""Telegram's flood limits, enforced by the fake Bot API when a benchmark asks for them.

Telegram lets a bot send about 30 messages per second overall and about one per second to
one chat; a request over either limit is answered 429 with ``retry_after`` and is not
delivered. :class:`FloodLimit` keeps one token bucket for the whole bot and one per chat,
on the monotonic clock, and counts the 429s it caused.

Only methods that put a message in a chat are limited (``send*`` except sendChatAction,
``edit*``, ``copyMessage(s)``, ``forwardMessage(s)``): answerCallbackQuery, getUpdates,
getMe, setMyCommands, getFile and the like never are. An edit counts against its chat,
as on Telegram; whether it also counts in the overall bucket is ``edits_overall``
(default False: Telegram documents the overall limit for broadcasts, i.e. new messages).
"""

from __future__ import annotations

import math
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

UNLIMITED = frozenset({"sendChatAction"})
FORWARDS = frozenset({"copyMessage", "copyMessages", "forwardMessage", "forwardMessages"})


def is_limited(method: str) -> bool:
    """Whether ``method`` puts or changes a message in a chat (and so meets the limits)."""
    if method in UNLIMITED:
        return False
    return method.startswith(("send", "edit")) or method in FORWARDS


@dataclass
class Bucket:
    """A token bucket: ``rate`` tokens a second, holding at most ``burst``."""

    rate: float
    burst: float
    tokens: float = -1.0  # full at the first request
    updated: float = 0.0

    def _refill(self, now: float) -> None:
        if self.tokens < 0:
            self.tokens, self.updated = self.burst, now
            return
        self.tokens = min(self.burst, self.tokens + (now - self.updated) * self.rate)
        self.updated = now

    def wait(self, now: float) -> float:
        """Seconds until a token is free (0: one is free now)."""
        self._refill(now)
        return 0.0 if self.tokens >= 1 else (1 - self.tokens) / self.rate

    def take(self, now: float) -> None:
        self._refill(now)
        self.tokens -= 1


@dataclass
class FloodLimit:
    """The overall and per-chat limits and the 429s they answered."""

    rate: float = 30.0  # messages per second overall
    burst: float = 5.0  # messages the overall bucket lets through at once
    per_chat: float = 1.0  # messages per second to one chat (0: no per-chat limit)
    chat_burst: float = 1.0
    edits_overall: bool = False  # do edits also count in the overall bucket?
    overall: Bucket = field(init=False)
    chats: dict[int, Bucket] = field(default_factory=dict, init=False)
    refused: Counter[str] = field(default_factory=Counter, init=False)  # "overall" / "chat"
    refused_chats: Counter[int] = field(default_factory=Counter, init=False)

    def __post_init__(self) -> None:
        if self.rate <= 0 or self.burst < 1 or self.per_chat < 0 or self.chat_burst < 1:
            raise ValueError("flood limit: rate > 0, burst >= 1, per_chat >= 0, chat_burst >= 1")
        self.overall = Bucket(self.rate, self.burst)

    def check(self, method: str, params: dict[str, Any]) -> int | None:
        """None if the request may pass (its tokens are taken), else retry_after in seconds."""
        if not is_limited(method):
            return None
        now = time.monotonic()
        chat = self._chat_bucket(params.get("chat_id"))
        overall = self.overall if self.edits_overall or not method.startswith("edit") else None
        waits = {
            "overall": overall.wait(now) if overall else 0.0,
            "chat": chat.wait(now) if chat else 0.0,
        }
        worst = max(waits, key=lambda k: waits[k])
        if waits[worst] > 0:
            self.refused[worst] += 1
            if worst == "chat":
                self.refused_chats[int(params["chat_id"])] += 1
            return max(1, math.ceil(waits[worst]))
        for bucket in (overall, chat):
            if bucket is not None:
                bucket.take(now)
        return None

    def _chat_bucket(self, chat_id: Any) -> Bucket | None:
        if not self.per_chat:
            return None
        try:
            ident = int(chat_id)
        except (TypeError, ValueError):
            return None  # inline edits and @usernames: only the overall bucket applies
        return self.chats.setdefault(ident, Bucket(self.per_chat, self.chat_burst))

    @property
    def total(self) -> int:
        """Every 429 answered so far."""
        return sum(self.refused.values())
