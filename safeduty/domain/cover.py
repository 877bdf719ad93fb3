"""Who actually does a planned duty: the plan with leave, substitutes and swaps applied. Pure.

Leave and covers are stored facts, not edits of the plan. Planning asks the plan who is
on a duty, then follows the accepted covers of that slot (A's gate duty on 3 December ->
B; if B handed it on, -> C), and the slot is unstaffed when the person it ends with is on
leave. So a re-plan after ``/reload`` keeps every substitution, and days far ahead that
are not planned yet get the same answer when their time comes.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from safeduty.domain.cover_states import CoverReason, CoverState
from safeduty.domain.plan import PlannedOccurrence
from safeduty.domain.wall import local_moment

ESCALATE_BEFORE = timedelta(hours=24)
"""A duty still without a person this long before its reminder goes to the safety officer."""

LEAVE_STARTS = 14  # a leave starts today or on one of the next 13 days
LEAVE_LENGTHS = (1, 2, 3, 4, 5, 7, 10, 14)  # days, as offered on the buttons
LONGEST_LEAVE = max(LEAVE_LENGTHS)


@dataclass(frozen=True)
class LeaveSpan:
    """A stored, active leave."""

    staff_id: str
    first: date
    last: date

    def covers(self, day: date) -> bool:
        return self.first <= day <= self.last


@dataclass(frozen=True)
class CoverFact:
    """A stored cover, as planning needs it."""

    id: int
    duty_id: str
    day: date
    absent: str  # whom it replaces
    substitute: str | None
    reason: CoverReason
    state: CoverState
    deputy: bool = False


@dataclass(frozen=True)
class Arrangement:
    """The active leaves and live covers of some days: what planning applies to the plan."""

    leaves: tuple[LeaveSpan, ...] = ()
    covers: tuple[CoverFact, ...] = ()

    def on_leave(self, staff_id: str, day: date) -> bool:
        return any(s.staff_id == staff_id and s.covers(day) for s in self.leaves)

    def accepted(self, duty_id: str, day: date, absent: str) -> CoverFact | None:
        """The accepted cover of ``absent``'s slot, if any."""
        return next(
            (
                c
                for c in self.covers
                if (c.duty_id, c.day, c.absent) == (duty_id, day, absent)
                and c.state == CoverState.ACCEPTED
            ),
            None,
        )

    def live(self, duty_id: str, day: date, absent: str, reason: CoverReason) -> CoverFact | None:
        """The cover of ``absent``'s slot for ``reason`` still in play (not withdrawn)."""
        return next(
            (
                c
                for c in self.covers
                if (c.duty_id, c.day, c.absent, c.reason) == (duty_id, day, absent, reason)
                and not (reason == CoverReason.SWAP and c.state == CoverState.DECLINED)
            ),
            None,
        )

    def with_leave(self, span: LeaveSpan) -> Arrangement:
        return replace(self, leaves=(*self.leaves, span))


@dataclass(frozen=True)
class Placed:
    """One planned occurrence with leave and covers applied."""

    planned: PlannedOccurrence  # its ``assignee`` is the person who does it
    original: str  # whom the plan named
    chain: tuple[CoverFact, ...] = ()  # the accepted covers followed, in order
    absent: str | None = None  # on leave with nobody covering: the duty is unstaffed

    @property
    def unstaffed(self) -> bool:
        return self.absent is not None

    @property
    def people(self) -> tuple[str, ...]:
        """Everyone the slot passed through: the original, then each substitute."""
        return (self.original, *(c.substitute or "" for c in self.chain))

    @property
    def covering(self) -> CoverFact | None:
        """The cover the person doing it took over (the last one followed)."""
        return self.chain[-1] if self.chain else None


def arrange(planned: Iterable[PlannedOccurrence], arrangement: Arrangement) -> list[Placed]:
    """Follow each planned occurrence's accepted covers; mark it unstaffed if its person is away."""
    placed = []
    for p in planned:
        who, chain, seen = p.assignee, [], {p.assignee}
        while (cover := arrangement.accepted(p.duty_id, p.day, who)) is not None:
            if cover.substitute is None or cover.substitute in seen:
                break  # a loop (A -> B -> A) ends where it started
            chain.append(cover)
            who = cover.substitute
            seen.add(who)
        absent = who if arrangement.on_leave(who, p.day) else None
        placed.append(Placed(replace(p, assignee=who), p.assignee, tuple(chain), absent))
    return placed


def staffed(placed: Iterable[Placed]) -> list[PlannedOccurrence]:
    """The occurrences to create: everyone's but the unstaffed."""
    return [x.planned for x in placed if not x.unstaffed]


def slots(placed: Iterable[Placed]) -> set[tuple[str, date, str]]:
    """Every (duty, day, person) a cover may replace: each person a slot passes through."""
    return {(x.planned.duty_id, x.planned.day, who) for x in placed for who in x.people}


def needs(placed: Iterable[Placed], staff_id: str, now: datetime) -> list[Placed]:
    """The duties ``staff_id``'s leave leaves without a person, not started yet."""
    return [x for x in placed if x.absent == staff_id and x.planned.remind_at > now]


def on_duty(placed: Iterable[Placed], duty_id: str, day: date) -> set[str]:
    """Who does ``duty_id`` on ``day`` already (a group duty has several)."""
    return {
        x.planned.assignee
        for x in placed
        if (x.planned.duty_id, x.planned.day) == (duty_id, day) and not x.unstaffed
    }


def can_cover(
    who: str, *, absent: str, duty_id: str, day: date, placed: Sequence[Placed], arr: Arrangement
) -> bool:
    """Whether ``who`` may take ``absent``'s ``duty_id`` on ``day``."""
    return (
        who != absent
        and not arr.on_leave(who, day)
        and who not in on_duty(placed, duty_id, day) - {absent}
    )


def candidates(
    staff_ids: Iterable[str],
    *,
    absent: str,
    duty_id: str,
    day: date,
    placed: Sequence[Placed],
    arr: Arrangement,
) -> list[str]:
    """The colleagues who could be asked, in config order."""
    return [
        s
        for s in staff_ids
        if can_cover(s, absent=absent, duty_id=duty_id, day=day, placed=placed, arr=arr)
    ]


def deputy_for(x: Placed, placed: Sequence[Placed], arr: Arrangement) -> str | None:
    """The duty's deputy, if they can stand in for the slot's absent person."""
    deputy = x.planned.deputy
    if deputy is None or x.absent is None:
        return None
    day, duty_id = x.planned.day, x.planned.duty_id
    ok = can_cover(deputy, absent=x.absent, duty_id=duty_id, day=day, placed=placed, arr=arr)
    return deputy if ok else None


def escalate_at(remind_at: datetime) -> datetime:
    """When an unstaffed duty goes to the safety officer: 24 hours before its reminder."""
    return remind_at - ESCALATE_BEFORE


def leave_starts(today: date) -> list[date]:
    """The first days a leave may start on: today and the next 13 days."""
    return [today + timedelta(days=n) for n in range(LEAVE_STARTS)]


def rest_of_week(today: date) -> int:
    """Days from ``today`` to Sunday, both counted ("this week")."""
    return 7 - today.weekday()


def leave_ok(first: date, days: int, today: date) -> bool:
    """A leave the buttons could have offered: starting within two weeks, 1-14 days long."""
    return today <= first < today + timedelta(days=LEAVE_STARTS) and 1 <= days <= LONGEST_LEAVE


def heads_up_at(day: date, at: time, zone: ZoneInfo) -> datetime:
    """The heads-up of a duty on ``day``: the evening before at wall-clock ``at``."""
    return local_moment(day - timedelta(days=1), at, zone)
