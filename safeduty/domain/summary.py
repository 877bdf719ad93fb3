"""What happened on a school day, and across a week, from the stored rows. Pure.

The rows are read through small protocols, so the domain needs no SQL: any object with
these attributes (the storage rows do) can be summarised.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Protocol

from safeduty.domain.states import DeliveryKind, DeliveryStatus, OccurrenceState

ON_TIME, LATE, MISSED, OVERDUE, PENDING = "on_time", "late", "missed", "overdue", "pending"


class OccurrenceRow(Protocol):
    id: int | None
    duty_id: str
    duty_name: str
    day: date
    assignee: str
    deadline: datetime
    checklist: list[str]
    state: str
    answered_at: datetime | None
    late: bool


class AnswerRow(Protocol):
    occurrence_id: int
    item: int
    ok: bool
    note: str | None
    photo_file_id: str | None


class DeliveryRow(Protocol):
    occurrence_id: int | None
    kind: str
    step: int | None
    recipient: str
    status: str
    sent_at: datetime | None
    repeat: bool


@dataclass(frozen=True)
class DutyOutcome:
    duty_name: str
    assignee: str
    outcome: str
    answered_at: datetime | None


@dataclass(frozen=True)
class Problem:
    duty_name: str
    assignee: str
    item: str
    note: str | None
    has_photo: bool


@dataclass(frozen=True)
class Escalation:
    duty_name: str
    assignee: str
    level: int
    recipient: str
    sent_at: datetime


@dataclass
class DaySummary:
    """One day as the principal reads it."""

    day: date
    duties: list[DutyOutcome] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    escalations: list[Escalation] = field(default_factory=list)
    reminders_sent: int = 0
    repeats: int = 0  # messages sent again that may have arrived twice (each marked so)

    def counts(self) -> Counter[str]:
        """How many duties ended in each outcome."""
        return Counter(d.outcome for d in self.duties)

    @property
    def is_empty(self) -> bool:
        """No duties and nothing to report: the summary is not sent."""
        return not (self.duties or self.problems or self.escalations)


def outcome(occ: OccurrenceRow, now: datetime) -> str:
    """On time, late, missed, overdue (past the deadline, still open) or pending."""
    if occ.state == OccurrenceState.ANSWERED:
        return LATE if occ.late else ON_TIME
    if occ.state == OccurrenceState.MISSED:
        return MISSED
    return OVERDUE if now > occ.deadline else PENDING


def summarize(
    day: date,
    now: datetime,
    occurrences: list[OccurrenceRow],
    answers: list[AnswerRow],
    deliveries: list[DeliveryRow],
) -> DaySummary:
    """The day's outcomes, problems and escalations as of ``now``."""
    by_id = {o.id: o for o in occurrences}
    summary = DaySummary(day)
    for occ in occurrences:
        summary.duties.append(
            DutyOutcome(occ.duty_name, occ.assignee, outcome(occ, now), occ.answered_at)
        )
    for answer in sorted(answers, key=lambda a: (a.occurrence_id, a.item)):
        answered = by_id.get(answer.occurrence_id)
        if answered is not None and not answer.ok and answered.state == OccurrenceState.ANSWERED:
            item = answered.checklist[answer.item]
            photo = answer.photo_file_id is not None
            summary.problems.append(
                Problem(answered.duty_name, answered.assignee, item, answer.note, photo)
            )
    for d in deliveries:
        owner = by_id.get(d.occurrence_id)
        if owner is None or d.status != DeliveryStatus.SENT or d.sent_at is None:
            continue
        summary.repeats += d.repeat
        if d.kind == DeliveryKind.REMINDER:
            summary.reminders_sent += 1
        elif d.kind == DeliveryKind.ESCALATION and d.recipient != owner.assignee:
            level = (d.step or 0) + 1
            summary.escalations.append(
                Escalation(owner.duty_name, owner.assignee, level, d.recipient, d.sent_at)
            )
    summary.escalations.sort(key=lambda e: e.sent_at)
    return summary


@dataclass
class WeekSummary:
    """Per day counts of on time / late / missed, and who missed most."""

    days: list[date]
    per_day: dict[date, Counter[str]]
    missed_by: Counter[str]

    @property
    def totals(self) -> Counter[str]:
        total: Counter[str] = Counter()
        for counts in self.per_day.values():
            total.update(counts)
        return total


def summarize_week(
    days: list[date], occurrences: Iterable[OccurrenceRow], now: datetime
) -> WeekSummary:
    """The week's outcomes; duties still open after their day count as missed."""
    per_day: dict[date, Counter[str]] = {d: Counter() for d in days}
    missed_by: Counter[str] = Counter()
    for occ in occurrences:
        if occ.day not in per_day:
            continue
        result = outcome(occ, now)
        result = MISSED if result in (OVERDUE, PENDING) else result
        per_day[occ.day][result] += 1
        if result == MISSED:
            missed_by[occ.assignee] += 1
    return WeekSummary(days, per_day, missed_by)
