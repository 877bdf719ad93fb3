"""The gate register: visitors in and out, pupils' leave slips. Pure.

A visit is recorded by the gate duty teacher while the gate duty runs (from its reminder
to its deadline). At the deadline every visitor still inside is asked about; one left
unconfirmed climbs the gate duty's own escalation ladder, like the duty would.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from safeduty.domain.states import Transitions


class VisitState(StrEnum):
    """One visitor at the gate."""

    INSIDE = "inside"  # checked in, not out yet
    ASKED = "asked"  # the gate duty ended with them inside: the teacher is asked
    CONFIRMED = "confirmed"  # someone confirmed they are still inside, on purpose
    LEFT = "left"  # checked out


VISIT: Transitions = {
    None: frozenset({VisitState.INSIDE}),
    VisitState.INSIDE: frozenset({VisitState.ASKED, VisitState.LEFT, VisitState.CONFIRMED}),
    VisitState.ASKED: frozenset(
        {
            VisitState.ASKED,  # a rung of the ladder fell due
            VisitState.CONFIRMED,
            VisitState.LEFT,
        }
    ),
    VisitState.CONFIRMED: frozenset({VisitState.LEFT}),
    VisitState.LEFT: frozenset(),
}

UNCONFIRMED = (VisitState.INSIDE, VisitState.ASKED)
"""Visitors the tick may still have to ask about or escalate."""


class GateStep(StrEnum):
    """What the bot waits for from the gate duty teacher."""

    VISITOR = "visitor"  # one line: name, organisation, purpose, whom they visit
    LEAVE = "leave"  # one line: pupil, class, signing teacher
    SLIP_PHOTO = "slip_photo"  # a photo of the leave slip just recorded (optional)


GATE_ROLES = frozenset({"safety_officer", "principal"})
"""Who may check a visitor out or confirm them besides the teachers at the gate."""

SEPARATORS = re.compile(r"\s*[,，;；、|/]\s*")
FIELD_CHARS = 100


@dataclass(frozen=True)
class VisitorLine:
    """A visitor as typed on one line; only the name is required."""

    name: str
    organisation: str = ""
    purpose: str = ""
    host: str = ""


@dataclass(frozen=True)
class LeaveLine:
    """A pupil's leave slip as typed on one line; the pupil's name is required."""

    pupil: str
    class_name: str = ""
    signed_by: str = ""


def _fields(text: str, count: int) -> list[str] | None:
    parts = [p.strip()[:FIELD_CHARS] for p in SEPARATORS.split(text.strip())]
    if not parts or not parts[0] or len(parts) > count:
        return None
    return parts + [""] * (count - len(parts))


def parse_visitor(text: str) -> VisitorLine | None:
    """``张三，自来水公司，抄水表，李主任`` -> a visitor; None when it cannot be one."""
    fields = _fields(text, 4)
    return VisitorLine(*fields) if fields else None


def parse_leave(text: str) -> LeaveLine | None:
    """``王小明，三(2)班，刘老师`` -> a leave slip; None when it cannot be one."""
    fields = _fields(text, 3)
    return LeaveLine(*fields) if fields else None


def on_gate_duty(remind_at: datetime, deadline: datetime, now: datetime) -> bool:
    """The register is open from the gate duty's reminder until its deadline."""
    return remind_at <= now <= deadline


@dataclass(frozen=True)
class Chase:
    """One step of chasing a visitor left inside: the question, then each rung."""

    due: datetime
    notify: str  # "assignee" is the teacher who recorded the visitor
    rung: int | None  # None for the question to the teacher at the deadline


def chase(deadline: datetime, ladder: list[tuple[int, str]]) -> list[Chase]:
    """The question at the deadline, then the gate duty's ladder counted from it."""
    steps = [Chase(deadline, "assignee", None)]
    for n, (after, notify) in enumerate(ladder):
        steps.append(Chase(deadline + timedelta(minutes=after), notify, n))
    return steps


def chase_due(deadline: datetime, ladder: list[tuple[int, str]], step: int) -> datetime | None:
    """When chase step ``step`` falls due, or None once every step was taken."""
    steps = chase(deadline, ladder)
    return steps[step].due if step < len(steps) else None


@dataclass(frozen=True)
class Usual:
    """A usual visitor of the week and the latest visit to copy."""

    visitor: VisitorLine
    visit_id: int
    times: int


def usual_visitors(
    visits: Iterable[tuple[int, VisitorLine, datetime]], *, limit: int = 6
) -> list[Usual]:
    """The week's visitors by how often they came (then how recently), at most ``limit``."""
    counts: Counter[VisitorLine] = Counter()
    latest: dict[VisitorLine, tuple[datetime, int]] = {}
    for visit_id, visitor, at in visits:
        counts[visitor] += 1
        if visitor not in latest or latest[visitor] < (at, visit_id):
            latest[visitor] = (at, visit_id)
    ranked = sorted(counts, key=lambda v: (-counts[v], -latest[v][0].timestamp(), v.name))
    return [Usual(v, latest[v][1], counts[v]) for v in ranked[:limit]]
