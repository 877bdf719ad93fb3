"""Button data for leave, covers and swaps: signed, and carrying every choice made so far.

``V.<step>.<staff>.<yyyymmdd>.<days>.<sig>`` picks a leave (person, first day, length),
``C.<action>.<cover>.<staff>.<sig>`` proposes, accepts or declines a cover and
``W.<step>.<duty ref>.<yyyymmdd>.<staff>.<sig>`` offers a duty in a swap. The choices
travel in the button itself, so a half-picked leave needs no conversation state and a
restart loses nothing; the commands check everything again when the last button is
pressed. A duty is named by a short hash of its id (ids may be 32 characters; Telegram
allows 64 bytes of data).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from collections.abc import Iterable
from datetime import date

from bot.callbacks import sign

LEAVE, COVER, SWAP = "A", "C", "W"  # A for absence: V is the gate register's
NONE = "-"
LIMIT = 64  # bytes of callback data Telegram accepts


def encode(secret: str, prefix: str, *fields: str) -> str:
    """``prefix.field....signature``; fields must not contain dots."""
    if any("." in f or not f for f in fields):
        raise ValueError(f"button fields must be non-empty and without dots: {fields!r}")
    payload = ".".join((prefix, *fields))
    data = f"{payload}.{sign(secret, payload)}"
    if len(data.encode()) > LIMIT:
        raise ValueError(f"button data longer than {LIMIT} bytes: {data!r}")
    return data


def decode(secret: str, prefix: str, data: str | None, size: int) -> list[str] | None:
    """The ``size`` fields of a verified button with ``prefix``, or None."""
    parts = (data or "").split(".")
    if len(parts) != size + 2 or parts[0] != prefix:
        return None
    if not hmac.compare_digest(sign(secret, ".".join(parts[:-1])), parts[-1]):
        return None
    return parts[1:-1]


def day_field(day: date) -> str:
    return f"{day:%Y%m%d}"


def parse_day(text: str) -> date | None:
    try:
        return date(int(text[:4]), int(text[4:6]), int(text[6:8])) if len(text) == 8 else None
    except ValueError:
        return None


def number(text: str) -> int | None:
    return int(text) if text.isdigit() and len(text) <= 9 else None


def ref(duty_id: str) -> str:
    """A short, stable name for a duty id in button data."""
    digest = hashlib.sha256(duty_id.encode()).digest()
    return base64.urlsafe_b64encode(digest[:6]).decode()


def by_ref(duty_ids: Iterable[str], short: str) -> str | None:
    """The one duty id whose :func:`ref` is ``short``."""
    found = [d for d in duty_ids if ref(d) == short]
    return found[0] if len(found) == 1 else None
