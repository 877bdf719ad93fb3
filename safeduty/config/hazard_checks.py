"""Checks on ``[hazards]`` that need the whole config: who exists, which duties sweep."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from safeduty.config.locate import Path
from safeduty.config.model import SchoolConfig

Found = tuple[Path, str, str | None]
HERE: Path = ("hazards",)


def _repeats(values: Sequence[object], key: str, what: str) -> Iterator[Found]:
    for j, value in enumerate(values):
        if value in values[:j]:
            yield (*HERE, key, j), f"repeats the {what} {value!r}", "each may appear once"


def _target(config: SchoolConfig, target: str, path: Path) -> Iterator[Found]:
    kind, _, rest = target.partition(":")
    if kind == "role" and not config.staff_with_role(rest):
        yield path, f"nobody holds the role {rest!r}", "give someone that role under [[staff]]"
    if kind == "staff" and config.staff_by_id(rest) is None:
        yield path, f"unknown staff id {rest!r}", "use an id from a [[staff]] entry"


def hazard_problems(config: SchoolConfig) -> Iterator[Found]:
    """Every problem of the ``[hazards]`` table, as (path, message, hint)."""
    hazards = config.hazards
    yield from _repeats(hazards.places, "places", "place")
    yield from _repeats(hazards.categories, "categories", "category")
    yield from _repeats(hazards.deadline_days, "deadline_days", "deadline")
    previous = None
    for j, step in enumerate(hazards.escalation):
        if previous is not None and step.after <= previous:
            yield (
                (*HERE, "escalation", j, "after"),
                "must be later than the step before it",
                "steps run in order of 'after'",
            )
        previous = step.after
        if "escalation" in hazards.model_fields_set:  # the default skips a role nobody holds
            yield from _target(config, step.notify, (*HERE, "escalation", j, "notify"))
    for j, duty_id in enumerate(hazards.sweep_duties or []):
        if config.duty_by_id(duty_id) is None:
            yield (*HERE, "sweep_duties", j), f"unknown duty id {duty_id!r}", "use a [[duties]] id"
    if not (config.staff_with_role("safety_officer") or config.staff_with_role("principal")):
        yield (
            ("staff",),
            "nobody holds the role 'safety_officer' or 'principal', so no hazard could be "
            "assigned or verified",
            "give someone one of those roles",
        )
