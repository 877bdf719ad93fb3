"""Button data: compact, versioned and signed, so a forged or mangled button does nothing.

``1.<action>.<occurrence>.<item>.<signature>`` -- about 25 bytes, well under Telegram's 64.
Confirming a move to another invite is ``L.<y|n>.<invite code>.<signature>`` (about 30).
The signature is an HMAC with a secret kept in the database; ownership and the occurrence's
state are checked again when the button is pressed.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from dataclasses import dataclass

VERSION = "1"
ACTIONS = {
    "a": "all_clear",
    "t": "toggle",
    "s": "submit",
    "n": "no_photo",
    "o": "open",
}


@dataclass(frozen=True)
class Button:
    """A decoded, verified button press."""

    action: str
    occurrence_id: int
    item: int


def _sign(secret: str, payload: str) -> str:
    digest = hmac.new(secret.encode(), payload.encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest[:6]).decode()


sign = _sign  # the same signature for the leave, cover and swap buttons (bot/cover_buttons.py)


def encode(secret: str, action: str, occurrence_id: int, item: int = 0) -> str:
    """Button data for ``action`` (a key of :data:`ACTIONS`) on an occurrence item."""
    if action not in ACTIONS:
        raise ValueError(f"unknown action {action!r}")
    payload = f"{VERSION}.{action}.{occurrence_id}.{item}"
    return f"{payload}.{_sign(secret, payload)}"


def decode(secret: str, data: str | None) -> Button | None:
    """The verified button, or None for anything stale, forged or malformed."""
    if not data:
        return None
    parts = data.split(".")
    if len(parts) != 5 or parts[0] != VERSION or parts[1] not in ACTIONS:
        return None
    payload, signature = ".".join(parts[:4]), parts[4]
    if not hmac.compare_digest(_sign(secret, payload), signature):
        return None
    if not (parts[2].isdigit() and parts[3].isdigit()):
        return None
    return Button(ACTIONS[parts[1]], int(parts[2]), int(parts[3]))


LINK = "L"


def encode_link(secret: str, code: str, *, yes: bool) -> str:
    """Button data to confirm (or decline) linking this account with invite ``code``."""
    payload = f"{LINK}.{'y' if yes else 'n'}.{code}"
    return f"{payload}.{_sign(secret, payload)}"


def decode_link(secret: str, data: str | None) -> tuple[bool, str] | None:
    """(yes, invite code) from a verified link button, or None."""
    parts = (data or "").split(".")
    if len(parts) != 4 or parts[0] != LINK or parts[1] not in ("y", "n"):
        return None
    if not hmac.compare_digest(_sign(secret, ".".join(parts[:3])), parts[3]):
        return None
    return parts[1] == "y", parts[2]
