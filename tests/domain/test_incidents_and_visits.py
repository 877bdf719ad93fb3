"""The incident and visit state machines and their timing, with explicit ``now``."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from safeduty.domain.incidents import (
    INCIDENT,
    IncidentState,
    Rung,
    may_close,
    next_ping,
    rung_due,
)
from safeduty.domain.states import allowed, sources
from safeduty.domain.visits import (
    VISIT,
    LeaveLine,
    VisitorLine,
    VisitState,
    chase,
    chase_due,
    on_gate_duty,
    parse_leave,
    parse_visitor,
    usual_visitors,
)

T0 = datetime(2027, 1, 1, 14, 0, tzinfo=UTC)  # 22:00 in Shanghai on New Year's Day


def test_a_closed_incident_is_final() -> None:
    """Nothing leaves closed: a closed incident's record cannot be reopened by a command."""
    assert all(not allowed(INCIDENT, IncidentState.CLOSED, s) for s in IncidentState)


def test_the_ladder_climbs_only_while_nobody_has_acknowledged() -> None:
    """A rung (reported -> reported) is guarded by "reported": an acknowledgement stops it."""
    assert sources(INCIDENT, IncidentState.REPORTED) == (IncidentState.REPORTED,)
    assert not allowed(INCIDENT, IncidentState.ACKNOWLEDGED, IncidentState.REPORTED)
    assert set(sources(INCIDENT, IncidentState.CLOSED)) == {
        IncidentState.REPORTED,
        IncidentState.ACKNOWLEDGED,
    }


def test_pings_fall_at_whole_intervals_after_the_person_was_told_and_stop_at_the_limit() -> None:
    """Ping n at n intervals, counted from when they were told; none past the limit."""
    assert next_ping(T0, pings=0, every_minutes=5, limit=3) == T0 + timedelta(minutes=5)
    assert next_ping(T0, pings=2, every_minutes=5, limit=3) == T0 + timedelta(minutes=15)
    assert next_ping(T0, pings=3, every_minutes=5, limit=3) is None
    assert next_ping(T0, pings=0, every_minutes=5, limit=0) is None


def test_each_rung_is_counted_from_the_report() -> None:
    """Rung n falls ``after`` the report; past the last one there is none."""
    ladder = [Rung(6, "role:admin"), Rung(30, "staff:chen")]
    assert rung_due(T0, ladder, 0) == T0 + timedelta(minutes=6)
    assert rung_due(T0, ladder, 1) == T0 + timedelta(minutes=30)
    assert rung_due(T0, ladder, 2) is None
    assert rung_due(T0, [], 0) is None


@pytest.mark.parametrize(
    ("roles", "expected"),
    [({"safety_officer"}, True), ({"principal", "admin"}, True), ({"teacher", "admin"}, False)],
)
def test_who_may_close_an_incident(roles: set[str], expected: bool) -> None:
    """Safety officers and the principal close incidents; teachers and admins do not."""
    assert may_close(roles) is expected


def test_a_visitor_who_left_stays_left() -> None:
    """Left is final; confirmed can still leave; only inside or asked can be asked again."""
    assert all(not allowed(VISIT, VisitState.LEFT, s) for s in VisitState)
    assert allowed(VISIT, VisitState.CONFIRMED, VisitState.LEFT)
    assert set(sources(VISIT, VisitState.ASKED)) == {VisitState.INSIDE, VisitState.ASKED}


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("张三，自来水公司，抄水表，李主任", VisitorLine("张三", "自来水公司", "抄水表", "李主任")),
        ("Zhang San, Water Co., meters", VisitorLine("Zhang San", "Water Co.", "meters", "")),
        ("  王师傅  ", VisitorLine("王师傅")),
        ("李四、快递；送件|周老师", VisitorLine("李四", "快递", "送件", "周老师")),
        ("", None),
        ("，公司", None),
        ("a, b, c, d, e", None),
    ],
)
def test_a_visitor_is_read_from_one_line(line: str, expected: VisitorLine | None) -> None:
    """Comma-separated (ASCII or Chinese punctuation); the name is required, four fields at most."""
    assert parse_visitor(line) == expected


def test_a_leave_slip_is_read_from_one_line() -> None:
    """Pupil, class, signing teacher; the pupil is required."""
    assert parse_leave("王小明，三(2)班，刘老师") == LeaveLine("王小明", "三(2)班", "刘老师")
    assert parse_leave("王小明") == LeaveLine("王小明")
    assert parse_leave("a, b, c, d") is None


def test_the_register_is_open_from_the_reminder_to_the_deadline() -> None:
    """Both ends included; a minute before or after is refused."""
    remind, deadline = T0, T0 + timedelta(minutes=30)
    assert on_gate_duty(remind, deadline, remind)
    assert on_gate_duty(remind, deadline, deadline)
    assert not on_gate_duty(remind, deadline, remind - timedelta(minutes=1))
    assert not on_gate_duty(remind, deadline, deadline + timedelta(minutes=1))


def test_a_visitor_left_inside_is_asked_at_the_deadline_then_climbs_the_duty_ladder() -> None:
    """The question to the teacher at the deadline, then each rung after it."""
    ladder = [(10, "assignee"), (20, "role:safety_officer")]
    steps = chase(T0, ladder)
    assert [(s.due - T0, s.notify, s.rung) for s in steps] == [
        (timedelta(0), "assignee", None),
        (timedelta(minutes=10), "assignee", 0),
        (timedelta(minutes=20), "role:safety_officer", 1),
    ]
    assert chase_due(T0, ladder, 3) is None


def test_the_usual_visitors_are_the_most_frequent_then_the_latest() -> None:
    """Counted by identical details; ties go to the most recent; the newest visit is copied."""
    a, b, c = VisitorLine("A", "X"), VisitorLine("B"), VisitorLine("C")
    seen = [
        (1, a, T0),
        (2, b, T0 + timedelta(hours=1)),
        (3, a, T0 + timedelta(hours=2)),
        (4, c, T0 + timedelta(hours=3)),
    ]
    usual = usual_visitors(seen, limit=2)
    assert [(u.visitor, u.visit_id, u.times) for u in usual] == [(a, 3, 2), (c, 4, 1)]
    assert usual_visitors(seen, limit=0) == []
