"""A month of seeded duty history for the report benchmarks, inserted in bulk.

Every school day of the month, every teacher of the generated district (``bench/district``)
has one occurrence: most answered on time and all clear, some late, some with a problem
(a note, now and then a photo), some missed; each with the deliveries that day would have
sent (the reminder, and for the late and missed the nudge and the ladder's escalations).

The rows go straight into the tables (one multi-row INSERT per chunk), not through the
commands, so seeding takes seconds, not hours. No events are appended for them: the record
chain does not vouch for seeded rows and ``safeduty verify`` would not match them.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Engine, insert, text
from sqlmodel import SQLModel

from safeduty.config.model import SchoolConfig
from safeduty.domain.escalation import end_of_day
from safeduty.domain.plan import PlannedOccurrence, plan_days
from safeduty.domain.states import DeliveryKind, DeliveryStatus, OccurrenceState
from safeduty.storage.tables import Delivery, ItemAnswer, Occurrence, StaffLink

CHUNK = 2_000
LATE, MISSED, PROBLEM = 0.08, 0.06, 0.05  # the rest are answered on time, all clear


@dataclass
class Seeded:
    """How much history was written."""

    occurrences: int = 0
    answers: int = 0
    deliveries: int = 0


def link_rows(config: SchoolConfig, first_user_id: int = 10_000) -> list[dict[str, Any]]:
    """A StaffLink row per staff member (as ``link_everyone`` would leave them), for bulk use."""
    at = datetime(2026, 10, 1, tzinfo=ZoneInfo("UTC"))
    return [
        {
            "staff_id": s.id,
            "telegram_user_id": first_user_id + n,
            "chat_id": first_user_id + n,
            "linked_at": at,
        }
        for n, s in enumerate(config.staff)
    ]


def _day_rows(
    planned: list[PlannedOccurrence], first_id: int, zone: ZoneInfo, rng: random.Random
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]]]:
    occurrences, answers, deliveries = [], [], []
    for n, p in enumerate(planned):
        occ_id = first_id + n
        roll = rng.random()
        late, missed = roll < LATE, LATE <= roll < LATE + MISSED
        problem = LATE + MISSED <= roll < LATE + MISSED + PROBLEM
        at = p.deadline + (timedelta(minutes=15) if late else -timedelta(minutes=8))
        occurrences.append(
            {
                "id": occ_id,
                "duty_id": p.duty_id,
                "duty_name": p.duty_name,
                "day": p.day,
                "assignee": p.assignee,
                "remind_at": p.remind_at,
                "nudge_at": p.nudge_at,
                "deadline": p.deadline,
                "closes_at": end_of_day(p.day, zone),
                "checklist": list(p.checklist),
                "ladder": [[s.after_minutes, s.notify] for s in p.ladder],
                "state": OccurrenceState.MISSED if missed else OccurrenceState.ANSWERED,
                "next_step": 0,
                "next_action_at": None,
                "answered_at": None if missed else at,
                "answered_by": None if missed else p.assignee,
                "late": late,
                "created_at": p.remind_at,
            }
        )
        if not missed:
            for item in range(len(p.checklist)):
                bad = problem and item == 0
                answers.append(
                    {
                        "occurrence_id": occ_id,
                        "item": item,
                        "ok": not bad,
                        "note": "门锁坏了" if bad else None,
                        "photo_file_id": f"photo-{occ_id}" if bad and occ_id % 3 == 0 else None,
                        "photo_path": None,
                        "answered_at": at,
                    }
                )
        owed: list[tuple[DeliveryKind, int | None, str, datetime]] = [
            (DeliveryKind.REMINDER, None, p.assignee, p.remind_at)
        ]
        if late or missed:
            owed.append((DeliveryKind.NUDGE, None, p.assignee, p.nudge_at or p.remind_at))
            steps = p.ladder if missed else p.ladder[:1]
            for rung_no, rung in enumerate(steps):
                who = p.assignee if rung.notify == "assignee" else rung.notify.split(":")[-1]
                when = p.deadline + timedelta(minutes=rung.after_minutes)
                owed.append((DeliveryKind.ESCALATION, rung_no, who, when))
        for kind, step, who, when in owed:
            deliveries.append(
                {
                    "key": f"{kind}:{occ_id}:{step}",
                    "occurrence_id": occ_id,
                    "kind": kind,
                    "step": step,
                    "recipient": who,
                    "due_at": when,
                    "status": DeliveryStatus.SENT,
                    "attempts": 1,
                    "sent_at": when,
                    "late": False,
                    "repeat": False,
                    "parts_sent": 1,
                }
            )
    return occurrences, answers, deliveries


def school_days(year: int, month: int, limit: int | None = None) -> Iterator[date]:
    """The month's Monday-to-Friday dates (at most ``limit`` of them)."""
    day, count = date(year, month, 1), 0
    while day.month == month and (limit is None or count < limit):
        if day.weekday() < 5:
            yield day
            count += 1
        day += timedelta(days=1)


def _insert(engine: Engine, table: type[SQLModel], rows: list[dict[str, Any]]) -> None:
    with engine.begin() as conn:
        for start in range(0, len(rows), CHUNK):  # executemany, batched by the driver
            conn.execute(insert(table.__table__), rows[start : start + CHUNK])  # type: ignore[attr-defined]


def seed_month(
    engine: Engine,
    config: SchoolConfig,
    year: int,
    month: int,
    *,
    days: int | None = None,
    seed: int = 1,
) -> Seeded:
    """Link everyone and write the month's history, a day at a time (memory stays flat)."""
    zone, rng = ZoneInfo(config.school.timezone), random.Random(seed)  # noqa: S311  # bench data
    seeded = Seeded()
    _insert(engine, StaffLink, link_rows(config))
    next_id = 1
    for day in school_days(year, month, days):
        planned = plan_days(config, day, 1)
        for start in range(0, len(planned), CHUNK):  # a chunk of rows in memory at a time
            occurrences, answers, deliveries = _day_rows(
                planned[start : start + CHUNK], next_id, zone, rng
            )
            next_id += len(occurrences)
            _insert(engine, Occurrence, occurrences)
            _insert(engine, ItemAnswer, answers)
            _insert(engine, Delivery, deliveries)
            seeded.occurrences += len(occurrences)
            seeded.answers += len(answers)
            seeded.deliveries += len(deliveries)
    with engine.begin() as conn:  # statistics, as a live database has them (autovacuum)
        conn.execute(text("ANALYZE"))
    return seeded
