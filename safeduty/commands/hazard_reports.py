"""Opening a hazard, as commands: ``/hazard`` asks description, place, photos, category and
level one step at a time; a ⚠️ answer becomes one with a tap (the sweep's by itself).

Whoever first sees a hazard reports it (首遇负责), whatever their duty. The conversation
lives in ``hazard_input`` (one row per person), so a restart in the middle loses nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlmodel import Session

from safeduty.commands.hazard_common import assigners, clip, owe_each, roles_of, step
from safeduty.commands.record import Command
from safeduty.config.model import SchoolConfig
from safeduty.domain.events import EventKind
from safeduty.domain.hazards import (
    HAZARD_INPUT,
    OFFICER_ROLES,
    HazardAction,
    HazardInputStep,
    HazardLevel,
    HazardRefusal,
    HazardState,
    PhotoKind,
    sweep_duty_ids,
)
from safeduty.domain.states import DeliveryKind, OccurrenceState
from safeduty.storage import duties, hazards
from safeduty.storage.tables import Hazard, HazardInput, HazardPhoto, Occurrence

MAX_PHOTOS = 10
Photo = tuple[str, str | None, str | None, int | None]  # file id, path, sha256, size


@dataclass(frozen=True)
class Draft:
    """Where a report stands: the step asked next, or the hazard it became."""

    step: HazardInputStep | None
    hazard_id: int | None = None
    photos: int = 0
    refusal: HazardRefusal | None = None


def open_hazard(
    cmd: Command,
    config: SchoolConfig,
    *,
    description: str,
    place: str,
    category: str,
    level: HazardLevel,
    photos: list[Photo],
    source: tuple[int, int] | None = None,
    reporter: str | None = None,
) -> Hazard:
    """Insert the hazard, its photos and its first step; tell whoever assigns it.

    ``reporter`` is who found it, when the command is not theirs (a report filed by the timer).
    """
    reporter = reporter or cmd.actor
    hazard = cmd.insert(
        Hazard(
            state=HazardState.OPEN,
            description=clip(description),
            place=place.strip()[:200],
            category=category,
            level=level,
            reported_by=reporter,
            reported_at=cmd.now,
            source_occurrence_id=source[0] if source else None,
            source_item=source[1] if source else None,
        )
    )
    assert hazard.id is not None  # noqa: S101  # flushed by insert
    for file_id, path, sha256, size in photos:
        cmd.insert(
            HazardPhoto(
                hazard_id=hazard.id,
                kind=PhotoKind.BEFORE,
                file_id=file_id,
                path=path,
                sha256=sha256,
                size=size,
                added_by=reporter,
                added_at=cmd.now,
            )
        )
    step(cmd, hazard.id, HazardAction.OPENED, actor=reporter)
    owe_each(cmd, hazard, DeliveryKind.HAZARD_NEW, assigners(config, level), tag="new")
    return hazard


def _default_category(config: SchoolConfig) -> str:
    categories = config.hazards.categories
    return "other" if "other" in categories else categories[-1]


def _from_answer(
    cmd: Command, config: SchoolConfig, occ: Occurrence, item: int, level: HazardLevel
) -> Hazard | None:
    """Open the hazard a ⚠️ answer describes: its item and note, its photo, the duty's place."""
    answer = duties.answers(session=cmd.session, occurrence_id=occ.id or 0).get(item)
    if answer is None or answer.ok or not 0 <= item < len(occ.checklist):
        return None
    text = occ.checklist[item]
    photos: list[Photo] = []
    if answer.photo_file_id:
        photos.append((answer.photo_file_id, answer.photo_path, answer.photo_sha256, None))
    return open_hazard(
        cmd,
        config,
        description=f"{text}: {answer.note}" if answer.note else text,
        place=occ.duty_name,
        category=_default_category(config),
        level=level,
        photos=photos,
        source=(occ.id or 0, item),
    )


def open_swept(cmd: Command, config: SchoolConfig, occurrence_id: int, item: int) -> int | None:
    """Inside the command that reports a sweep's ⚠️ item: it becomes a hazard by default."""
    occ = cmd.session.get(Occurrence, occurrence_id)
    if occ is None or occ.duty_id not in sweep_duty_ids(config):
        return None
    if hazards.from_answer(session=cmd.session, occurrence_id=occurrence_id, item=item):
        return None
    hazard = _from_answer(cmd, config, occ, item, HazardLevel.GENERAL)
    return hazard.id if hazard else None


@dataclass(frozen=True)
class Tracked:
    """What "track as hazard" did: the hazard, and whether this tap opened it."""

    hazard_id: int | None
    new: bool
    refusal: HazardRefusal | None = None


def track_answer(
    session: Session,
    *,
    config: SchoolConfig,
    occurrence_id: int,
    item: int,
    level: HazardLevel,
    by: str,
    now: datetime,
) -> Tracked:
    """One tap on a ⚠️ answer: it becomes a hazard (once; a second tap names the first)."""
    with Command(session, kind=EventKind.HAZARD_OPENED, actor=by, now=now) as cmd:
        occ = session.get(Occurrence, occurrence_id, populate_existing=True)
        if occ is None or occ.state != OccurrenceState.ANSWERED:
            return Tracked(None, False, HazardRefusal.STALE)
        if by != occ.assignee and not OFFICER_ROLES & roles_of(config, by):
            return Tracked(None, False, HazardRefusal.NOT_ALLOWED)
        known = hazards.from_answer(session=session, occurrence_id=occurrence_id, item=item)
        if known is not None:
            return Tracked(known.id, False)
        hazard = _from_answer(cmd, config, occ, item, level)
        if hazard is None:
            return Tracked(None, False, HazardRefusal.STALE)
        cmd.done(hazard=hazard.id, occurrence=occurrence_id, item=item, level=level)
    return Tracked(hazard.id, True)


def start_report(session: Session, *, config: SchoolConfig, staff_id: str, now: datetime) -> Draft:
    """``/hazard``: any linked staff member starts a report; an unfinished one is replaced."""
    if config.staff_by_id(staff_id) is None:
        return Draft(None, refusal=HazardRefusal.UNKNOWN_STAFF)
    with Command(session, kind=EventKind.HAZARD_DRAFTED, actor=staff_id, now=now) as cmd:
        old = hazards.input_of(session=session, staff_id=staff_id)
        if old is not None:
            cmd.delete(old)
        cmd.insert(HazardInput(staff_id=staff_id, step=HazardInputStep.DESCRIPTION, created_at=now))
        cmd.done(step=HazardInputStep.DESCRIPTION, replaced=old.step if old else None)
    return Draft(HazardInputStep.DESCRIPTION)


def _advance(
    session: Session,
    *,
    staff_id: str,
    now: datetime,
    expect: HazardInputStep | tuple[HazardInputStep, ...],
    to: HazardInputStep,
    values: dict[str, Any],
) -> Draft | None:
    """Take one answer of a report in progress and ask the next question (None: not asked)."""
    expected = expect if isinstance(expect, tuple) else (expect,)
    with Command(session, kind=EventKind.HAZARD_DRAFTED, actor=staff_id, now=now) as cmd:
        row = hazards.input_of(session=session, staff_id=staff_id)
        if row is None or row.step not in expected:
            return None
        moved = {**values, "created_at": now}  # the timer restarts at each step
        if to == row.step:
            cmd.update(HazardInput, staff_id, values=moved, guard={"step": row.step})
        else:
            cmd.move(
                HazardInput,
                staff_id,
                machine=HAZARD_INPUT,
                column="step",
                to=to,
                values=moved,
                guard={"step": row.step},
            )
        cmd.done(step=to, **values)
        photos = len(values.get("photos", row.photos))
    return Draft(to, photos=photos)


def add_description(session: Session, *, staff_id: str, text: str, now: datetime) -> Draft | None:
    """The description; the place is asked next."""
    if not text.strip():
        return None
    return _advance(
        session,
        staff_id=staff_id,
        now=now,
        expect=HazardInputStep.DESCRIPTION,
        to=HazardInputStep.PLACE,
        values={"description": clip(text)},
    )


def choose_place(
    session: Session, *, config: SchoolConfig, staff_id: str, index: int | None, now: datetime
) -> Draft | None:
    """A place from the list (by its index), or ``None`` to type one."""
    if index is None:
        return _advance(
            session,
            staff_id=staff_id,
            now=now,
            expect=HazardInputStep.PLACE,
            to=HazardInputStep.PLACE_TEXT,
            values={},
        )
    places = config.hazards.places
    if not 0 <= index < len(places):
        return None  # a button from before a reload
    return _advance(
        session,
        staff_id=staff_id,
        now=now,
        expect=HazardInputStep.PLACE,
        to=HazardInputStep.PHOTOS,
        values={"place": places[index]},
    )


def add_place_text(session: Session, *, staff_id: str, text: str, now: datetime) -> Draft | None:
    """A place typed by hand (asked for, or typed instead of tapping a place)."""
    if not text.strip():
        return None
    return _advance(
        session,
        staff_id=staff_id,
        now=now,
        expect=(HazardInputStep.PLACE, HazardInputStep.PLACE_TEXT),
        to=HazardInputStep.PHOTOS,
        values={"place": text.strip()[:200]},
    )


def add_photo(session: Session, *, staff_id: str, photo: Photo, now: datetime) -> Draft | None:
    """One more photo of the hazard as found (up to :data:`MAX_PHOTOS`)."""
    row = hazards.input_of(session=session, staff_id=staff_id)
    if row is None or row.step != HazardInputStep.PHOTOS or len(row.photos) >= MAX_PHOTOS:
        return None
    return _advance(
        session,
        staff_id=staff_id,
        now=now,
        expect=HazardInputStep.PHOTOS,
        to=HazardInputStep.PHOTOS,
        values={"photos": [*row.photos, list(photo)]},
    )


def photos_done(session: Session, *, staff_id: str, now: datetime) -> Draft | None:
    """No (more) photos: the category is asked next."""
    return _advance(
        session,
        staff_id=staff_id,
        now=now,
        expect=HazardInputStep.PHOTOS,
        to=HazardInputStep.CATEGORY,
        values={},
    )


def choose_category(
    session: Session, *, config: SchoolConfig, staff_id: str, index: int, now: datetime
) -> Draft | None:
    """A category (by its index in the config); the level is asked last."""
    categories = config.hazards.categories
    if not 0 <= index < len(categories):
        return None
    return _advance(
        session,
        staff_id=staff_id,
        now=now,
        expect=HazardInputStep.CATEGORY,
        to=HazardInputStep.LEVEL,
        values={"category": categories[index]},
    )


def choose_level(
    session: Session, *, config: SchoolConfig, staff_id: str, level: HazardLevel, now: datetime
) -> Draft | None:
    """The level, and the report is complete: the hazard opens and its assigners are told."""
    with Command(session, kind=EventKind.HAZARD_OPENED, actor=staff_id, now=now) as cmd:
        row = hazards.input_of(session=session, staff_id=staff_id)
        if row is None or row.step != HazardInputStep.LEVEL:
            return None
        photos = len(row.photos)
        hazard = file_report(cmd, config, row, level)
        cmd.done(hazard=hazard.id, level=level)
    return Draft(None, hazard_id=hazard.id, photos=photos)


def file_report(cmd: Command, config: SchoolConfig, row: HazardInput, level: HazardLevel) -> Hazard:
    """Open the hazard a report describes (missing answers take their defaults)."""
    description, place, reporter = row.description or "", row.place or "", row.staff_id
    category = row.category or _default_category(config)
    photos: list[Photo] = [(str(p[0]), p[1], p[2], p[3]) for p in row.photos]
    cmd.delete(row)
    return open_hazard(
        cmd,
        config,
        description=description,
        place=place,
        category=category,
        level=level,
        photos=photos,
        reporter=reporter,
    )
