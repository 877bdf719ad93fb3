"""Checks on ``[incidents]`` and ``[gate]`` that need the whole config: who exists, which
duty keeps the register, ladders in order."""

from __future__ import annotations

from collections.abc import Iterator

from safeduty.config.incident_model import IncidentRung
from safeduty.config.locate import Path
from safeduty.config.model import SchoolConfig
from safeduty.domain.incidents import BUILTIN_TYPES

Found = tuple[Path, str, str | None]
HERE: Path = ("incidents",)


def _target(config: SchoolConfig, target: str, path: Path) -> Iterator[Found]:
    kind, _, rest = target.partition(":")
    if target == "assignee":
        yield path, "an incident has no assignee", "use role:... or staff:..."
    if kind == "role" and not config.staff_with_role(rest):
        yield path, f"nobody holds the role {rest!r}", "give someone that role under [[staff]]"
    if kind == "staff" and config.staff_by_id(rest) is None:
        yield path, f"unknown staff id {rest!r}", "use an id from a [[staff]] entry"


def _ladder(config: SchoolConfig, ladder: list[IncidentRung], here: Path) -> Iterator[Found]:
    previous = None
    for j, rung in enumerate(ladder):
        if rung.after.total_seconds() <= 0:
            yield (*here, j, "after"), "must be later than the report", 'use at least "1m"'
        elif previous is not None and rung.after <= previous:
            yield (
                (*here, j, "after"),
                "must be later than the step before it",
                "steps run in order of 'after'",
            )
        previous = rung.after
        yield from _target(config, rung.notify, (*here, j, "notify"))


def incident_problems(config: SchoolConfig) -> Iterator[Found]:
    """Every problem of the ``[incidents]`` and ``[gate]`` tables, as (path, message, hint)."""
    incidents = config.incidents
    if "responders" in incidents.model_fields_set:  # the default skips a role nobody holds
        for j, target in enumerate(incidents.responders):
            yield from _target(config, target, (*HERE, "responders", j))
    if not any(config.resolve(t, "") for t in incidents.responders if t != "assignee"):
        yield (
            (*HERE, "responders"),
            "nobody would be told of an incident",
            "give someone the role 'principal' or 'safety_officer'",
        )
    if incidents.ping_every.total_seconds() < 60:
        yield (*HERE, "ping_every"), "must be at least 1m", None
    yield from _ladder(config, incidents.escalation, (*HERE, "escalation"))
    seen: list[str] = []
    for i, kind in enumerate(incidents.types):
        here: Path = (*HERE, "types", i)
        if kind.id in seen:
            yield (*here, "id"), f"duplicate id {kind.id!r}", "ids must be unique"
        seen.append(kind.id)
        if kind.name is None and kind.id not in BUILTIN_TYPES:
            yield (
                (*here, "id"),
                f"{kind.id!r} is not a built-in type, so it needs a name",
                f'add name = "...", or use one of {", ".join(BUILTIN_TYPES)}',
            )
        for j, item in enumerate(kind.playbook):
            if item in kind.playbook[:j]:
                yield (*here, "playbook", j), f"repeats the item {item!r}", None
        if kind.ping_every is not None and kind.ping_every.total_seconds() < 60:
            yield (*here, "ping_every"), "must be at least 1m", None
        yield from _ladder(config, kind.escalation or [], (*here, "escalation"))
    gate = config.gate.duty
    if gate is not None and config.duty_by_id(gate) is None:
        yield ("gate", "duty"), f"unknown duty id {gate!r}", "use a [[duties]] id"
