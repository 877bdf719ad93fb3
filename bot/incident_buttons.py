"""Signed button data for incidents (``I.``) and the gate register (``V.``).

``I.<action>.<a>.<b>.<signature>``: ``a`` is an incident id (or a type id for "report"),
``b`` a playbook item. ``V.<action>.<a>.0.<signature>``: ``a`` is a visit or leave slip.
At most 4 + 32 + 3 + 9 bytes, well under Telegram's 64. The signature is an HMAC with the
secret kept in the database; who may do what is checked again by the command.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
from dataclasses import dataclass

INCIDENT, GATE = "I", "V"
ACTIONS = {
    INCIDENT: {
        "r": "report",
        "a": "ack",
        "t": "tick",
        "c": "close",
        "v": "view",
    },
    GATE: {"u": "usual", "o": "out", "s": "still_inside", "n": "no_photo"},
}
PATTERN = rf"^[{INCIDENT}{GATE}]\."
"""What these buttons' data starts with (the handlers' ``CallbackQueryHandler`` pattern)."""
_PART = re.compile(r"^[a-z0-9_]{1,32}$")


@dataclass(frozen=True)
class Tap:
    """A decoded, verified press of an incident or gate button."""

    action: str
    target: str  # an incident, visit or slip id, or an incident type id
    item: int

    @property
    def number(self) -> int:
        """The target as a row id (0 when it is not one)."""
        return int(self.target) if self.target.isdigit() else 0


def _sign(secret: str, payload: str) -> str:
    digest = hmac.new(secret.encode(), payload.encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest[:6]).decode()


def encode(secret: str, family: str, action: str, target: object, item: int = 0) -> str:
    """Button data for ``action`` (a key of :data:`ACTIONS` [family]) on ``target``."""
    if action not in ACTIONS[family] or not _PART.match(str(target)):
        raise ValueError(f"cannot encode {family}.{action}.{target}")
    payload = f"{family}.{action}.{target}.{item}"
    return f"{payload}.{_sign(secret, payload)}"


def decode(secret: str, data: str | None) -> tuple[str, Tap] | None:
    """(family, tap) for a verified button, or None for anything stale, forged or mangled."""
    parts = (data or "").split(".")
    if len(parts) != 5 or parts[0] not in ACTIONS or parts[1] not in ACTIONS[parts[0]]:
        return None
    if not hmac.compare_digest(_sign(secret, ".".join(parts[:4])), parts[4]):
        return None
    if not _PART.match(parts[2]) or not parts[3].isdigit():
        return None
    return parts[0], Tap(ACTIONS[parts[0]][parts[1]], parts[2], int(parts[3]))
