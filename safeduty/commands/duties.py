"""The duty lifecycle as commands: step the timeline, mark items, answer (planning:
``safeduty.commands.plan_sync``).

Each function is one state change: a compare-and-set through :class:`Command`, the rows
it owes (messages, awaited notes) and one event, in one transaction. Callers (the tick,
the handlers) only parse, call and render; the rules are here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel import Session

from safeduty.commands.deliveries import owe_alert
from safeduty.commands.owed import cancel_chasers, owe
from safeduty.commands.problems import await_problems
from safeduty.commands.record import Command, move_occurrence
from safeduty.config.model import SchoolConfig
from safeduty.domain.escalation import is_late, next_due, superseded
from safeduty.domain.events import EventKind
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
from safeduty.storage.tables import Delivery, ItemAnswer, Occurrence

SYSTEM = "system"


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
        marked = _mark(cmd, occurrence_id, items, now)
        cmd.done(occurrence=occurrence_id, items=marked)
    return checked


def _mark(
    cmd: Command, occurrence_id: int, items: dict[int, bool | None], now: datetime
) -> dict[str, bool]:
    """Insert or update the items' answers inside ``cmd``; returns what each became."""
    current = duties.answers(session=cmd.session, occurrence_id=occurrence_id)
    marked = {}
    for item, wanted in sorted(items.items()):
        row = current.get(item)
        ok = wanted if wanted is not None else (row is None or not row.ok)
        marked[str(item)] = ok
        if row is None:
            cmd.insert(ItemAnswer(occurrence_id=occurrence_id, item=item, ok=ok, answered_at=now))
        else:
            cmd.update(ItemAnswer, row.id, values={"ok": ok, "answered_at": now})
    return marked


def toggle_item(
    session: Session, *, occurrence_id: int, item: int, by: str, now: datetime
) -> Outcome:
    """Cycle one item: unset -> OK -> problem -> OK."""
    return mark_items(session, occurrence_id=occurrence_id, items={item: None}, by=by, now=now)


def answer(
    session: Session, *, occurrence_id: int, by: str, now: datetime, all_clear: bool = False
) -> Outcome:
    """First answer wins: stop the ladder, tell everyone it reached, await problem notes.

    "All clear" marks every item OK in the same command: one event, one commit per tap.
    """
    with Command(session, kind=EventKind.OCCURRENCE_ANSWERED, actor=by, now=now) as cmd:
        checked = check_answerable(session, occurrence_id=occurrence_id, by=by)
        occ = session.get(Occurrence, occurrence_id)
        if not checked.ok or occ is None:
            return checked
        marked = None
        if all_clear:
            marked = _mark(cmd, occurrence_id, dict.fromkeys(range(len(occ.checklist)), True), now)
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
        facts: dict[str, object] = {"occurrence": occurrence_id, "late": late}
        if marked is not None:
            facts["items"] = marked
        cmd.done(**facts, problems=problems)
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
