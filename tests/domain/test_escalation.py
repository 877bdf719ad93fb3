"""The occurrence timeline: reminder, nudge, ladder steps, closing at local midnight."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from safeduty.domain.escalation import (
    CLOSE,
    end_of_day,
    is_late,
    next_due,
    skip_past_assignee,
    superseded,
    timeline,
)

SH = ZoneInfo("Asia/Shanghai")
REMIND = datetime(2026, 12, 1, 7, 20, tzinfo=SH)
DEADLINE = datetime(2026, 12, 1, 7, 50, tzinfo=SH)
LADDER = [(10, "assignee"), (20, "role:safety_officer"), (40, "role:principal")]


def gate_timeline(ladder: list[tuple[int, str]] = LADDER, deadline: datetime = DEADLINE) -> list:  # type: ignore[type-arg]
    return timeline(
        remind_at=REMIND,
        nudge_at=deadline - timedelta(minutes=10),
        deadline=deadline,
        ladder=ladder,
        closes_at=end_of_day(date(2026, 12, 1), SH),
    )


def test_unanswered_gate_duty_escalates_on_the_configured_minutes() -> None:
    """07:20 reminder, 07:40 nudge, then 08:00, 08:10, 08:30, and closing at midnight."""
    actions = gate_timeline()
    assert [(a.kind, a.due.strftime("%H:%M"), a.notify) for a in actions] == [
        ("reminder", "07:20", "assignee"),
        ("nudge", "07:40", "assignee"),
        ("escalation", "08:00", "assignee"),
        ("escalation", "08:10", "role:safety_officer"),
        ("escalation", "08:30", "role:principal"),
        ("close", "00:00", "assignee"),
    ]
    assert actions[-1].due == datetime(2026, 12, 2, 0, 0, tzinfo=SH)


def test_steps_after_midnight_never_fire() -> None:
    """A late-evening duty's ladder is cut at the end of its day; missed comes first."""
    deadline = datetime(2026, 12, 1, 23, 30, tzinfo=SH)
    actions = gate_timeline(ladder=[(15, "assignee"), (45, "role:principal")], deadline=deadline)
    assert [a.kind for a in actions][-2:] == ["escalation", CLOSE]
    assert all(a.due <= end_of_day(date(2026, 12, 1), SH) for a in actions)


def test_unreachable_assignee_skips_to_the_first_rung_for_someone_else() -> None:
    """From the nudge, the next rung not for the assignee is the safety officer's."""
    actions = gate_timeline()
    assert skip_past_assignee(actions, 1) == 3
    assert skip_past_assignee(actions, 4) == 4
    only_assignee = gate_timeline(ladder=[(10, "assignee")])
    assert only_assignee[skip_past_assignee(only_assignee, 1)].kind == CLOSE


def test_after_a_down_time_only_the_latest_message_to_the_assignee_is_sent() -> None:
    """At 07:45 the reminder is overtaken by the nudge; the next morning, with the close
    due, nothing more goes to the assignee (escalations to others still do)."""
    actions = gate_timeline()
    at_0745 = datetime(2026, 12, 1, 7, 45, tzinfo=SH)
    assert [superseded(actions, n, at_0745) for n in range(2)] == [True, False]
    next_morning = datetime(2026, 12, 2, 7, 0, tzinfo=SH)
    assert [superseded(actions, n, next_morning) for n in range(len(actions))] == [
        True,  # reminder
        True,  # nudge
        True,  # the assignee's own rung
        False,  # the safety officer's
        False,  # the principal's
        False,  # the close itself
    ]


def test_next_due_and_lateness() -> None:
    """The timeline ends after closing; an answer a second past the deadline is late."""
    actions = gate_timeline()
    assert next_due(actions, 0) == REMIND
    assert next_due(actions, len(actions)) is None
    assert not is_late(DEADLINE, DEADLINE)
    assert is_late(DEADLINE + timedelta(seconds=1), DEADLINE)


def test_end_of_day_in_another_zone() -> None:
    """Midnight is local: in New York the day closes at 05:00 UTC in winter."""
    ny = ZoneInfo("America/New_York")
    assert end_of_day(date(2026, 12, 1), ny).astimezone(ZoneInfo("UTC")).hour == 5
