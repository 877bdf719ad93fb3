"""What the fake Telegram keeps: users, sent messages, the conversation log, requests, faults."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web


@dataclass
class User:
    """A Telegram user the fake knows; their private chat has the same id."""

    id: int
    first_name: str
    language_code: str = "zh-hans"
    blocked_bot: bool = False

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "is_bot": False,
            "first_name": self.first_name,
            "language_code": self.language_code,
        }


@dataclass
class Sent:
    """A message the bot sent (and its edits), as the chat shows it now."""

    chat_id: int
    message_id: int
    method: str
    text: str | None = None
    reply_markup: dict[str, Any] | None = None
    parse_mode: str | None = None
    file_name: str | None = None
    content: bytes | None = None
    edits: int = 0
    sent_text: str | None = None  # as first sent, before any edit
    sent_markup: dict[str, Any] | None = None
    at: float = field(default_factory=time.monotonic)  # when it was delivered (monotonic)

    @property
    def buttons(self) -> list[dict[str, Any]]:
        """Every inline button, row by row."""
        rows = (self.reply_markup or {}).get("inline_keyboard", [])
        return [button for row in rows for button in row]

    @property
    def sent_buttons(self) -> list[dict[str, Any]]:
        """Every inline button as first sent, row by row."""
        rows = (self.sent_markup or {}).get("inline_keyboard", [])
        return [button for row in rows for button in row]

    def button(self, label_part: str) -> dict[str, Any]:
        """The first inline button whose label contains ``label_part``."""
        for button in self.buttons:
            if label_part in button["text"]:
                return button
        raise LookupError(f"no button with {label_part!r} in {[b['text'] for b in self.buttons]}")


@dataclass
class Fault:
    method: str
    kind: str
    times: int
    chat_id: int | None
    retry_after: int
    delay: float
    skip: int = 0  # matching calls let through before the fault applies


@dataclass(frozen=True)
class Event:
    """One line of the conversation log: who did what in which chat."""

    actor: str  # "user" or "bot"
    chat_id: int
    kind: str  # message, photo, document, tap, edit, toast
    text: str
    buttons: tuple[str, ...] = ()


@dataclass
class Call:
    """One request the bot made, decoded, with the violations it had."""

    method: str
    params: dict[str, Any]
    violations: list[str] = field(default_factory=list)


def error(status: int, description: str, parameters: dict[str, Any] | None = None) -> web.Response:
    """A Bot API error answer, as Telegram sends it."""
    body: dict[str, Any] = {"ok": False, "error_code": status, "description": description}
    if parameters:
        body["parameters"] = parameters
    return web.json_response(body, status=status)
