"""Parsers for the small value formats admins type: clock times, durations, notify targets.

Each one refuses with a message in plain words (the admin never sees a pattern) and accepts
only ASCII digits, so a full-width or Arabic-Indic "７" cannot sneak in as a number.
"""

from __future__ import annotations

import unicodedata
from datetime import date, datetime, time, timedelta
from typing import Annotated, Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BeforeValidator

from safeduty.config.problems import shown

ROLES = ("teacher", "safety_officer", "principal", "admin")
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
MAX_MINUTES = 24 * 60  # every step of a duty falls on its own day
_DIGITS = frozenset("0123456789")
_LOWER = frozenset("abcdefghijklmnopqrstuvwxyz")
_LETTERS = _LOWER | frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ")


def _number(text: str, most: int) -> int | None:
    """``text`` as a number of at most ``most`` ASCII digits, else None."""
    return int(text) if text and len(text) <= most and set(text) <= _DIGITS else None


def parse_clock(value: Any) -> time:
    """Accept "07:20" or a TOML local time; seconds are not allowed (duties run on minutes)."""
    if isinstance(value, time):
        if value.second or value.microsecond or value.tzinfo:
            raise ValueError('use a plain minute like "07:20", without seconds or offset')
        return value
    if isinstance(value, str):
        hours, colon, minutes = value.strip().partition(":")
        h, m = _number(hours, 2), _number(minutes, 2)
        if colon and h is not None and m is not None and h < 24 and m < 60 and len(minutes) == 2:
            return time(h, m)
    raise ValueError(f'expected a time like "07:20", got {shown(value)}')


def parse_duration(value: Any) -> timedelta:
    """Accept "15m", "2h" or "1h30m", up to 24h; bare numbers are refused (the unit is a guess)."""
    if isinstance(value, str):
        text = value.strip()
        hours, h_mark, rest = text.partition("h") if "h" in text else ("0", "", text)
        minutes = rest.removesuffix("m") if rest.endswith("m") else ("0" if not rest else "")
        h, m = _number(hours, 100), _number(minutes, 100)
        if text and (h_mark or rest) and h is not None and m is not None:
            if h * 60 + m > MAX_MINUTES:  # before timedelta(), which overflows on huge values
                raise ValueError(f"{shown(value)} is longer than 24h, the length of a duty's day")
            return timedelta(hours=h, minutes=m)
    raise ValueError(f'expected a duration like "15m", "2h" or "1h30m", got {shown(value)}')


def parse_timezone(value: Any) -> str:
    """Accept an IANA zone name such as "Asia/Shanghai".

    ``ZoneInfo`` raises ``OSError`` for some names (a region like "Asia" is a directory in
    tzdata, a 300-character name is too long for the file system), so all of those count.
    """
    if not isinstance(value, str) or not value:
        raise ValueError(f'expected an IANA timezone name like "Asia/Shanghai", got {shown(value)}')
    try:
        ZoneInfo(value)
    except IsADirectoryError:
        raise ValueError(
            f'{shown(value)} is a region, not a timezone; add the city, like "Asia/Shanghai"'
        ) from None
    except (ZoneInfoNotFoundError, ValueError, OSError):
        raise ValueError(f"unknown timezone {shown(value)}") from None
    return value


def parse_target(value: Any) -> str:
    """Accept "assignee", "role:<role>" or "staff:<id>" -- who a message goes to."""
    if isinstance(value, str):
        if value == "assignee":
            return value
        kind, _, rest = value.partition(":")
        if kind == "role" and rest in ROLES:
            return value
        if kind == "staff" and rest:
            return value
    raise ValueError(
        f'expected "assignee", "role:<{"|".join(ROLES)}>" or "staff:<id>", got {shown(value)}'
    )


def parse_id(value: Any) -> str:
    """Accept a stable id such as "wang" or "li_2": records point at it, so it stays simple."""
    if not isinstance(value, str):
        raise ValueError(f"expected an id in quotes, got {shown(value)}")
    if not (0 < len(value) <= 32 and value[0] in _LOWER and set(value) <= _LOWER | _DIGITS | {"_"}):
        raise ValueError(
            "must be 1-32 lowercase letters, digits or _, starting with a letter, "
            f"got {shown(value)}"
        )
    return value


def one_line_text(most: int, least: int = 1) -> BeforeValidator:
    """A validator for one line of text people read: no line breaks or control characters.

    Lengths are counted here because pydantic's own count, behind a validator, speaks of
    "items" rather than characters.
    """

    def parse(value: Any) -> str:
        if not isinstance(value, str):
            raise ValueError(f"expected text in quotes, got {shown(value)}")
        if any(unicodedata.category(c) == "Cc" for c in value):
            raise ValueError(f"must be one line without control characters, got {shown(value)}")
        if len(value) < least:
            raise ValueError("must not be empty")
        if len(value) > most:
            raise ValueError(f"must be at most {most} characters, not {len(value)}")
        return value

    return BeforeValidator(parse)


def parse_api_url(value: Any) -> str:
    """Accept a web address like "https://api.telegram.org" (a local Bot API server is fine)."""
    if isinstance(value, str) and value.isprintable() and " " not in value:
        parts = urlsplit(value)
        if parts.scheme in ("http", "https") and parts.netloc:
            return value
    raise ValueError(f"must be a web address starting with http:// or https://, got {shown(value)}")


def parse_bot_username(value: Any) -> str:
    """Accept a Telegram bot username: 4-32 letters, digits or _, starting with a letter."""
    if (
        isinstance(value, str)
        and 4 <= len(value) <= 32
        and value[0] in _LETTERS
        and set(value) <= _LETTERS | _DIGITS | {"_"}
    ):
        return value
    raise ValueError(
        f"must be 4-32 letters, digits or _, starting with a letter, got {shown(value)}"
    )


def parse_day(value: Any) -> date:
    """Accept a TOML date such as 2027-01-23 (or the same in quotes), never a date-time."""
    if isinstance(value, datetime):
        raise ValueError(f"use a plain date like 2027-01-23, without a time, got {value}")
    if isinstance(value, date):
        return value
    if isinstance(value, str) and len(value) == 10:
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise ValueError(f"expected a date like 2027-01-23, got {shown(value)}")


Clock = Annotated[time, BeforeValidator(parse_clock)]
Duration = Annotated[timedelta, BeforeValidator(parse_duration)]
TimeZoneName = Annotated[str, BeforeValidator(parse_timezone)]
Target = Annotated[str, BeforeValidator(parse_target)]
Id = Annotated[str, BeforeValidator(parse_id)]
Day = Annotated[date, BeforeValidator(parse_day)]
ApiUrl = Annotated[str, BeforeValidator(parse_api_url)]
BotUsername = Annotated[str, BeforeValidator(parse_bot_username)]
