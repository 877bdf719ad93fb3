"""A hazard's life after it is reported, as commands: owner and deadline, and the fix with
its after-photo (its check by someone else is in :mod:`hazard_verdicts`).

Who may do what is decided here (``domain.hazards.refuse_*``), never in the handlers.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlmodel import Session, col, select

from safeduty.commands.hazard_common import (
    clip,
    owe_each,
    roles_of,
    step,
    verifiers,
)
from safeduty.commands.hazard_reports import Photo
from safeduty.commands.record import Command
from safeduty.config.model import SchoolConfig
from safeduty.domain.calendar import school_calendar
from safeduty.domain.events import EventKind
from safeduty.domain.hazards import (
    HAZARD,
    HAZARD_INPUT,
    HazardAction,
    HazardInputStep,
    HazardRefusal,
    HazardState,
    PhotoKind,
    first_chase,
    refuse_assign,
    refuse_fix,
)
from safeduty.domain.plan import school_date
from safeduty.domain.states import DELIVERY, DeliveryKind, DeliveryStatus
from safeduty.storage import hazards
from safeduty.storage.tables import Delivery, Hazard, HazardInput, HazardPhoto

MAX_DEADLINE_DAYS = 365
CHASERS = (DeliveryKind.HAZARD_REMIND, DeliveryKind.HAZARD_OVERDUE)


@dataclass(frozen=True)
class Done:
    """What a hazard command did: ``refusal`` says why nothing, ``hazard_id`` to what."""

    refusal: HazardRefusal | None
    hazard_id: int | None = None

    @property
    def ok(self) -> bool:
        return self.refusal is None


def move(
    cmd: Command,
    hazard: Hazard,
    to: HazardState,
    values: dict[str, object],
) -> bool:
    """A hazard's state moves as its table allows, and only in the round it was read in."""
    return cmd.move(
        Hazard,
        hazard.id,
        machine=HAZARD,
        column="state",
        to=to,
        values=values,
        guard={"cycle": hazard.cycle},
    )


def chase_values(config: SchoolConfig, now: datetime, days: int) -> dict[str, object]:
    """A new round of chasing: the deadline, the ladder snapshotted now, the first action."""
    deadline = school_date(now, config) + timedelta(days=days)
    steps = [(int(s.after.total_seconds() // 60), s.notify) for s in config.hazards.escalation]
    return {
        "deadline": deadline,
        "ladder": [list(s) for s in steps],
        "rung": 0,
        "next_action_at": first_chase(
            now=now,
            deadline=deadline,
            ladder=steps,
            remind_at=config.hazards.remind_at,
            calendar=school_calendar(config),
            zone=ZoneInfo(config.school.timezone),
        ),
    }


def cancel_chasers(cmd: Command, hazard_id: int) -> None:
    """Reminders and overdue steps not sent yet are moot once a fix is reported."""
    pending = cmd.session.exec(
        select(Delivery.id).where(
            Delivery.hazard_id == hazard_id,
            Delivery.status == DeliveryStatus.PENDING,
            col(Delivery.kind).in_(CHASERS),
        )
    )
    for delivery_id in list(pending):
        cmd.move(
            Delivery, delivery_id, machine=DELIVERY, column="status", to=DeliveryStatus.CANCELLED
        )


def may_assign(
    session: Session, *, config: SchoolConfig, hazard_id: int, owner: str, by: str
) -> Done:
    """Whether ``by`` may give this hazard to ``owner`` now (before the deadline is asked)."""
    hazard = hazards.get(session=session, hazard_id=hazard_id)
    refusal = refuse_assign(roles=roles_of(config, by), state=hazard.state if hazard else None)
    if refusal is None and config.staff_by_id(owner) is None:
        refusal = HazardRefusal.UNKNOWN_STAFF
    return Done(refusal, hazard_id)


def assign(
    session: Session,
    *,
    config: SchoolConfig,
    hazard_id: int,
    owner: str,
    days: int,
    by: str,
    now: datetime,
) -> Done:
    """The safety officer or principal names an owner (themselves included) and a deadline."""
    with Command(session, kind=EventKind.HAZARD_ASSIGNED, actor=by, now=now) as cmd:
        hazard = hazards.get(session=session, hazard_id=hazard_id)
        refusal = refuse_assign(roles=roles_of(config, by), state=hazard.state if hazard else None)
        if refusal is not None or hazard is None:
            return Done(refusal or HazardRefusal.STALE)
        if config.staff_by_id(owner) is None:
            return Done(HazardRefusal.UNKNOWN_STAFF)
        if not 0 <= days <= MAX_DEADLINE_DAYS:
            return Done(HazardRefusal.STALE)
        cycle = hazard.cycle + 1
        values = chase_values(config, now, days)
        values.update(owner=owner, assigned_by=by, assigned_at=now, cycle=cycle)
        if not move(cmd, hazard, HazardState.ASSIGNED, values):
            return Done(HazardRefusal.STALE)
        cancel_chasers(cmd, hazard_id)  # a reassignment starts a new round
        step(
            cmd,
            hazard_id,
            HazardAction.ASSIGNED,
            owner=owner,
            deadline=values["deadline"],  # type: ignore[arg-type]  # a date, set above
        )
        owe_each(cmd, hazard, DeliveryKind.HAZARD_ASSIGNED, [owner], tag=f"{cycle}:assigned")
        cmd.done(hazard=hazard_id, owner=owner, deadline=values["deadline"], days=days)
    return Done(None, hazard_id)


def start_input(
    session: Session,
    *,
    kind: EventKind,
    hazard_id: int,
    by: str,
    now: datetime,
    to: HazardInputStep,
    refusal: HazardRefusal | None,
) -> Done:
    with Command(session, kind=kind, actor=by, now=now) as cmd:
        if refusal is not None:
            return Done(refusal)
        old = hazards.input_of(session=session, staff_id=by)
        if old is not None:
            cmd.delete(old)
        cmd.insert(HazardInput(staff_id=by, step=to, hazard_id=hazard_id, created_at=now))
        cmd.done(hazard=hazard_id, step=to)
    return Done(None, hazard_id)


def start_fix(session: Session, *, hazard_id: int, by: str, now: datetime) -> Done:
    """The owner taps "fixed": the bot asks what was done (then for an after-photo)."""
    hazard = hazards.get(session=session, hazard_id=hazard_id)
    refusal = refuse_fix(
        by=by, owner=hazard.owner if hazard else None, state=hazard.state if hazard else None
    )
    return start_input(
        session,
        kind=EventKind.HAZARD_INPUT,
        hazard_id=hazard_id,
        by=by,
        now=now,
        to=HazardInputStep.FIX_NOTE,
        refusal=refusal,
    )


def add_fix_note(session: Session, *, staff_id: str, text: str, now: datetime) -> Done | None:
    """What the owner did; the after-photo is asked next. None: no fix note was awaited."""
    if not text.strip():
        return None
    with Command(session, kind=EventKind.HAZARD_FIX_NOTED, actor=staff_id, now=now) as cmd:
        row = hazards.input_of(session=session, staff_id=staff_id)
        if row is None or row.step != HazardInputStep.FIX_NOTE:
            return None
        note = clip(text)
        cmd.move(
            HazardInput,
            staff_id,
            machine=HAZARD_INPUT,
            column="step",
            to=HazardInputStep.FIX_PHOTO,
            values={"description": note, "created_at": now},
        )
        cmd.done(hazard=row.hazard_id, note=note)
    return Done(None, row.hazard_id)


def report_fix(
    session: Session,
    *,
    config: SchoolConfig,
    staff_id: str,
    photo: Photo | None,
    now: datetime,
    actor: str | None = None,
) -> Done | None:
    """The after-photo (or none): the hazard is fixed and those who may verify it are told.

    None when no after-photo was awaited from ``staff_id``.
    """
    with Command(session, kind=EventKind.HAZARD_FIXED, actor=actor or staff_id, now=now) as cmd:
        row = hazards.input_of(session=session, staff_id=staff_id)
        if row is None or row.step != HazardInputStep.FIX_PHOTO or row.hazard_id is None:
            return None
        hazard = hazards.get(session=session, hazard_id=row.hazard_id)
        note = row.description
        cmd.delete(row)
        refusal = refuse_fix(
            by=staff_id,
            owner=hazard.owner if hazard else None,
            state=hazard.state if hazard else None,
        )
        if refusal is not None or hazard is None or hazard.id is None:
            cmd.done(hazard=row.hazard_id, refused=refusal)  # reassigned meanwhile: drop it
            return Done(refusal or HazardRefusal.STALE, row.hazard_id)
        if photo is not None:
            file_id, path, sha256, size = photo
            cmd.insert(
                HazardPhoto(
                    hazard_id=hazard.id,
                    kind=PhotoKind.AFTER,
                    file_id=file_id,
                    path=path,
                    sha256=sha256,
                    size=size,
                    added_by=staff_id,
                    added_at=now,
                )
            )
        if not move(
            cmd,
            hazard,
            HazardState.FIXED,
            {"fix_note": note, "fixed_at": now, "next_action_at": None},
        ):
            return Done(HazardRefusal.STALE, hazard.id)
        cancel_chasers(cmd, hazard.id)
        step(cmd, hazard.id, HazardAction.FIXED, note=note, actor=staff_id)
        owe_each(
            cmd,
            hazard,
            DeliveryKind.HAZARD_FIXED,
            verifiers(config, hazard.owner),
            tag=f"{hazard.cycle}:fixed",
        )
        cmd.done(hazard=hazard.id, note=note, photo_sha256=photo[2] if photo else None)
    return Done(None, hazard.id)
