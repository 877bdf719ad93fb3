"""Leave as commands: record it, keep its covers in line with the plan, escalate the unstaffed.

A leave is a stored period. Recording it creates a cover for each of the person's duties in
it: the duty's deputy takes it at once (and is told), otherwise it is unstaffed until a
colleague accepts (``safeduty.commands.cover``). Days not planned yet are covered the same
way: planning applies the stored leave and covers whenever it runs, and :func:`sync_covers`
adds the covers a re-plan needs (a duty added by ``/reload``) and withdraws those whose
duty is gone.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

from sqlmodel import Session

from safeduty.arranged import placed_days
from safeduty.commands.owed import owe
from safeduty.commands.problems import officers
from safeduty.commands.record import Command
from safeduty.config.model import SchoolConfig
from safeduty.domain.calendar import SchoolCalendar
from safeduty.domain.cover import (
    Arrangement,
    LeaveSpan,
    Placed,
    deputy_for,
    escalate_at,
    leave_ok,
    needs,
    slots,
)
from safeduty.domain.cover_states import (
    COVER,
    LEAVE,
    LIVE,
    UNSTAFFED,
    CoverReason,
    CoverRefusal,
    CoverState,
    LeaveState,
)
from safeduty.domain.events import EventKind
from safeduty.domain.plan import school_date
from safeduty.domain.states import DeliveryKind
from safeduty.storage import covers
from safeduty.storage.tables import Cover, Delivery, StaffLeave

SYSTEM = "system"
ARRANGERS = frozenset({"safety_officer", "admin"})


def may_act_for(config: SchoolConfig, by: str, staff_id: str) -> bool:
    """A teacher records their own leave; an admin anyone's."""
    person = config.staff_by_id(by)
    return by == staff_id or (person is not None and "admin" in person.roles)


def may_arrange(config: SchoolConfig, by: str, cover: Cover, leave: StaffLeave | None) -> bool:
    """Who may propose a colleague: the absent person, who recorded the leave, an officer."""
    person = config.staff_by_id(by)
    mine = by in (cover.absent, leave.requested_by if leave else None)
    return mine or (person is not None and bool(ARRANGERS & set(person.roles)))


def told_about(config: SchoolConfig, absent: str) -> list[str]:
    """Who hears that a duty has nobody: the officers (else principals), not the absent one."""
    found = [s for s in officers(config) if s != absent]
    return found or [p.id for p in config.staff_with_role("principal") if p.id != absent]


@dataclass(frozen=True)
class LeaveOutcome:
    """What recording a leave did; ``refusal`` says why it did nothing."""

    refusal: CoverRefusal | None
    leave_id: int | None = None
    covers: tuple[int, ...] = ()

    @property
    def ok(self) -> bool:
        return self.refusal is None


def request_leave(
    session: Session,
    *,
    config: SchoolConfig,
    staff_id: str,
    first: date,
    days: int,
    by: str,
    now: datetime,
    calendar: SchoolCalendar | None = None,
) -> LeaveOutcome:
    """Record ``staff_id``'s leave and a cover for each of their duties in it."""
    if config.staff_by_id(staff_id) is None or not leave_ok(first, days, school_date(now, config)):
        return LeaveOutcome(CoverRefusal.STALE)
    if not may_act_for(config, by, staff_id):
        return LeaveOutcome(CoverRefusal.NOT_ALLOWED)
    last = first + timedelta(days=days - 1)
    with Command(session, kind=EventKind.LEAVE_RECORDED, actor=by, now=now) as cmd:
        leave = cmd.insert(
            StaffLeave(
                staff_id=staff_id,
                first_day=first,
                last_day=last,
                state=LeaveState.ACTIVE,
                requested_by=by,
                created_at=now,
            )
        )
        span = LeaveSpan(staff_id, first, last)
        placed, arr = placed_days(
            config, session, first, days, calendar, extra=Arrangement(leaves=(span,))
        )
        added = _add_covers(cmd, config, placed, arr, staff_id=staff_id, leave_id=leave.id)
        if by != staff_id:
            owe(
                cmd,
                Delivery(
                    key=f"l{leave.id}:notice:{staff_id}",
                    kind=DeliveryKind.LEAVE_NOTICE,
                    recipient=staff_id,
                    day=first,
                    due_at=now,
                ),
            )
        cmd.done(
            leave=leave.id,
            staff=staff_id,
            first=first,
            last=last,
            covers=[c.id for c in added],
            deputies={str(c.id): c.substitute for c in added if c.deputy},
        )
    return LeaveOutcome(None, leave.id, tuple(c.id or 0 for c in added))


def _add_covers(
    cmd: Command,
    config: SchoolConfig,
    placed: list[Placed],
    arr: Arrangement,
    *,
    staff_id: str,
    leave_id: int | None,
) -> list[Cover]:
    """A cover for each duty the leave leaves without a person and nothing covers yet.

    The deputy takes it at once when they can (and is told); otherwise it is unstaffed and
    the officers are told once, with a button to find somebody.
    """
    added: list[Cover] = []
    for x in needs(placed, staff_id, cmd.now):
        p = x.planned
        if arr.live(p.duty_id, p.day, staff_id, CoverReason.LEAVE) is not None:
            continue  # an overlapping leave already asked for it
        deputy = deputy_for(x, placed, arr)
        row = cmd.insert(
            Cover(
                duty_id=p.duty_id,
                duty_name=p.duty_name,
                day=p.day,
                absent=staff_id,
                substitute=deputy,
                reason=CoverReason.LEAVE,
                leave_id=leave_id,
                deputy=deputy is not None,
                state=CoverState.ACCEPTED if deputy else CoverState.NEEDED,
                remind_at=p.remind_at,
                escalate_at=None if deputy else escalate_at(p.remind_at),
                created_at=cmd.now,
                decided_at=cmd.now if deputy else None,
            )
        )
        added.append(row)
        arr = replace(arr, covers=(*arr.covers, covers.fact(row)))
        if deputy is not None:
            owe(
                cmd,
                Delivery(
                    key=f"c{row.id}:assigned:{deputy}",
                    kind=DeliveryKind.COVER_ASSIGNED,
                    recipient=deputy,
                    cover_id=row.id,
                    due_at=cmd.now,
                ),
            )
    needed = [c for c in added if not c.deputy]
    if needed:
        for who in told_about(config, staff_id):
            owe(
                cmd,
                Delivery(
                    key=f"c{needed[0].id}:needed:{who}",
                    kind=DeliveryKind.COVER_NEEDED,
                    recipient=who,
                    cover_id=needed[0].id,
                    due_at=cmd.now,
                ),
            )
    return added


def withdraw_leave(
    session: Session, *, config: SchoolConfig, leave_id: int, by: str, now: datetime
) -> LeaveOutcome:
    """Take a leave back: its duties not started yet are the person's again.

    Its covers still ahead are withdrawn and a colleague who had accepted (or been asked) is
    told they are not needed; what already happened stays as it was.
    """
    with Command(session, kind=EventKind.LEAVE_WITHDRAWN, actor=by, now=now) as cmd:
        leave = covers.leave(session=session, leave_id=leave_id)
        if leave is None or leave.state != LeaveState.ACTIVE:
            return LeaveOutcome(CoverRefusal.DECIDED if leave else CoverRefusal.STALE)
        if not may_act_for(config, by, leave.staff_id):
            return LeaveOutcome(CoverRefusal.NOT_ALLOWED, leave_id)
        if leave.last_day < school_date(now, config):
            return LeaveOutcome(CoverRefusal.STALE, leave_id)  # over: nothing to take back
        cmd.move(StaffLeave, leave_id, machine=LEAVE, column="state", to=LeaveState.WITHDRAWN)
        withdrawn = []
        for row in covers.covers_of_leave(session=session, leave_id=leave_id):
            if row.state not in LIVE or row.remind_at <= now:
                continue
            cmd.move(Cover, row.id, machine=COVER, column="state", to=CoverState.WITHDRAWN)
            withdrawn.append(row.id)
            if row.substitute and row.state in (CoverState.ACCEPTED, CoverState.PROPOSED):
                owe(
                    cmd,
                    Delivery(
                        key=f"c{row.id}:withdrawn:{row.substitute}",
                        kind=DeliveryKind.COVER_WITHDRAWN,
                        recipient=row.substitute,
                        cover_id=row.id,
                        due_at=now,
                    ),
                )
        cmd.done(leave=leave_id, staff=leave.staff_id, withdrawn=withdrawn)
    return LeaveOutcome(None, leave_id, tuple(c or 0 for c in withdrawn))


def sync_covers(
    session: Session, *, config: SchoolConfig, calendar: SchoolCalendar, now: datetime
) -> int:
    """Keep the covers of stored leave in line with the plan (after a reload, on a new day).

    A duty of someone on leave that has no cover yet gets one; a cover whose duty the plan
    no longer has (or whose slot somebody else now covers) is withdrawn. Only duties not
    started are touched. Returns the covers added or withdrawn.
    """
    today = school_date(now, config)
    leaves, live, _ = _horizon(session, today)
    if not leaves and not live:
        return 0  # no leave or cover ahead: nothing to lock for
    with Command(session, kind=EventKind.COVERS_SYNCED, actor=SYSTEM, now=now) as cmd:
        leaves, live, last = _horizon(session, today)
        days = (last - today).days + 1
        placed, arr = placed_days(config, session, today, days, calendar)
        added: list[Cover] = []
        for leave in leaves:
            added += _add_covers(
                cmd, config, placed, arr, staff_id=leave.staff_id, leave_id=leave.id
            )
            arr = covers.arrangement(session=session, first=today, last=last)
        withdrawn = [c.id for c in live if c.remind_at > now and _moot(c, placed)]
        for cover_id in withdrawn:
            cmd.move(Cover, cover_id, machine=COVER, column="state", to=CoverState.WITHDRAWN)
        if not cmd.changes:
            return 0
        cmd.done(added=[c.id for c in added], withdrawn=withdrawn)
    return len(added) + len(withdrawn)


def _horizon(session: Session, today: date) -> tuple[list[StaffLeave], list[Cover], date]:
    """The active leaves and live covers from ``today`` on, and the last day they reach."""
    leaves = covers.leaves_between(session=session, first=today, last=date.max)
    live = covers.covers_between(session=session, first=today, last=date.max)
    ends = [s.last_day for s in leaves] + [c.day for c in live]
    return leaves, live, max(ends, default=today)


def _moot(cover: Cover, placed: list[Placed]) -> bool:
    """Whether a live cover no longer says anything about the plan."""
    if cover.reason == CoverReason.LEAVE and cover.state in UNSTAFFED:
        return not any(
            (x.planned.duty_id, x.planned.day, x.absent) == (cover.duty_id, cover.day, cover.absent)
            for x in placed
        )
    return (cover.duty_id, cover.day, cover.absent) not in slots(placed)


def escalate_unstaffed(session: Session, *, config: SchoolConfig, now: datetime) -> int:
    """Tell the officers of every duty still unstaffed 24 hours before its reminder (once)."""
    done = 0
    for row in covers.due_escalations(session=session, now=now):
        with Command(session, kind=EventKind.COVER_ESCALATED, actor=SYSTEM, now=now) as cmd:
            fresh = covers.cover(session=session, cover_id=row.id or 0)
            if fresh is None or fresh.escalate_at is None or fresh.state not in UNSTAFFED:
                continue  # someone accepted, or another process escalated it
            cmd.update(Cover, fresh.id, values={"escalate_at": None}, guard={"state": UNSTAFFED})
            told = told_about(config, fresh.absent)
            for who in told:
                owe(
                    cmd,
                    Delivery(
                        key=f"c{fresh.id}:unstaffed:{who}",
                        kind=DeliveryKind.UNSTAFFED,
                        recipient=who,
                        cover_id=fresh.id,
                        due_at=now,
                    ),
                )
            cmd.done(
                cover=fresh.id,
                duty=fresh.duty_id,
                day=fresh.day,
                absent=fresh.absent,
                told=told,
            )
        done += 1
    return done
