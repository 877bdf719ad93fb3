"""Summaries from rows with an explicit ``now``: outcomes, problems, escalations, the week."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from safeduty.domain.summary import (
    LATE,
    MISSED,
    ON_TIME,
    OVERDUE,
    PENDING,
    outcome,
    summarize,
    summarize_week,
)

DEADLINE = datetime(2026, 12, 1, 0, 0, tzinfo=UTC)


@dataclass
class Occ:
    id: int
    assignee: str
    state: str = "reminded"
    late: bool = False
    day: date = date(2026, 12, 1)
    duty_id: str = "gate"
    duty_name: str = "校门值守"
    deadline: datetime = DEADLINE
    checklist: list[str] = field(default_factory=lambda: ["小门", "登记簿"])
    answered_at: datetime | None = None


@dataclass
class Ans:
    occurrence_id: int
    item: int
    ok: bool
    note: str | None = None
    photo_file_id: str | None = None


@dataclass
class Dlv:
    occurrence_id: int | None
    kind: str
    recipient: str
    status: str = "sent"
    step: int | None = None
    sent_at: datetime | None = DEADLINE
    repeat: bool = False


def test_outcome_depends_on_state_lateness_and_now() -> None:
    """Answered on time or late; missed; open before or after its deadline."""
    assert outcome(Occ(1, "a", "answered"), DEADLINE) == ON_TIME
    assert outcome(Occ(1, "a", "answered", late=True), DEADLINE) == LATE
    assert outcome(Occ(1, "a", "missed"), DEADLINE) == MISSED
    assert outcome(Occ(1, "a"), DEADLINE) == PENDING
    assert outcome(Occ(1, "a"), DEADLINE + timedelta(seconds=1)) == OVERDUE


def test_day_summary_counts_problems_and_escalations_to_others_only() -> None:
    """Escalations back to the assignee are not listed; unsent ones are not either."""
    occs = [Occ(1, "zhang", "answered", late=True), Occ(2, "wu", "answered")]
    answers = [Ans(2, 0, ok=True), Ans(2, 1, ok=False, note="用完了", photo_file_id="f")]
    deliveries = [
        Dlv(1, "reminder", "zhang"),
        Dlv(1, "escalation", "zhang", step=0),
        Dlv(1, "escalation", "li", step=1),
        Dlv(1, "escalation", "chen", step=2, status="pending"),
        Dlv(2, "reminder", "wu", repeat=True),
    ]
    summary = summarize(date(2026, 12, 1), DEADLINE, occs, answers, deliveries)  # type: ignore[arg-type]
    assert summary.counts() == {LATE: 1, ON_TIME: 1}
    assert [(p.item, p.note, p.has_photo) for p in summary.problems] == [("登记簿", "用完了", True)]
    assert [(e.recipient, e.level) for e in summary.escalations] == [("li", 2)]
    assert summary.reminders_sent == 2
    assert summary.repeats == 1
    assert not summary.is_empty


def test_week_counts_open_duties_as_missed_and_ranks_who_missed() -> None:
    """After the week, anything unanswered is missed; zhang missed twice, sun once."""
    days = [date(2026, 11, 30), date(2026, 12, 1)]
    occs = [
        Occ(1, "zhang", day=days[0]),
        Occ(2, "zhang", "missed", day=days[1]),
        Occ(3, "sun", "missed", day=days[1]),
        Occ(4, "wu", "answered", day=days[0]),
    ]
    week = summarize_week(days, occs, DEADLINE + timedelta(days=7))  # type: ignore[arg-type]
    assert week.missed_by.most_common() == [("zhang", 2), ("sun", 1)]
    assert week.totals == {MISSED: 3, ON_TIME: 1}
    assert week.per_day[days[1]][MISSED] == 2
