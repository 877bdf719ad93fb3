"""The ``[hazards]`` table: places, categories, deadlines, the overdue ladder, photos.

Its own module so the hazard rules stay beside each other; ``SchoolConfig`` holds one.
"""

from __future__ import annotations

from datetime import time, timedelta
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

from safeduty.config.problems import shown
from safeduty.config.values import ROLES, Clock, Id, one_line_text

MAX_DELAY_DAYS = 90
DEFAULT_CATEGORIES = (
    "buildings",
    "fire_safety",
    "electrics",
    "food",
    "equipment",
    "surroundings",
    "other",
)
"""Built-in categories; the interface names them in each language (texts ``hazard_cat_*``)."""

_DIGITS = frozenset("0123456789")


def parse_delay(value: Any) -> timedelta:
    """Accept "0m", "30m", "2h", "1d" or "1d12h", up to 90 days past the ladder's start."""
    if isinstance(value, timedelta):  # the built-in defaults (TOML has no such type)
        return value
    if isinstance(value, str):
        text = value.strip()
        days, d_mark, rest = text.partition("d") if "d" in text else ("0", "", text)
        hours, h_mark, rest = rest.partition("h") if "h" in rest else ("0", "", rest)
        minutes = rest.removesuffix("m") if rest.endswith("m") else ("0" if not rest else "")
        parts = (days, hours, minutes)
        if text and (d_mark or h_mark or rest) and all(p and set(p) <= _DIGITS for p in parts):
            d, h, m = (int(p[:6]) if len(p) <= 6 else 10**6 for p in parts)
            total = timedelta(days=d, hours=h, minutes=m)
            if total > timedelta(days=MAX_DELAY_DAYS):
                raise ValueError(f"{shown(value)} is longer than {MAX_DELAY_DAYS} days")
            return total
    raise ValueError(f'expected a delay like "0m", "2h", "1d" or "3d", got {shown(value)}')


def parse_hazard_target(value: Any) -> str:
    """Accept "owner", "role:<role>" or "staff:<id>" -- who an overdue step goes to."""
    if isinstance(value, str):
        if value == "owner":
            return value
        if value == "assignee":
            raise ValueError('a hazard has an owner, not an assignee: use "owner"')
        kind, _, rest = value.partition(":")
        if (kind == "role" and rest in ROLES) or (kind == "staff" and rest):
            return value
    raise ValueError(
        f'expected "owner", "role:<{"|".join(ROLES)}>" or "staff:<id>", got {shown(value)}'
    )


Delay = Annotated[timedelta, BeforeValidator(parse_delay)]
HazardTarget = Annotated[str, BeforeValidator(parse_hazard_target)]
Label = Annotated[str, one_line_text(40)]


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


class HazardStep(_Section):
    after: Delay
    notify: HazardTarget


def _default_ladder() -> list[HazardStep]:
    return [
        HazardStep(after=timedelta(0), notify="owner"),
        HazardStep(after=timedelta(days=1), notify="role:safety_officer"),
        HazardStep(after=timedelta(days=3), notify="role:principal"),
    ]


def _default_deadlines() -> list[int]:
    return [0, 1, 3, 7, 14]


class Hazards(_Section):
    """Hazard tracking: what the buttons offer, how an owner is chased, photo rules."""

    places: list[Label] = Field(default_factory=list, max_length=60)
    categories: list[Label] = Field(
        default_factory=lambda: list(DEFAULT_CATEGORIES), min_length=1, max_length=30
    )
    deadline_days: list[Annotated[int, Field(ge=0, le=365)]] = Field(
        default_factory=_default_deadlines, min_length=1, max_length=8
    )
    remind_at: Clock = time(8, 0)
    sweep_duties: list[Id] | None = None  # default: every monthly duty
    photo_max_kb: Annotated[int, Field(ge=50, le=20480)] = 5120
    photo_retention_days: Annotated[int, Field(ge=30, le=36500)] = 1095
    escalation: list[HazardStep] = Field(default_factory=_default_ladder, max_length=10)
