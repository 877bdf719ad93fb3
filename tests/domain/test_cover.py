"""Leave, substitutes and swaps, pure: the state machines, the arrangement applied to the plan,
who may be asked, the leave dates offered, the heads-up time and one person's week."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from safeduty.config import SchoolConfig
from safeduty.domain.cover import (
    Arrangement,
    CoverFact,
    LeaveSpan,
    arrange,
    candidates,
    deputy_for,
    escalate_at,
    heads_up_at,
    leave_ok,
    leave_starts,
    needs,
    rest_of_week,
    slots,
    staffed,
)
from safeduty.domain.cover_states import COVER, LEAVE, UNSTAFFED, CoverReason, CoverState
from safeduty.domain.plan import plan_day
from safeduty.domain.states import allowed, sources
from safeduty.domain.week import How, Part, entries, next_dates, rules_for
from tests.conftest import SHANGHAI

TUE, WED, THU = date(2026, 12, 1), date(2026, 12, 2), date(2026, 12, 3)
MORNING = datetime(2026, 12, 1, 7, 0, tzinfo=SHANGHAI)
STAFF = ["chen", "li", "zhou", "wang", "zhang", "liu", "zhao", "sun", "wu"]


def fact(
    n: int,
    duty: str,
    day: date,
    absent: str,
    sub: str | None,
    reason: CoverReason = CoverReason.LEAVE,
    state: CoverState = CoverState.ACCEPTED,
) -> CoverFact:
    return CoverFact(n, duty, day, absent, sub, reason, state)


# --- the state machines -----------------------------------------------------------------


def test_a_declined_cover_must_be_asked_again_before_anyone_accepts_it() -> None:
    """declined -> accepted skips the question, so the table refuses it."""
    assert not allowed(COVER, CoverState.DECLINED, CoverState.ACCEPTED)
    assert sources(COVER, CoverState.ACCEPTED) == (CoverState.PROPOSED,)


def test_withdrawn_is_final_and_an_acceptance_can_only_be_withdrawn() -> None:
    """Nothing leaves withdrawn; an accepted cover never goes back to being asked."""
    assert all(not allowed(COVER, CoverState.WITHDRAWN, s) for s in CoverState)
    assert [s for s in CoverState if allowed(COVER, CoverState.ACCEPTED, s)] == [
        CoverState.WITHDRAWN
    ]


def test_a_new_cover_starts_needed_proposed_or_accepted_by_the_deputy() -> None:
    """A declined or withdrawn cover is never created as such."""
    assert {s for s in CoverState if allowed(COVER, None, s)} == {
        CoverState.NEEDED,
        CoverState.PROPOSED,
        CoverState.ACCEPTED,
    }


def test_a_withdrawn_leave_stays_withdrawn() -> None:
    """A leave is active, then maybe withdrawn, never active again."""
    assert allowed(LEAVE, "active", "withdrawn")  # type: ignore[arg-type]
    assert not any(allowed(LEAVE, "withdrawn", s) for s in ("active", "withdrawn"))  # type: ignore[arg-type]


def test_unstaffed_means_nobody_accepted() -> None:
    """Needed, asked and declined leave covers have no person; accepted ones have."""
    assert set(UNSTAFFED) == {CoverState.NEEDED, CoverState.PROPOSED, CoverState.DECLINED}


# --- the arrangement applied to the plan ------------------------------------------------


def test_an_accepted_cover_hands_the_occurrence_to_the_substitute(school: SchoolConfig) -> None:
    """wu's canteen duty on Wednesday goes to zhang; wu's leave no longer leaves it unstaffed."""
    arr = Arrangement((LeaveSpan("wu", WED, WED),), (fact(1, "canteen", WED, "wu", "zhang"),))
    (canteen,) = [x for x in arrange(plan_day(school, WED), arr) if x.planned.duty_id == "canteen"]
    assert (canteen.planned.assignee, canteen.original, canteen.unstaffed) == ("zhang", "wu", False)
    assert canteen.covering is not None and canteen.covering.absent == "wu"


def test_a_person_away_with_nobody_covering_leaves_the_duty_unstaffed(
    school: SchoolConfig,
) -> None:
    """Not planned for anyone: the occurrence is not created."""
    arr = Arrangement((LeaveSpan("wu", WED, THU),))
    placed = arrange(plan_day(school, WED), arr)
    (canteen,) = [x for x in placed if x.planned.duty_id == "canteen"]
    assert (canteen.unstaffed, canteen.absent) == (True, "wu")
    assert "canteen" not in [p.duty_id for p in staffed(placed)]
    assert needs(placed, "wu", MORNING) == [canteen]
    assert needs(placed, "wu", datetime(2026, 12, 2, 11, 30, tzinfo=SHANGHAI)) == []  # started


def test_covers_are_followed_in_a_chain_and_a_loop_stops(school: SchoolConfig) -> None:
    """wu -> zhang (leave), zhang away too -> wang: wang does it; a loop back to wu stops at wu."""
    arr = Arrangement(
        (LeaveSpan("wu", WED, WED), LeaveSpan("zhang", WED, WED)),
        (fact(1, "canteen", WED, "wu", "zhang"), fact(2, "canteen", WED, "zhang", "wang")),
    )
    (x,) = [x for x in arrange(plan_day(school, WED), arr) if x.planned.duty_id == "canteen"]
    assert (x.planned.assignee, x.people) == ("wang", ("wu", "zhang", "wang"))
    assert slots([x]) == {
        ("canteen", WED, "wu"),
        ("canteen", WED, "zhang"),
        ("canteen", WED, "wang"),
    }
    loop = Arrangement(
        (), (fact(1, "canteen", WED, "wu", "zhang"), fact(2, "canteen", WED, "zhang", "wu"))
    )
    (y,) = [x for x in arrange(plan_day(school, WED), loop) if x.planned.duty_id == "canteen"]
    assert y.planned.assignee == "zhang"


def test_only_an_accepted_cover_moves_a_duty(school: SchoolConfig) -> None:
    """A swap offered, declined or a leave cover still needed changes nobody's duty."""
    for state in (CoverState.PROPOSED, CoverState.DECLINED, CoverState.NEEDED):
        arr = Arrangement((), (fact(1, "gate", TUE, "zhang", "wang", CoverReason.SWAP, state),))
        (gate,) = [x for x in arrange(plan_day(school, TUE), arr) if x.planned.duty_id == "gate"]
        assert gate.planned.assignee == "zhang"


def test_colleagues_away_or_already_on_the_duty_are_not_offered(school: SchoolConfig) -> None:
    """On the month's last school day every class teacher has class safety duty of their own."""
    last = date(2026, 12, 31)
    arr = Arrangement((LeaveSpan("wang", last, last), LeaveSpan("li", last, last)))
    placed = arrange(plan_day(school, last), arr)
    free = candidates(
        STAFF, absent="wang", duty_id="class_safety", day=last, placed=placed, arr=arr
    )
    assert free == ["chen", "zhou", "wu"]  # not wang, li (away), nor the other class teachers


def test_the_deputy_stands_in_unless_away(school: SchoolConfig) -> None:
    """zhou is gate's deputy; when zhou is away too there is no deputy to take it."""
    mon = date(2026, 12, 7)
    for leaves, expected in (
        ((LeaveSpan("wang", mon, mon),), "zhou"),
        ((LeaveSpan("wang", mon, mon), LeaveSpan("zhou", mon, mon)), None),
    ):
        arr = Arrangement(leaves)
        placed = arrange(plan_day(school, mon), arr)
        (gate,) = [x for x in placed if x.planned.duty_id == "gate"]
        assert deputy_for(gate, placed, arr) == expected


def test_a_live_swap_is_found_but_a_declined_one_is_not() -> None:
    """A declined swap is over; a declined leave cover still needs someone."""
    declined = CoverState.DECLINED
    swap = fact(1, "gate", TUE, "zhang", "wang", CoverReason.SWAP, declined)
    need = fact(2, "canteen", TUE, "wu", "zhang", CoverReason.LEAVE, declined)
    arr = Arrangement((), (swap, need))
    assert arr.live("gate", TUE, "zhang", CoverReason.SWAP) is None
    assert arr.live("canteen", TUE, "wu", CoverReason.LEAVE) == need


# --- times and dates ---------------------------------------------------------------------


def test_escalation_is_24_hours_before_the_reminder() -> None:
    """Wednesday 11:30's duty escalates on Tuesday at 11:30."""
    assert escalate_at(datetime(2026, 12, 2, 11, 30, tzinfo=SHANGHAI)) == datetime(
        2026, 12, 1, 11, 30, tzinfo=SHANGHAI
    )


def test_leave_starts_today_or_within_two_weeks_and_lasts_one_to_fourteen_days() -> None:
    """What the buttons offer is exactly what the command accepts."""
    starts = leave_starts(TUE)
    assert (starts[0], starts[-1], len(starts)) == (TUE, date(2026, 12, 14), 14)
    assert all(leave_ok(d, 1, TUE) for d in starts)
    assert not leave_ok(date(2026, 11, 30), 1, TUE)
    assert not leave_ok(date(2026, 12, 15), 1, TUE)
    assert leave_ok(TUE, 14, TUE) and not leave_ok(TUE, 15, TUE) and not leave_ok(TUE, 0, TUE)


@pytest.mark.parametrize(
    ("today", "days"), [(date(2026, 11, 30), 7), (TUE, 6), (date(2026, 12, 6), 1)]
)
def test_this_week_runs_to_sunday(today: date, days: int) -> None:
    """Monday: seven days; Tuesday: six; Sunday: today only."""
    assert rest_of_week(today) == days


def test_the_heads_up_is_the_evening_before_even_across_a_dst_change() -> None:
    """Berlin springs forward on Sunday 29 March 2026: Monday's heads-up is Sunday 19:00 CEST."""
    berlin = ZoneInfo("Europe/Berlin")
    at = heads_up_at(date(2026, 3, 30), time(19, 0), berlin)
    assert at == datetime(2026, 3, 29, 19, 0, tzinfo=berlin)
    assert at.utcoffset() is not None and at.utcoffset().total_seconds() == 7200  # type: ignore[union-attr]
    gap = heads_up_at(date(2026, 3, 30), time(2, 30), berlin)  # 02:30 does not exist that night
    assert gap == datetime(2026, 3, 29, 3, 0, tzinfo=berlin)


# --- one person's week and rules ---------------------------------------------------------


def test_my_week_shows_what_i_do_cover_hand_on_or_leave_without_a_person(
    school: SchoolConfig,
) -> None:
    """zhang covers wu's canteen duty and handed today's gate duty to wang; wu's Thursday has nobody."""
    arr = Arrangement(
        (LeaveSpan("wu", WED, THU),),
        (
            fact(1, "canteen", WED, "wu", "zhang"),
            fact(2, "gate", TUE, "zhang", "wang", CoverReason.SWAP),
        ),
    )
    placed = [x for d in (TUE, WED, THU) for x in arrange(plan_day(school, d), arr)]
    zhang = [(e.day, e.placed.planned.duty_id, e.part, e.other) for e in entries(placed, "zhang")]
    assert zhang == [
        (TUE, "gate", Part.COVERED, "wang"),
        (WED, "canteen", Part.COVERING, "wu"),
    ]
    wu = [(e.day, e.part) for e in entries(placed, "wu") if e.placed.planned.duty_id == "canteen"]
    assert wu == [(TUE, Part.MINE), (WED, Part.COVERED), (THU, Part.UNSTAFFED)]
    assert next_dates(placed, "zhang") == {"canteen": WED}


def test_each_person_is_on_a_duty_by_one_rule(school: SchoolConfig) -> None:
    """wang: gate by rota (Monday), class safety by group, the holiday roster in turn; li is
    the holiday roster's deputy; chen only on National Day, by an override."""
    wang = [(r.duty.id, r.how, r.weekdays, r.people) for r in rules_for(school, "wang")]
    assert wang == [
        ("gate", How.ROTA, ("mon",), 0),
        ("class_safety", How.ASSIGNED, (), 0),
        ("holiday_watch", How.ROTATION, (), 6),
    ]
    li = [(r.duty.id, r.how) for r in rules_for(school, "li")]
    assert ("holiday_watch", How.DEPUTY) in li and ("inspection", How.ASSIGNED) in li
    assert [(r.duty.id, r.how) for r in rules_for(school, "chen")] == [
        ("holiday_watch", How.OVERRIDE)
    ]
