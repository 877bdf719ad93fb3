"""Hazard button data: ``h.<action>.<number>.<argument>.<signature>``, signed like the
checklist's (:mod:`bot.callbacks`), with a short text argument (a staff id, an index).

About 30 bytes, at most 60 (a 32-character staff id), under Telegram's 64. Whether the
presser may do it is decided by the command when the button is pressed.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from dataclasses import dataclass

PREFIX = "h"
ACTIONS = {
    "t": "track",  # a ⚠️ answer: number = occurrence, argument = "<item>~<g|m>"
    "p": "place",  # number 0, argument = place index, or "x" to type one
    "d": "photos_done",
    "c": "category",  # argument = category index
    "l": "level",  # argument = "g" or "m"
    "o": "owner",  # argument = staff id: then the deadline is asked
    "w": "deadline",  # argument = "<staff id>~<days>"
    "f": "fixed",  # the owner reports the fix
    "n": "no_photo",  # the fix has no after-photo
    "v": "verify",
    "r": "reopen",
    "y": "still_fixed",  # argument = the sweep's occurrence
    "x": "not_fixed",  # argument = the sweep's occurrence
}
_ARGUMENT = frozenset("abcdefghijklmnopqrstuvwxyz0123456789_~")
_DIGITS = frozenset("0123456789")
PATTERN = r"^h\."


@dataclass(frozen=True)
class HazardButton:
    """A decoded, verified hazard button press."""

    action: str
    number: int
    argument: str


def _sign(secret: str, payload: str) -> str:
    digest = hmac.new(secret.encode(), payload.encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest[:6]).decode()


def encode(secret: str, action: str, number: int = 0, argument: str | int = "") -> str:
    """Button data for ``action`` (a key of :data:`ACTIONS`)."""
    text = str(argument)
    if action not in ACTIONS or not set(text) <= _ARGUMENT:
        raise ValueError(f"bad hazard button {action!r} {text!r}")
    payload = f"{PREFIX}.{action}.{number}.{text}"
    return f"{payload}.{_sign(secret, payload)}"


def decode(secret: str, data: str | None) -> HazardButton | None:
    """The verified button, or None for anything stale, forged or malformed."""
    parts = (data or "").split(".")
    if len(parts) != 5 or parts[0] != PREFIX or parts[1] not in ACTIONS:
        return None
    payload, signature = ".".join(parts[:4]), parts[4]
    if not hmac.compare_digest(_sign(secret, payload), signature):
        return None
    if not parts[2] or not set(parts[2]) <= _DIGITS or not set(parts[3]) <= _ARGUMENT:
        return None
    return HazardButton(ACTIONS[parts[1]], int(parts[2]), parts[3])
