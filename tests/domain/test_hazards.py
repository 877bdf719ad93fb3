"""The hazard state machine, who may do what, and when an owner is chased (explicit ``now``)."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from safeduty.config.model import Calendar
from safeduty.domain.calendar import SchoolCalendar
from safeduty.domain.hazards import (
    HAZARD,
    HazardAction,
    HazardLevel,
    HazardRefusal,
    HazardState,
    Listed,
    chase,
    day_counts,
    first_chase,
    is_overdue,
    ladder_base,
    list_order,
    may_see,
    next_reminder,
    refuse_assign,
    refuse_fix,
    refuse_verify,
)
from safeduty.domain.states import allowed, sources

SH = ZoneInfo("Asia/Shanghai")
CAL = SchoolCalendar(Calendar(holidays=[date(2026, 12, 8)]))  # Mon-Fri, Tue 8 Dec a holiday
EIGHT = time(8, 0)
LADDER = [(0, "owner"), (24 * 60, "role:safety_officer"), (3 * 24 * 60, "role:principal")]


def at(day: int, hh: int, mm: int = 0) -> datetime:
    return datetime(2026, 12, day, hh, mm, tzinfo=SH)


def test_only_a_fix_can_be_verified_and_only_a_closed_one_reopens_at_the_sweep() -> None:
    """closed needs fixed first; reopened comes from fixed (rejected) or closed (sweep "no")."""
    assert sources(HAZARD, HazardState.CLOSED) == (HazardState.FIXED,)
    assert set(sources(HAZARD, HazardState.REOPENED)) == {HazardState.FIXED, HazardState.CLOSED}
    assert not allowed(HAZARD, HazardState.OPEN, HazardState.FIXED)  # nobody owns it yet
    assert not allowed(HAZARD, HazardState.OPEN, HazardState.CLOSED)
    assert not allowed(HAZARD, HazardState.CLOSED, HazardState.ASSIGNED)
    assert allowed(HAZARD, HazardState.REOPENED, HazardState.FIXED)


@pytest.mark.parametrize(
    ("by", "roles", "owner", "state", "expected"),
    [
        ("li", {"safety_officer"}, "wang", HazardState.FIXED, None),
        ("chen", {"principal"}, "wang", HazardState.FIXED, None),
        ("wang", {"teacher"}, "wang", HazardState.FIXED, HazardRefusal.NOT_ALLOWED),
        ("li", {"safety_officer"}, "li", HazardState.FIXED, HazardRefusal.OWN_FIX),
        ("zhou", {"admin", "teacher"}, "wang", HazardState.FIXED, HazardRefusal.NOT_ALLOWED),
        ("li", {"safety_officer"}, "wang", HazardState.CLOSED, HazardRefusal.STALE),
        ("li", {"safety_officer"}, "wang", None, HazardRefusal.STALE),
    ],
)
def test_who_may_verify_a_fix(
    by: str, roles: set[str], owner: str, state: HazardState | None, expected: object
) -> None:
    """Someone other than the owner, with the safety officer or principal role, on a fix."""
    assert refuse_verify(by=by, roles=roles, owner=owner, state=state) == expected


def test_only_officers_assign_and_only_the_owner_reports_a_fix() -> None:
    """A teacher cannot assign; nobody but the owner reports the fix, and only while chased."""
    assert refuse_assign(roles={"teacher"}, state=HazardState.OPEN) == HazardRefusal.NOT_ALLOWED
    assert refuse_assign(roles={"principal"}, state=HazardState.OPEN) is None
    assert refuse_assign(roles={"principal"}, state=HazardState.FIXED) == HazardRefusal.STALE
    assert refuse_fix(by="li", owner="wang", state=HazardState.ASSIGNED) == HazardRefusal.NOT_OWNER
    assert refuse_fix(by="wang", owner="wang", state=HazardState.REOPENED) is None
    assert refuse_fix(by="wang", owner="wang", state=HazardState.FIXED) == HazardRefusal.STALE


def test_a_teacher_sees_what_they_reported_or_own() -> None:
    """Officers see all; a teacher only hazards they reported or own."""
    assert may_see(by="wang", roles={"teacher"}, reported_by="wang", owner=None)
    assert may_see(by="wang", roles={"teacher"}, reported_by="li", owner="wang")
    assert not may_see(by="wang", roles={"teacher"}, reported_by="li", owner="zhang")
    assert may_see(by="chen", roles={"principal"}, reported_by="li", owner="zhang")


def test_overdue_starts_at_midnight_after_the_deadline_day() -> None:
    """Due "today" is fine until local midnight; a fixed hazard is never overdue."""
    deadline = date(2026, 12, 1)
    assert not is_overdue(HazardState.ASSIGNED, deadline, at(1, 23, 59), SH)
    assert is_overdue(HazardState.ASSIGNED, deadline, at(2, 0, 0), SH)
    assert not is_overdue(HazardState.FIXED, deadline, at(9, 0), SH)
    assert not is_overdue(HazardState.OPEN, None, at(9, 0), SH)


def test_reminders_fall_on_school_days_only() -> None:
    """Friday 4 Dec 17:00 -> Monday 08:00; Monday 09:00 -> Wednesday (Tuesday a holiday)."""
    assert next_reminder(at(4, 17), remind_at=EIGHT, calendar=CAL, zone=SH) == at(7, 8)
    assert next_reminder(at(7, 9), remind_at=EIGHT, calendar=CAL, zone=SH) == at(9, 8)
    assert next_reminder(at(7, 7), remind_at=EIGHT, calendar=CAL, zone=SH) == at(7, 8)


def test_reminders_start_the_school_day_after_the_assignment() -> None:
    """Assigned at 07:00 (before the 08:00 reminder time): nothing more that day."""
    rules = {"ladder": LADDER, "remind_at": EIGHT, "calendar": CAL, "zone": SH}
    assert first_chase(now=at(1, 7), deadline=date(2026, 12, 9), **rules) == at(2, 8)  # type: ignore[arg-type]
    assert first_chase(now=at(4, 7), deadline=date(2026, 12, 9), **rules) == at(7, 8)  # type: ignore[arg-type]


def test_the_ladder_starts_at_the_reminder_time_after_the_deadline_day() -> None:
    """Nobody is woken at midnight: step 0 comes at 08:00 the day after the deadline."""
    assert ladder_base(date(2026, 12, 3), EIGHT, SH) == at(4, 8)


def test_a_hazard_due_thursday_is_reminded_then_climbs_its_ladder() -> None:
    """Assigned Tue 1 Dec 10:00, due Thu 3 Dec: reminders Wed, Thu; Fri 08:00 the overdue
    step to the owner replaces that day's reminder; Sat the safety officer; Mon the principal."""
    deadline = date(2026, 12, 3)
    rules = {
        "deadline": deadline,
        "ladder": LADDER,
        "remind_at": EIGHT,
        "calendar": CAL,
        "zone": SH,
    }
    due = first_chase(now=at(1, 10), **rules)  # type: ignore[arg-type]
    assert due == at(2, 8)
    seen = []
    rung = 0
    while due is not None and due <= at(7, 9):
        step = chase(now=due, due=due, rung=rung, **rules)  # type: ignore[arg-type]
        seen.append((due.day, due.hour, step.remind, [(r.index, r.notify) for r in step.rungs]))
        rung, due = step.next_rung, step.next_at
    assert seen == [
        (2, 8, True, []),
        (3, 8, True, []),
        (4, 8, False, [(0, "owner")]),
        (5, 8, False, [(1, "role:safety_officer")]),  # a Saturday: the ladder runs on
        (7, 8, True, [(2, "role:principal")]),  # not to the owner: the reminder goes too
    ]
    assert (rung, due) == (3, at(9, 8))  # Tuesday is a holiday


def test_after_a_long_outage_every_step_fires_and_reminders_collapse_into_one() -> None:
    """Down from Wed to the next Tuesday: the three steps all fire, one reminder is sent."""
    deadline = date(2026, 12, 3)
    step = chase(
        now=at(15, 9),
        due=at(2, 8),
        rung=0,
        deadline=deadline,
        ladder=LADDER,
        remind_at=EIGHT,
        calendar=CAL,
        zone=SH,
    )
    assert [r.index for r in step.rungs] == [0, 1, 2]
    assert not step.remind  # a step told the owner
    assert step.next_rung == 3
    assert step.next_at == at(16, 8)  # reminders go on until it is fixed


def test_the_list_shows_overdue_first_then_major_then_by_due_date() -> None:
    """Overdue before not; major before general; earlier deadline first; none last."""
    now = at(10, 9)
    hazards = [
        Listed(1, HazardState.OPEN, HazardLevel.GENERAL, None),
        Listed(2, HazardState.ASSIGNED, HazardLevel.GENERAL, date(2026, 12, 20)),
        Listed(3, HazardState.ASSIGNED, HazardLevel.MAJOR, date(2026, 12, 30)),
        Listed(4, HazardState.ASSIGNED, HazardLevel.GENERAL, date(2026, 12, 5)),  # overdue
        Listed(5, HazardState.FIXED, HazardLevel.GENERAL, date(2026, 12, 4)),  # fixed: not
        Listed(6, HazardState.REOPENED, HazardLevel.MAJOR, date(2026, 12, 9)),  # overdue
    ]
    ordered = sorted(hazards, key=lambda h: list_order(h, now, SH))
    assert [h.id for h in ordered] == [6, 4, 3, 5, 2, 1]


def test_a_day_counts_opened_fixed_verified_and_overdue() -> None:
    """Steps count on their school-local day; overdue and open as the day ends."""
    steps = [
        (HazardAction.OPENED, at(1, 7, 30)),
        (HazardAction.OPENED, at(1, 23, 59)),
        (HazardAction.OPENED, at(2, 0, 1)),  # the next day
        (HazardAction.FIXED, at(1, 12)),
        (HazardAction.CLOSED, at(1, 15)),
        (HazardAction.ASSIGNED, at(1, 9)),
    ]
    hazards = [
        (HazardState.ASSIGNED, date(2026, 11, 30), at(1, 7, 30)),  # overdue
        (HazardState.REOPENED, date(2026, 12, 1), at(1, 7, 30)),  # due today: not yet
        (HazardState.CLOSED, date(2026, 11, 20), at(1, 7, 30)),
        (HazardState.OPEN, None, at(2, 0, 1)),  # reported after the day
    ]
    counts = day_counts(day=date(2026, 12, 1), zone=SH, now=at(3, 9), steps=steps, hazards=hazards)
    assert (counts.opened, counts.fixed, counts.verified, counts.overdue, counts.open) == (
        2,
        1,
        1,
        1,
        2,
    )
