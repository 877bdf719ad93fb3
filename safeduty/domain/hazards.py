"""Hazards (隐患排查 → 整改 → 复查销号) as a state machine, and when one is chased. Pure.

A hazard is reported (open), given an owner and a deadline (assigned), reported fixed by
its owner (fixed), and verified by someone else (closed), or sent back (reopened). While
an owner has it, they are reminded each school day; once the deadline has passed, its own
escalation ladder climbs, counted from the reminder time on the day after the deadline.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from safeduty.config.model import SchoolConfig
from safeduty.domain.calendar import SchoolCalendar
from safeduty.domain.escalation import end_of_day
from safeduty.domain.plan import local_moment
from safeduty.domain.states import Transitions


class HazardState(StrEnum):
    """Where a hazard stands."""

    OPEN = "open"  # reported, nobody responsible yet
    ASSIGNED = "assigned"  # an owner and a deadline (责任到人, 限期整改)
    FIXED = "fixed"  # the owner says it is fixed; someone else must check
    CLOSED = "closed"  # verified by someone other than the owner (复查验收, 销号)
    REOPENED = "reopened"  # the fix did not hold; back with its owner


class HazardLevel(StrEnum):
    """一般 / 重大: a major hazard reaches the principal and the safety officer at once."""

    GENERAL = "general"
    MAJOR = "major"


class PhotoKind(StrEnum):
    """A photo of the hazard as found, or of the fix."""

    BEFORE = "before"
    AFTER = "after"


class HazardInputStep(StrEnum):
    """What the bot waits for from one person in a hazard conversation."""

    DESCRIPTION = "description"
    PLACE = "place"  # a button, or "type it"
    PLACE_TEXT = "place_text"
    PHOTOS = "photos"  # any number, then "done"
    CATEGORY = "category"
    LEVEL = "level"
    FIX_NOTE = "fix_note"
    FIX_PHOTO = "fix_photo"
    REOPEN_REASON = "reopen_reason"


class HazardAction(StrEnum):
    """One step of a hazard's timeline, as ``/hazard ID`` and the ledger show it."""

    OPENED = "opened"
    ASSIGNED = "assigned"
    ESCALATED = "escalated"
    FIXED = "fixed"
    CLOSED = "closed"
    REOPENED = "reopened"
    RECHECKED = "rechecked"  # still fixed, at a later sweep
    PHOTOS_EXPIRED = "photos_expired"  # the retention period passed


class HazardRefusal(StrEnum):
    """Why a hazard command did nothing for the person who asked."""

    STALE = "stale"  # no such hazard, or it moved on (an old button)
    NOT_ALLOWED = "not_allowed"  # needs the safety officer or principal role
    NOT_OWNER = "not_owner"  # only the owner reports the fix
    OWN_FIX = "own_fix"  # the owner cannot verify their own fix
    NOT_VISIBLE = "not_visible"  # a teacher sees only what they reported or own
    UNKNOWN_STAFF = "unknown_staff"


HAZARD: Transitions = {
    None: frozenset({HazardState.OPEN}),
    HazardState.OPEN: frozenset({HazardState.ASSIGNED}),
    HazardState.ASSIGNED: frozenset({HazardState.ASSIGNED, HazardState.FIXED}),  # reassigned
    HazardState.FIXED: frozenset({HazardState.CLOSED, HazardState.REOPENED}),
    HazardState.CLOSED: frozenset({HazardState.REOPENED}),  # "no" at the next sweep
    HazardState.REOPENED: frozenset({HazardState.ASSIGNED, HazardState.FIXED}),
}

HAZARD_INPUT: Transitions = {
    None: frozenset(
        {
            HazardInputStep.DESCRIPTION,
            HazardInputStep.PLACE,  # a ⚠️ answer brings its description along
            HazardInputStep.FIX_NOTE,
            HazardInputStep.REOPEN_REASON,
        }
    ),
    HazardInputStep.DESCRIPTION: frozenset({HazardInputStep.PLACE}),
    HazardInputStep.PLACE: frozenset({HazardInputStep.PLACE_TEXT, HazardInputStep.PHOTOS}),
    HazardInputStep.PLACE_TEXT: frozenset({HazardInputStep.PHOTOS}),
    HazardInputStep.PHOTOS: frozenset({HazardInputStep.PHOTOS, HazardInputStep.CATEGORY}),
    HazardInputStep.CATEGORY: frozenset({HazardInputStep.LEVEL}),
    HazardInputStep.LEVEL: frozenset(),
    HazardInputStep.FIX_NOTE: frozenset({HazardInputStep.FIX_PHOTO}),
    HazardInputStep.FIX_PHOTO: frozenset(),
    HazardInputStep.REOPEN_REASON: frozenset(),
}

CHASED = (HazardState.ASSIGNED, HazardState.REOPENED)
"""States in which the owner is reminded and an overdue hazard climbs its ladder."""

NOT_CLOSED = (HazardState.OPEN, HazardState.ASSIGNED, HazardState.FIXED, HazardState.REOPENED)
"""Hazards still on the list: not yet verified fixed."""

OFFICER_ROLES = frozenset({"safety_officer", "principal"})
"""Who assigns owners and verifies fixes."""

REMINDER_HORIZON_DAYS = 400  # looks this far for the next school day (a long vacation)


def overdue(deadline: date | None, now: datetime, zone: ZoneInfo) -> bool:
    """Past the deadline day (school-local midnight after it) and not yet fixed."""
    return deadline is not None and now >= end_of_day(deadline, zone)


def is_overdue(state: str, deadline: date | None, now: datetime, zone: ZoneInfo) -> bool:
    """An owner has it, its deadline day is over, and no fix was reported."""
    return state in CHASED and overdue(deadline, now, zone)


def ladder_base(deadline: date, remind_at: time, zone: ZoneInfo) -> datetime:
    """Where an overdue hazard's ladder starts: the reminder time the day after the deadline.

    Nobody is woken at midnight: a step ``after = "0m"`` comes with the morning reminder.
    """
    return local_moment(deadline + timedelta(days=1), remind_at, zone)


def next_reminder(
    after: datetime, *, remind_at: time, calendar: SchoolCalendar, zone: ZoneInfo
) -> datetime | None:
    """The first reminder moment strictly after ``after``: a school day at ``remind_at``."""
    day = after.astimezone(zone).date()
    for offset in range(REMINDER_HORIZON_DAYS):
        candidate = day + timedelta(days=offset)
        if calendar.timetable_day(candidate) is None:
            continue
        moment = local_moment(candidate, remind_at, zone)
        if moment > after:
            return moment
    return None


@dataclass(frozen=True)
class Rung:
    """One step of an overdue hazard's ladder that fell due."""

    index: int
    due: datetime
    notify: str  # "owner", "role:<role>" or "staff:<id>"


@dataclass(frozen=True)
class Chase:
    """What to do for a chased hazard at ``now``, and when to look again."""

    rungs: tuple[Rung, ...]  # ladder steps due now, in order (each sent, none skipped)
    remind: bool  # the owner's reminder (skipped when a rung already tells the owner)
    next_rung: int
    next_at: datetime | None


def first_chase(
    *,
    now: datetime,
    deadline: date,
    ladder: Sequence[tuple[int, str]],
    remind_at: time,
    calendar: SchoolCalendar,
    zone: ZoneInfo,
) -> datetime | None:
    """When a hazard just assigned (or reopened) at ``now`` is first chased: reminders
    start the next school day (they just heard of it), the ladder when it is overdue."""
    tonight = end_of_day(now.astimezone(zone).date(), zone) - timedelta(microseconds=1)
    return _following(
        tonight,
        0,
        deadline=deadline,
        ladder=ladder,
        remind_at=remind_at,
        calendar=calendar,
        zone=zone,
    )


def chase(
    *,
    now: datetime,
    due: datetime,
    rung: int,
    deadline: date,
    ladder: Sequence[tuple[int, str]],
    remind_at: time,
    calendar: SchoolCalendar,
    zone: ZoneInfo,
) -> Chase:
    """Everything due for a chased hazard whose stored next action (``due``) has come.

    Every ladder step due by ``now`` fires (escalations are never skipped); reminders that
    fell due while the bot was down collapse into one; the owner gets no reminder at the
    moment a step of the ladder already tells them.
    """
    base = ladder_base(deadline, remind_at, zone)
    rungs = []
    index = rung
    while index < len(ladder) and base + timedelta(minutes=ladder[index][0]) <= now:
        rungs.append(Rung(index, base + timedelta(minutes=ladder[index][0]), ladder[index][1]))
        index += 1
    first_reminder = next_reminder(
        due - timedelta(microseconds=1), remind_at=remind_at, calendar=calendar, zone=zone
    )
    reminder_due = first_reminder is not None and first_reminder <= now
    owner_told = any(r.notify == "owner" for r in rungs)
    return Chase(
        rungs=tuple(rungs),
        remind=reminder_due and not owner_told,
        next_rung=index,
        next_at=_following(
            now,
            index,
            deadline=deadline,
            ladder=ladder,
            remind_at=remind_at,
            calendar=calendar,
            zone=zone,
        ),
    )


def _following(
    after: datetime,
    rung: int,
    *,
    deadline: date,
    ladder: Sequence[tuple[int, str]],
    remind_at: time,
    calendar: SchoolCalendar,
    zone: ZoneInfo,
) -> datetime | None:
    moments = []
    reminder = next_reminder(after, remind_at=remind_at, calendar=calendar, zone=zone)
    if reminder is not None:
        moments.append(reminder)
    if rung < len(ladder):
        moments.append(ladder_base(deadline, remind_at, zone) + timedelta(minutes=ladder[rung][0]))
    return min(moments, default=None)


def refuse_assign(*, roles: frozenset[str] | set[str], state: str | None) -> HazardRefusal | None:
    """Only the safety officer or principal assigns, while no fix is waiting or done."""
    if state is None:
        return HazardRefusal.STALE
    if not OFFICER_ROLES & set(roles):
        return HazardRefusal.NOT_ALLOWED
    if state not in (HazardState.OPEN, HazardState.ASSIGNED, HazardState.REOPENED):
        return HazardRefusal.STALE
    return None


def refuse_fix(*, by: str, owner: str | None, state: str | None) -> HazardRefusal | None:
    """Only the owner reports the fix, while they have it."""
    if state is None:
        return HazardRefusal.STALE
    if owner != by:
        return HazardRefusal.NOT_OWNER
    if state not in CHASED:
        return HazardRefusal.STALE
    return None


def refuse_verify(
    *, by: str, roles: frozenset[str] | set[str], owner: str | None, state: str | None
) -> HazardRefusal | None:
    """Someone other than the owner, with the safety officer or principal role, checks a fix."""
    if state is None:
        return HazardRefusal.STALE
    if not OFFICER_ROLES & set(roles):
        return HazardRefusal.NOT_ALLOWED
    if owner == by:
        return HazardRefusal.OWN_FIX
    if state != HazardState.FIXED:
        return HazardRefusal.STALE
    return None


def may_see(
    *, by: str, roles: frozenset[str] | set[str], reported_by: str, owner: str | None
) -> bool:
    """Officers see every hazard; anyone else those they reported or own."""
    return bool(OFFICER_ROLES & set(roles)) or by in (reported_by, owner)


@dataclass(frozen=True)
class Listed:
    """What the list order needs of a hazard."""

    id: int
    state: str
    level: str
    deadline: date | None


def list_order(hazard: Listed, now: datetime, zone: ZoneInfo) -> tuple[bool, bool, date, int]:
    """Overdue first, then major before general, then by due date (none last), then number."""
    return (
        not is_overdue(hazard.state, hazard.deadline, now, zone),
        hazard.level != HazardLevel.MAJOR,
        hazard.deadline or date.max,
        hazard.id,
    )


@dataclass(frozen=True)
class HazardCounts:
    """A day's hazard figures for the summary."""

    opened: int
    fixed: int
    verified: int
    overdue: int
    open: int  # not yet closed, at the end of the day (or now)


def day_counts(
    *,
    day: date,
    zone: ZoneInfo,
    now: datetime,
    steps: Sequence[tuple[str, datetime]],
    hazards: Sequence[tuple[str, date | None, datetime]],
) -> HazardCounts:
    """Opened, fixed and verified that school-local day; overdue and open as of its end.

    ``steps`` are (action, at) of every timeline step; ``hazards`` (state, deadline,
    reported_at) of every hazard as it stands. "As of its end" is ``now`` for today.
    """
    start = local_moment(day, time(0, 0), zone)
    end = min(end_of_day(day, zone) - timedelta(microseconds=1), now)  # its last moment

    def on_day(action: HazardAction) -> int:
        return sum(1 for a, at in steps if a == action and start <= at < end_of_day(day, zone))

    alive = [h for h in hazards if h[2] <= end and h[0] in NOT_CLOSED]
    return HazardCounts(
        opened=on_day(HazardAction.OPENED),
        fixed=on_day(HazardAction.FIXED),
        verified=on_day(HazardAction.CLOSED),
        overdue=sum(1 for state, deadline, _ in alive if is_overdue(state, deadline, end, zone)),
        open=len(alive),
    )


def sweep_duty_ids(config: SchoolConfig) -> list[str]:
    """The duties that are the monthly sweep: as configured, else every monthly duty."""
    configured = config.hazards.sweep_duties
    if configured is not None:
        return list(configured)
    return [d.id for d in config.duties if d.monthly is not None]
