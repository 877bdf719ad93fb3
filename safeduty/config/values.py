"""Parsers for the small value formats admins type: clock times, durations, notify targets."""

from __future__ import annotations

import re
from datetime import time, timedelta
from typing import Annotated, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BeforeValidator

_TIME = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")
_DURATION = re.compile(r"^(?:(\d+)h)?(?:(\d+)m)?$")
ROLES = ("teacher", "safety_officer", "principal", "admin")
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def parse_clock(value: Any) -> time:
    """Accept "07:20" or a TOML local time; seconds are not allowed (duties run on minutes)."""
    if isinstance(value, time):
        if value.second or value.microsecond or value.tzinfo:
            raise ValueError('use a plain minute like "07:20", without seconds or offset')
        return value
    if isinstance(value, str) and (m := _TIME.match(value.strip())):
        return time(int(m[1]), int(m[2]))
    raise ValueError(f'expected a time like "07:20", got {value!r}')


def parse_duration(value: Any) -> timedelta:
    """Accept "15m", "2h" or "1h30m"; bare numbers are refused because the unit would be a guess."""
    if isinstance(value, str) and value.strip() and (m := _DURATION.match(value.strip())):
        return timedelta(hours=int(m[1] or 0), minutes=int(m[2] or 0))
    raise ValueError(f'expected a duration like "15m", "2h" or "1h30m", got {value!r}')


def parse_timezone(value: Any) -> str:
    """Accept an IANA zone name such as "Asia/Shanghai"."""
    if not isinstance(value, str) or not value:
        raise ValueError("expected an IANA timezone name")
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"unknown timezone {value!r}") from None
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
        f'expected "assignee", "role:<{"|".join(ROLES)}>" or "staff:<id>", got {value!r}'
    )


Clock = Annotated[time, BeforeValidator(parse_clock)]
Duration = Annotated[timedelta, BeforeValidator(parse_duration)]
TimeZoneName = Annotated[str, BeforeValidator(parse_timezone)]
Target = Annotated[str, BeforeValidator(parse_target)]
