"""The problem path as commands: each problem item asks for a note, then an optional photo,
then the officers are told. The step lives in ``pending_input`` so a restart loses nothing."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session

from safeduty.commands.owed import owe
from safeduty.commands.record import Command
from safeduty.config.model import SchoolConfig
from safeduty.domain.events import EventKind
from safeduty.domain.states import PENDING_INPUT, DeliveryKind, InputStep
from safeduty.storage import duties
from safeduty.storage.tables import Delivery, Occurrence, PendingInput

NOTE_CHARS = 1000


def officers(config: SchoolConfig) -> list[str]:
    """Who hears about problems: safety officers, else principals."""
    people = config.staff_with_role("safety_officer") or config.staff_with_role("principal")
    return [p.id for p in people]


def await_next_problem(
    cmd: Command, occ: Occurrence, problems: list[int], *, after: int
) -> int | None:
    """Wait for the note of the first problem item after ``after``; return it, or None."""
    item = next((n for n in problems if n > after), None)
    if item is None:
        return None
    existing = cmd.session.get(PendingInput, occ.assignee)
    if existing is not None:
        cmd.delete(existing)
    cmd.insert(
        PendingInput(
            staff_id=occ.assignee,
            occurrence_id=occ.id or 0,
            item=item,
            step=InputStep.NOTE,
            created_at=cmd.now,
        )
    )
    return item


@dataclass(frozen=True)
class Waiting:
    """What the bot waits for from a person, as the handlers need it."""

    occurrence_id: int
    item: int
    step: InputStep
    item_text: str


def waiting_for(session: Session, *, staff_id: str) -> Waiting | None:
    """The problem item whose note or photo this person owes, if any."""
    row = duties.pending_input(session=session, staff_id=staff_id)
    if row is None:
        return None
    occ = session.get(Occurrence, row.occurrence_id)
    text = occ.checklist[row.item] if occ and 0 <= row.item < len(occ.checklist) else ""
    return Waiting(row.occurrence_id, row.item, InputStep(row.step), text)


def add_note(session: Session, *, staff_id: str, text: str, now: datetime) -> Waiting | None:
    """Keep the note for the awaited item and ask for its photo next; None if none awaited."""
    with Command(session, kind=EventKind.PROBLEM_NOTED, actor=staff_id, now=now) as cmd:
        row = duties.pending_input(session=session, staff_id=staff_id)
        if row is None or row.step != InputStep.NOTE:
            return None
        answer = duties.answers(session=session, occurrence_id=row.occurrence_id).get(row.item)
        if answer is None:
            return None
        note = text[:NOTE_CHARS]
        cmd.update(type(answer), answer.id, values={"note": note})
        cmd.move(
            PendingInput,
            staff_id,
            machine=PENDING_INPUT,
            column="step",
            to=InputStep.PHOTO,
            values={"created_at": now},
        )
        cmd.done(occurrence=row.occurrence_id, item=row.item, note=note)
        return waiting_for(session, staff_id=staff_id)


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
    """Keep the photo (and a caption as the note if none was given), then report the item."""
    with Command(session, kind=EventKind.PROBLEM_PHOTO, actor=staff_id, now=now) as cmd:
        row = duties.pending_input(session=session, staff_id=staff_id)
        if row is None:
            return None
        answer = duties.answers(session=session, occurrence_id=row.occurrence_id).get(row.item)
        if answer is None:
            return None
        values: dict[str, object] = {
            "photo_file_id": file_id,
            "photo_path": path,
            "photo_sha256": sha256,
        }
        if answer.note is None and caption:
            values["note"] = caption[:NOTE_CHARS]
        cmd.update(type(answer), answer.id, values=values)
        reported = _report(cmd, config, row)
        cmd.done(occurrence=row.occurrence_id, item=row.item, photo_sha256=sha256)
    return reported


@dataclass(frozen=True)
class Reported:
    """A problem item was reported; ``next_item`` is the next one whose note is awaited."""

    occurrence_id: int
    item: int
    next_item: int | None
    next_text: str | None


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
    """Report the awaited item as it is (no photo, or the person walked away)."""
    with Command(session, kind=EventKind.PROBLEM_REPORTED, actor=by, now=now) as cmd:
        row = duties.pending_input(session=session, staff_id=staff_id)
        if row is None or row.occurrence_id != occurrence_id or row.item != item:
            return None
        reported = _report(cmd, config, row)
        cmd.done(occurrence=occurrence_id, item=item)
    return reported


def _report(cmd: Command, config: SchoolConfig, row: PendingInput) -> Reported:
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
    occ = cmd.session.get(Occurrence, occurrence_id)
    assert occ is not None  # noqa: S101  # the foreign key guarantees it
    answers = duties.answers(session=cmd.session, occurrence_id=occurrence_id)
    problems = sorted(n for n, a in answers.items() if not a.ok)
    following = await_next_problem(cmd, occ, problems, after=item)
    text = occ.checklist[following] if following is not None else None
    return Reported(occurrence_id, item, following, text)
