"""The duty lifecycle as commands: plan, step the timeline, mark items, answer.

Each function is one state change: a compare-and-set through :class:`Command`, the rows
it owes (messages, awaited notes) and one event, in one transaction. Callers (the tick,
the handlers) only parse, call and render; the rules are here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import Row
from sqlmodel import Session, col

from safeduty.commands.deliveries import owe_alert
from safeduty.commands.owed import cancel_chasers, owe
from safeduty.commands.problems import await_problems
from safeduty.commands.record import Command, move_occurrence, move_occurrences
from safeduty.config.model import SchoolConfig
from safeduty.domain.escalation import is_late, next_due, superseded
from safeduty.domain.events import EventKind
from safeduty.domain.plan import PlannedOccurrence
from safeduty.domain.states import (
    OPEN,
    ActionKind,
    DeliveryKind,
    DeliveryStatus,
    OccurrenceState,
    Refusal,
    refusal_for,
)
from safeduty.storage import duties
from safeduty.storage.chain import canonical
from safeduty.storage.tables import Delivery, ItemAnswer, Occurrence

SYSTEM = "system"
SNAPSHOT = ("duty_name", "remind_at", "nudge_at", "deadline", "closes_at", "checklist", "ladder")


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

    Set-based, for a district: the days' rows are read once as tuples and compared by key,
    new rows go in with bulk INSERTs and alike changes with one guarded UPDATE per batch;
    the one event still lists every row added and every value set.
    """
    days = sorted({p.day for p in planned} | set(closes))
    if not days:
        return 0
    with Command(session, kind=EventKind.OCCURRENCES_PLANNED, actor=SYSTEM, now=now) as cmd:
        existing = {
            (r.duty_id, r.day, r.assignee): r for r in duties.planned_on(session=session, days=days)
        }
        touched = duties.touched_on(session=session, days=days) if existing else set()
        new: list[dict[str, object]] = []
        replans: dict[str, tuple[dict[str, object], list[int]]] = {}
        wanted = {(p.duty_id, p.day, p.assignee): p for p in planned}
        snaps: dict[tuple[object, ...], dict[str, object]] = {}
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
        cmd.insert_many(
            Occurrence,
            new,
            unique=("duty_id", "day", "assignee"),
            among=col(Occurrence.day).in_(days),
        )
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
        cmd.done(days=days, added=len(new), replanned=replanned, dropped=dropped)
    return len(new) + replanned + dropped


UNSTARTED = {"next_step": 0}
"""The guard of a re-plan: the occurrence's timeline has not begun."""


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


def step(session: Session, *, config: SchoolConfig, occ: Occurrence, now: datetime) -> list[str]:
    """Run every action of ``occ`` due by ``now``, in order, each exactly once.

    Each action is its own command (claimed by moving ``next_step`` with a compare-and-set),
    so a second tick or process never repeats one; the loop works on locals, never on the
    loaded row, so an answer written meanwhile is not overwritten.
    """
    assert occ.id is not None  # noqa: S101  # stored rows have ids
    done = []
    actions = duties.actions_of(occ)
    at, due, state = occ.next_step, occ.next_action_at, OccurrenceState(occ.state)
    while due is not None and due <= now and state in OPEN:
        action = actions[at]
        closing = action.kind == ActionKind.CLOSE
        following = None if closing else next_due(actions, at + 1)
        target = OccurrenceState.MISSED if closing else OccurrenceState.REMINDED
        kind = EventKind.OCCURRENCE_MISSED if closing else EventKind.OCCURRENCE_STEPPED
        with Command(session, kind=kind, actor=SYSTEM, now=now) as cmd:
            if not move_occurrence(
                cmd,
                occ.id,
                target,
                values={"next_step": at + 1, "next_action_at": following},
                guard={"next_step": at},
            ):
                break  # another tick or process took it, or it was answered
            if closing:
                cancel_chasers(cmd, occ.id, keep_escalations=True)
            elif not superseded(actions, at, now):
                for who in config.resolve(action.notify, occ.assignee):
                    owe(
                        cmd,
                        Delivery(
                            key=f"o{occ.id}:{action.kind}:{at}:{who}",
                            occurrence_id=occ.id,
                            kind=DeliveryKind(action.kind),
                            step=action.step,
                            recipient=who,
                            due_at=min(action.due, now),  # a jump makes it due now
                        ),
                    )
            cmd.done(occurrence=occ.id, action=action.kind, step=at, due=action.due)
        done.append(f"{occ.duty_id}/{occ.assignee}/{occ.day} {action.kind}")
        at, due, state = at + 1, following, target
    return done


@dataclass(frozen=True)
class Outcome:
    """What a tap on a checklist did; ``refusal`` says why it did nothing."""

    refusal: Refusal | None
    state: OccurrenceState | None
    unset: int = 0  # items still unanswered, when a submit is refused for them

    @property
    def ok(self) -> bool:
        return self.refusal is None


def check_answerable(session: Session, *, occurrence_id: int, by: str) -> Outcome:
    """Whether ``by`` may answer this occurrence now (their own, still open)."""
    occ = session.get(Occurrence, occurrence_id, populate_existing=True)
    state = OccurrenceState(occ.state) if occ else None
    refusal = refusal_for(state, owner=occ.assignee if occ else None, by=by)
    return Outcome(refusal, state)


def mark_items(
    session: Session,
    *,
    occurrence_id: int,
    items: dict[int, bool | None],
    by: str,
    now: datetime,
) -> Outcome:
    """Record items as OK or problem on the asker's open occurrence (the draft).

    ``None`` for an item means "cycle it" (unset -> OK -> problem -> OK), decided on the
    answer as it stands under the lock, so two quick taps are two steps.
    """
    with Command(session, kind=EventKind.ITEM_MARKED, actor=by, now=now) as cmd:
        checked = check_answerable(session, occurrence_id=occurrence_id, by=by)
        occ = session.get(Occurrence, occurrence_id)
        if not checked.ok or occ is None:
            return checked
        if any(not 0 <= n < len(occ.checklist) for n in items):
            return Outcome(Refusal.STALE, checked.state)
        current = duties.answers(session=session, occurrence_id=occurrence_id)
        marked = {}
        for item, wanted in sorted(items.items()):
            row = current.get(item)
            ok = wanted if wanted is not None else (row is None or not row.ok)
            marked[str(item)] = ok
            if row is None:
                cmd.insert(
                    ItemAnswer(occurrence_id=occurrence_id, item=item, ok=ok, answered_at=now)
                )
            else:
                cmd.update(ItemAnswer, row.id, values={"ok": ok, "answered_at": now})
        cmd.done(occurrence=occurrence_id, items=marked)
    return checked


def toggle_item(
    session: Session, *, occurrence_id: int, item: int, by: str, now: datetime
) -> Outcome:
    """Cycle one item: unset -> OK -> problem -> OK."""
    return mark_items(session, occurrence_id=occurrence_id, items={item: None}, by=by, now=now)


def answer(
    session: Session, *, occurrence_id: int, by: str, now: datetime, all_clear: bool = False
) -> Outcome:
    """First answer wins: stop the ladder, tell everyone it reached, await problem notes."""
    if all_clear:
        occ = session.get(Occurrence, occurrence_id)
        marked = mark_items(
            session,
            occurrence_id=occurrence_id,
            items=dict.fromkeys(range(len(occ.checklist) if occ else 0), True),
            by=by,
            now=now,
        )
        if not marked.ok:
            return marked
    with Command(session, kind=EventKind.OCCURRENCE_ANSWERED, actor=by, now=now) as cmd:
        checked = check_answerable(session, occurrence_id=occurrence_id, by=by)
        occ = session.get(Occurrence, occurrence_id)
        if not checked.ok or occ is None:
            return checked
        answers = duties.answers(session=session, occurrence_id=occurrence_id)
        if unset := len(occ.checklist) - len(answers):
            return Outcome(Refusal.UNSET, checked.state, unset=unset)
        late = is_late(now, occ.deadline)
        if not move_occurrence(
            cmd,
            occurrence_id,
            OccurrenceState.ANSWERED,
            values={"answered_at": now, "answered_by": by, "late": late, "next_action_at": None},
        ):
            return Outcome(Refusal.ANSWERED, checked.state)
        cancel_chasers(cmd, occurrence_id)
        for who in _reached(session, occ):
            owe(
                cmd,
                Delivery(
                    key=f"o{occurrence_id}:resolved:{who}",
                    occurrence_id=occurrence_id,
                    kind=DeliveryKind.RESOLVED,
                    recipient=who,
                    due_at=now,
                ),
            )
        problems = sorted(n for n, a in answers.items() if not a.ok)
        await_problems(cmd, occ, problems)
        cmd.done(occurrence=occurrence_id, late=late, problems=problems)
    return Outcome(None, OccurrenceState.ANSWERED)


def _reached(session: Session, occ: Occurrence) -> list[str]:
    """Everyone an escalation reached, is reaching right now (a send in flight), or may
    have reached (a try that timed out: its retry is cancelled, the notice still owed)."""
    return sorted(
        {
            d.recipient
            for d in duties.deliveries_of(session=session, occurrence_id=occ.id or 0)
            if d.kind == DeliveryKind.ESCALATION
            and (d.status in (DeliveryStatus.SENT, DeliveryStatus.SENDING) or d.repeat)
            and d.recipient != occ.assignee
        }
    )


FAULT_RETRY = timedelta(minutes=10)


def fault(
    session: Session, *, config: SchoolConfig, occurrence_id: int, error: str, now: datetime
) -> bool:
    """A row the tick failed on: put its next action off and tell the admins (once).

    healthchecks' sendalerts does the same with a failing check: one bad row never stops
    the loop, and it is retried later instead of on every tick.
    """
    with Command(session, kind=EventKind.OCCURRENCE_FAULTED, actor=SYSTEM, now=now) as cmd:
        if not cmd.update(
            Occurrence,
            occurrence_id,
            values={"next_action_at": now + FAULT_RETRY},
            guard={"state": OPEN},
        ):
            return False
        owe_alert(
            cmd,
            config,
            key=f"error:o{occurrence_id}:fault",
            detail=f"occurrence {occurrence_id}: {error}",
        )
        cmd.done(occurrence=occurrence_id, error=error[:500])
    return True
