"""Seeing ahead, pure: one person's duties in the days to come, and the rules that give them.

``/week`` lists each of the next seven days with what the person does, covers or handed
on; ``/start`` describes each duty by its rule (a weekday rota, every school day, in turn,
on holidays) and names the next date the plan has them on it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from safeduty.config.model import Duty, SchoolConfig
from safeduty.domain.cover import Placed


class Part(StrEnum):
    """What a person has to do with one occurrence."""

    MINE = "mine"  # planned for them, they do it
    COVERING = "covering"  # somebody else's, they stand in
    COVERED = "covered"  # theirs, somebody else stands in
    UNSTAFFED = "unstaffed"  # theirs, they are away and nobody stands in yet


@dataclass(frozen=True)
class Entry:
    """One line of a person's week: the occurrence, their part and the other person in it."""

    placed: Placed
    part: Part
    other: str | None = None

    @property
    def day(self) -> date:
        return self.placed.planned.day


def entries(placed: Iterable[Placed], staff_id: str) -> list[Entry]:
    """Every occurrence ``staff_id`` has a part in, in reminder order."""
    found = []
    for x in sorted(placed, key=lambda x: x.planned.remind_at):
        people = x.people
        if staff_id not in people:
            continue
        doer = x.planned.assignee
        if x.unstaffed and x.absent == staff_id:
            found.append(Entry(x, Part.UNSTAFFED))
        elif doer == staff_id and x.covering is not None:
            found.append(Entry(x, Part.COVERING, x.covering.absent))
        elif doer == staff_id:
            found.append(Entry(x, Part.MINE))
        elif not x.unstaffed:
            found.append(Entry(x, Part.COVERED, doer))
    return found


class How(StrEnum):
    """By which rule a person is on a duty."""

    ROTA = "rota"  # named on some weekdays
    ASSIGNED = "assigned"  # named (or in a group or role named) in ``assignees``
    ROTATION = "rotation"  # one of the people taking turns
    OVERRIDE = "override"  # named for some dates only
    DEPUTY = "deputy"  # stands in when someone is away


@dataclass(frozen=True)
class Rule:
    """How one person is on one duty."""

    duty: Duty
    how: How
    weekdays: tuple[str, ...] = ()  # ROTA: the weekdays
    people: int = 0  # ROTATION: how many take turns


def rules_for(config: SchoolConfig, staff_id: str) -> list[Rule]:
    """Each duty ``staff_id`` is on, and by which rule, in config order."""
    found = []
    for duty in config.duties:
        members = {m for e in duty.assignees or [] for m in config.members(e)}
        overridden = {m for o in duty.overrides for e in o.assignees for m in config.members(e)}
        if duty.rota is not None and staff_id in duty.rota.values():
            days = tuple(d for d, who in duty.rota.items() if who == staff_id)
            found.append(Rule(duty, How.ROTA, weekdays=days))
        elif staff_id in members:
            found.append(Rule(duty, How.ASSIGNED))
        elif duty.rotation is not None and staff_id in duty.rotation.people:
            found.append(Rule(duty, How.ROTATION, people=len(duty.rotation.people)))
        elif staff_id in overridden:
            found.append(Rule(duty, How.OVERRIDE))
        elif duty.deputy == staff_id:
            found.append(Rule(duty, How.DEPUTY))
    return found


def next_dates(placed: Iterable[Placed], staff_id: str) -> dict[str, date]:
    """The first date each duty has ``staff_id`` doing it, by duty id."""
    found: dict[str, date] = {}
    for x in sorted(placed, key=lambda x: x.planned.remind_at):
        if x.planned.assignee == staff_id and not x.unstaffed:
            found.setdefault(x.planned.duty_id, x.planned.day)
    return found
