"""Covers kept in line with the plan, and duties still unstaffed escalated.

After a reload or on a new day, :func:`sync_covers` adds the covers a re-plan needs (a duty
a reload added to someone on leave) and withdraws those whose duty is gone; the tick's
:func:`escalate_unstaffed` tells the officers of a duty still without a person 24 hours
before its reminder.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlmodel import Session

from safeduty.arranged import placed_days
from safeduty.commands.leave import add_covers, told_about
from safeduty.commands.owed import owe
from safeduty.commands.record import Command
from safeduty.config.model import SchoolConfig
from safeduty.domain.calendar import SchoolCalendar
from safeduty.domain.cover import Placed, slots
from safeduty.domain.cover_states import COVER, UNSTAFFED, CoverReason, CoverState
from safeduty.domain.events import EventKind
from safeduty.domain.plan import school_date
from safeduty.domain.states import DeliveryKind
from safeduty.storage import covers
from safeduty.storage.tables import Cover, Delivery, StaffLeave

SYSTEM = "system"


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
            added += add_covers(
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
