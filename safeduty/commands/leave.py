"""Leave as commands: record it (a cover for each of its duties) and take it back.

A leave is a stored period. Recording it creates a cover for each of the person's duties in
it: the duty's deputy takes it at once (and is told), otherwise it is unstaffed until a
colleague accepts (``safeduty.commands.cover``). Days not planned yet are covered the same
way: planning applies the stored leave and covers whenever it runs, and
``safeduty.commands.cover_sync`` keeps the covers in line with a re-plan and escalates
the duties still unstaffed.
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
)
from safeduty.domain.cover_states import (
    COVER,
    LEAVE,
    LIVE,
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
        added = add_covers(cmd, config, placed, arr, staff_id=staff_id, leave_id=leave.id)
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


def add_covers(
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
