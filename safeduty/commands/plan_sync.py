"""Bring the stored occurrences of the planned days in line with the plan, a chunk at a time.

A district plans tens of thousands of rows. One command for all of them would hold every
row image at once (in the event's changes, their copy and the event's JSON); a chunk of at
most :data:`CHUNK` wanted rows keeps each event, and the memory planning needs, small.
Each chunk is its own command: it reads its rows under the append lock, changes them with
compare-and-set guards and records exactly what it changed.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from itertools import pairwise
from typing import Any

from sqlalchemy import ColumnElement, Row, and_, not_, or_
from sqlmodel import Session, col

from safeduty.commands.record import Command, move_occurrences
from safeduty.domain.events import EventKind
from safeduty.domain.plan import PlannedOccurrence
from safeduty.domain.states import OccurrenceState
from safeduty.storage import duties
from safeduty.storage.chain import canonical
from safeduty.storage.tables import Occurrence

SYSTEM = "system"
CHUNK = 1000
"""Wanted rows per planning command (the rows it drops come on top, as short entries)."""
UNSTARTED = {"next_step": 0}
"""The guard of a re-plan: the occurrence's timeline has not begun."""

Key = tuple[date, str, str]  # (day, duty_id, assignee): an occurrence's identity
Snapshots = dict[tuple[object, ...], dict[str, object]]


def sync_plan(
    session: Session,
    *,
    planned: Sequence[PlannedOccurrence],
    closes: dict[date, datetime],
    now: datetime,
) -> int:
    """Make the stored occurrences of the planned days match the plan; return rows changed.

    New ones are added. One that has not started (still planned, its reminder ahead, nobody
    touched it) follows the plan: its rules are re-snapshotted, or it is dropped when the
    plan no longer has it, and a dropped one planned again comes back. Anything started
    keeps the rules it began with (a reload changes tomorrow, not a running ladder).

    The wanted rows are sorted by key and cut into chunks; chunk ``i`` owns every key from
    its first (the first chunk: from the start) up to the next chunk's first (the last: to
    the end), so a stored row the plan no longer has falls in exactly one chunk.
    """
    days = sorted({p.day for p in planned} | set(closes))
    if not days:
        return 0
    wanted = {(p.day, p.duty_id, p.assignee): p for p in planned}
    keys = sorted(wanted)
    starts: list[Key | None] = [None, *keys[CHUNK::CHUNK], None]
    snaps: Snapshots = {}  # rows of one duty and day share one snapshot, across chunks
    changed = 0
    for n, (low, high) in enumerate(pairwise(starts)):
        chunk = {k: wanted[k] for k in keys[n * CHUNK : (n + 1) * CHUNK]}
        among = and_(
            col(Occurrence.day).in_(days),
            *([] if low is None else [_from(low)]),
            *([] if high is None else [not_(_from(high))]),
        )
        changed += _sync_chunk(session, chunk, among=among, snaps=snaps, closes=closes, now=now)
    return changed


def _from(key: Key) -> ColumnElement[bool]:
    """The occurrences whose (day, duty, assignee) sorts at or after ``key``."""
    day, duty_id, assignee = key
    same_day = and_(
        col(Occurrence.day) == day,
        or_(
            col(Occurrence.duty_id) > duty_id,
            and_(col(Occurrence.duty_id) == duty_id, col(Occurrence.assignee) >= assignee),
        ),
    )
    return or_(col(Occurrence.day) > day, same_day)


def _sync_chunk(
    session: Session,
    wanted: dict[Key, PlannedOccurrence],
    *,
    among: ColumnElement[bool],
    snaps: Snapshots,
    closes: dict[date, datetime],
    now: datetime,
) -> int:
    """One command: the stored rows ``among`` selects made to match ``wanted``."""
    with Command(session, kind=EventKind.OCCURRENCES_PLANNED, actor=SYSTEM, now=now) as cmd:
        existing = {
            (r.day, r.duty_id, r.assignee): r
            for r in duties.planned_on(session=session, among=among)
        }
        touched = duties.touched_on(session=session, among=among) if existing else set()
        new: list[dict[str, object]] = []
        replans: dict[str, tuple[dict[str, object], list[int]]] = {}
        for key, p in wanted.items():
            rules: tuple[object, ...] = (p.duty_id, p.day, p.duty_name, p.remind_at)
            rules += (p.nudge_at, p.deadline, p.checklist, p.ladder)
            snap = snaps.get(rules) or snaps.setdefault(rules, _snapshot(p, closes[p.day]))
            row = existing.get(key)
            if row is None:
                new.append(_occurrence(p, snap, now))
            elif _replannable(row, touched, now) and (
                row.state == OccurrenceState.DROPPED
                or any(getattr(row, k) != v for k, v in snap.items())
            ):
                values = {**snap, "next_action_at": p.remind_at}
                replans.setdefault(canonical(values), (values, []))[1].append(row.id)
        cmd.insert_many(Occurrence, new, unique=("duty_id", "day", "assignee"), among=among)
        replanned = sum(
            len(move_occurrences(cmd, ids, OccurrenceState.PLANNED, values=v, guard=UNSTARTED))
            for v, ids in replans.values()
        )
        gone = [
            row.id
            for key, row in existing.items()
            if key not in wanted
            and row.state == OccurrenceState.PLANNED
            and _replannable(row, touched, now)
        ]
        dropped = len(
            move_occurrences(
                cmd, gone, OccurrenceState.DROPPED, values={"next_action_at": None}, guard=UNSTARTED
            )
        )
        if not cmd.changes:
            return 0
        days = sorted({k[0] for k in wanted} | {k[0] for k in existing})
        cmd.done(days=days, added=len(new), replanned=replanned, dropped=dropped)
    return len(new) + replanned + dropped


def _snapshot(p: PlannedOccurrence, closes_at: datetime) -> dict[str, object]:
    return {
        "duty_name": p.duty_name,
        "remind_at": p.remind_at,
        "nudge_at": p.nudge_at,
        "deadline": p.deadline,
        "closes_at": closes_at,
        "checklist": list(p.checklist),
        "ladder": [[s.after_minutes, s.notify] for s in p.ladder],
    }


def _occurrence(p: PlannedOccurrence, snap: dict[str, object], now: datetime) -> dict[str, object]:
    """A new occurrence row, every column but its id, as :class:`Occurrence` would default it."""
    return {
        **snap,
        "duty_id": p.duty_id,
        "day": p.day,
        "assignee": p.assignee,
        "state": OccurrenceState.PLANNED,
        "next_step": 0,
        "next_action_at": p.remind_at,
        "answered_at": None,
        "answered_by": None,
        "late": False,
        "created_at": now,
    }


def _replannable(row: Row[Any], touched: set[int], now: datetime) -> bool:
    return bool(
        row.state in (OccurrenceState.PLANNED, OccurrenceState.DROPPED)
        and row.next_step == 0
        and row.remind_at > now
        and row.id not in touched
    )
