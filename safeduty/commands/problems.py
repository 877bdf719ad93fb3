"""The problem path as commands: each problem item asks for a note, then an optional photo,
then the officers are told. Every question is an owed message, every step an event.

Each problem item has its own ``pending_input`` row, so a teacher with problems in two
duties loses neither; their oldest row is the one being answered. Its timer restarts at
each step; when it runs out the item is reported as it is and the teacher is told.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel import Session, col, select

from safeduty.commands.hazard_reports import open_swept
from safeduty.commands.owed import owe
from safeduty.commands.record import Command
from safeduty.config.model import SchoolConfig
from safeduty.domain.events import EventKind
from safeduty.domain.states import PENDING_INPUT, DeliveryKind, InputStep
from safeduty.storage import duties
from safeduty.storage.tables import Delivery, ItemAnswer, Occurrence, PendingInput

NOTE_CHARS = 1000
ABANDONED_INPUT = timedelta(minutes=15)


def officers(config: SchoolConfig) -> list[str]:
    """Who hears about problems: safety officers, else principals."""
    people = config.staff_with_role("safety_officer") or config.staff_with_role("principal")
    return [p.id for p in people]


def current_input(session: Session, *, staff_id: str) -> PendingInput | None:
    """The problem item this person is describing now: their oldest awaited one."""
    query = (
        select(PendingInput)
        .where(PendingInput.staff_id == staff_id)
        .order_by(col(PendingInput.id))
        .execution_options(populate_existing=True)
    )
    return session.exec(query).first()


def _ask(cmd: Command, row: PendingInput, kind: DeliveryKind) -> None:
    step = "photo" if kind == DeliveryKind.ASK_PHOTO else "note"
    owe(
        cmd,
        Delivery(
            key=f"o{row.occurrence_id}:{step}:{row.item}:{row.staff_id}",
            occurrence_id=row.occurrence_id,
            kind=kind,
            item=row.item,
            recipient=row.staff_id,
            due_at=cmd.now,
        ),
    )


def await_problems(cmd: Command, occ: Occurrence, problems: list[int]) -> None:
    """Wait for a note on each problem item; ask the first now if nothing else is asked."""
    asking = current_input(cmd.session, staff_id=occ.assignee)
    for item in problems:
        row = cmd.insert(
            PendingInput(
                staff_id=occ.assignee,
                occurrence_id=occ.id or 0,
                item=item,
                step=InputStep.NOTE,
                created_at=cmd.now,
            )
        )
        if asking is None:
            _ask(cmd, row, DeliveryKind.ASK_NOTE)
            asking = row


@dataclass(frozen=True)
class Waiting:
    """What the bot waits for from a person, as the handlers need it."""

    occurrence_id: int
    item: int
    step: InputStep


def waiting_for(session: Session, *, staff_id: str) -> Waiting | None:
    """The problem item whose note or photo this person owes now, if any."""
    row = current_input(session, staff_id=staff_id)
    return Waiting(row.occurrence_id, row.item, InputStep(row.step)) if row else None


def _answer_of(session: Session, row: PendingInput) -> ItemAnswer | None:
    return duties.answers(session=session, occurrence_id=row.occurrence_id).get(row.item)


def add_note(session: Session, *, staff_id: str, text: str, now: datetime) -> Waiting | None:
    """Keep the note for the item being described and offer the photo step; None if none."""
    with Command(session, kind=EventKind.PROBLEM_NOTED, actor=staff_id, now=now) as cmd:
        row = current_input(session, staff_id=staff_id)
        answer = _answer_of(session, row) if row else None
        if row is None or row.step != InputStep.NOTE or answer is None:
            return None
        note = text.strip()[:NOTE_CHARS]
        cmd.update(ItemAnswer, answer.id, values={"note": note})
        cmd.move(
            PendingInput,
            row.id,
            machine=PENDING_INPUT,
            column="step",
            to=InputStep.PHOTO,
            values={"created_at": now},  # the timer restarts for the photo
        )
        _ask(cmd, row, DeliveryKind.ASK_PHOTO)
        cmd.done(occurrence=row.occurrence_id, item=row.item, note=note)
        return Waiting(row.occurrence_id, row.item, InputStep.PHOTO)


@dataclass(frozen=True)
class Reported:
    """A problem item was reported; ``next_item`` is the next one whose note is asked."""

    occurrence_id: int
    item: int
    next_item: int | None


def add_photo(
    session: Session,
    *,
    config: SchoolConfig,
    staff_id: str,
    file_id: str,
    path: str | None,
    sha256: str | None,
    caption: str | None,
    now: datetime,
) -> Reported | None:
    """Keep the photo for the item whose photo was offered, then report the item.

    Only at the photo step: a photo while a note is asked (say, just after the bot moved
    on to the next item) is not silently stored on an item it was not meant for.
    """
    with Command(session, kind=EventKind.PROBLEM_PHOTO, actor=staff_id, now=now) as cmd:
        row = current_input(session, staff_id=staff_id)
        answer = _answer_of(session, row) if row else None
        if row is None or answer is None or row.step != InputStep.PHOTO:
            return None
        values: dict[str, object] = {
            "photo_file_id": file_id,
            "photo_path": path,
            "photo_sha256": sha256,
        }
        if answer.note is None and caption and caption.strip():
            values["note"] = caption.strip()[:NOTE_CHARS]
        cmd.update(ItemAnswer, answer.id, values=values)
        reported = _report(cmd, config, row)
        cmd.done(occurrence=row.occurrence_id, item=row.item, photo_sha256=sha256)
    return reported


def finish_item(
    session: Session,
    *,
    config: SchoolConfig,
    staff_id: str,
    occurrence_id: int,
    item: int,
    by: str,
    now: datetime,
) -> Reported | None:
    """Report an awaited item as it is (the person tapped "no photo")."""
    with Command(session, kind=EventKind.PROBLEM_REPORTED, actor=by, now=now) as cmd:
        row = session.exec(
            select(PendingInput).where(
                PendingInput.staff_id == staff_id,
                PendingInput.occurrence_id == occurrence_id,
                PendingInput.item == item,
            )
        ).first()
        if row is None:
            return None
        reported = _report(cmd, config, row)
        cmd.done(occurrence=occurrence_id, item=item)
    return reported


def expire_inputs(session: Session, *, config: SchoolConfig, now: datetime) -> int:
    """Report the items whose person walked away, tell them, and ask about the next one."""
    before = now - ABANDONED_INPUT
    stale = session.exec(
        select(PendingInput.staff_id).where(col(PendingInput.created_at) < before).distinct()
    )
    expired = 0
    for staff_id in list(stale):
        with Command(session, kind=EventKind.PROBLEM_REPORTED, actor="system", now=now) as cmd:
            row = current_input(session, staff_id=staff_id)
            if row is None or row.created_at >= before:
                continue  # answered meanwhile, or its turn only just came
            owe(
                cmd,
                Delivery(
                    key=f"o{row.occurrence_id}:moved_on:{row.item}:{staff_id}",
                    occurrence_id=row.occurrence_id,
                    kind=DeliveryKind.MOVED_ON,
                    item=row.item,
                    recipient=staff_id,
                    due_at=now,
                ),
            )
            _report(cmd, config, row)
            cmd.done(occurrence=row.occurrence_id, item=row.item, expired=True)
            expired += 1
    return expired


def _report(cmd: Command, config: SchoolConfig, row: PendingInput) -> Reported:
    """Tell the officers about the item, stop waiting for it, ask about the next one."""
    occurrence_id, item = row.occurrence_id, row.item
    cmd.delete(row)
    for who in officers(config):
        owe(
            cmd,
            Delivery(
                key=f"o{occurrence_id}:problem:{item}:{who}",
                occurrence_id=occurrence_id,
                kind=DeliveryKind.PROBLEM,
                item=item,
                recipient=who,
                due_at=cmd.now,
            ),
        )
    open_swept(cmd, config, occurrence_id, item)  # the monthly sweep's ⚠️ become hazards
    following = current_input(cmd.session, staff_id=row.staff_id)
    if following is not None:
        cmd.update(PendingInput, following.id, values={"created_at": cmd.now})  # its turn
        _ask(cmd, following, DeliveryKind.ASK_NOTE)
    return Reported(occurrence_id, item, following.item if following else None)
