"""Pupils' leave slips at the gate, as commands: the slip (pupil, class, signing teacher,
time out), then its photo or "no photo". Kept by the gate duty teacher while it runs."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session

from safeduty.commands.record import Command
from safeduty.commands.visits import GateDone, on_duty, set_input
from safeduty.config.model import SchoolConfig
from safeduty.domain.events import EventKind
from safeduty.domain.states import Refusal
from safeduty.domain.visits import GateStep, LeaveLine
from safeduty.storage import visits
from safeduty.storage.tables import LeaveSlip


def record_leave(
    session: Session, *, config: SchoolConfig, staff_id: str, line: LeaveLine, now: datetime
) -> GateDone:
    """A pupil leaves with a signed slip: time out now; a photo of the slip may follow."""
    occ = on_duty(session, config=config, staff_id=staff_id, now=now)
    if occ is None or occ.id is None:
        return GateDone(Refusal.OFF_DUTY)
    with Command(session, kind=EventKind.SLIP_RECORDED, actor=staff_id, now=now) as cmd:
        slip = cmd.insert(
            LeaveSlip(
                occurrence_id=occ.id,
                day=occ.day,
                pupil=line.pupil,
                class_name=line.class_name,
                signed_by=line.signed_by,
                time_out=now,
                recorded_by=staff_id,
            )
        )
        set_input(
            cmd, staff_id=staff_id, step=GateStep.SLIP_PHOTO, occurrence_id=occ.id, slip_id=slip.id
        )
        cmd.done(slip=slip.id, pupil=line.pupil, occurrence=occ.id)
    return GateDone(None, slip.id)


def add_slip_photo(
    session: Session,
    *,
    staff_id: str,
    file_id: str,
    path: str | None,
    sha256: str | None,
    now: datetime,
) -> GateDone | None:
    """The photo of the slip just recorded; None when no slip's photo is awaited."""
    with Command(session, kind=EventKind.SLIP_PHOTO, actor=staff_id, now=now) as cmd:
        waiting = visits.current_input(session=session, staff_id=staff_id)
        if waiting is None or waiting.step != GateStep.SLIP_PHOTO or waiting.slip_id is None:
            return None
        slip_id = waiting.slip_id
        cmd.update(
            LeaveSlip,
            slip_id,
            values={"photo_file_id": file_id, "photo_path": path, "photo_sha256": sha256},
        )
        cmd.delete(waiting)
        cmd.done(slip=slip_id, photo_sha256=sha256)
    return GateDone(None, slip_id)


def skip_slip_photo(session: Session, *, staff_id: str, slip_id: int, now: datetime) -> GateDone:
    """No photo of this slip: stop waiting for one."""
    with Command(session, kind=EventKind.SLIP_PHOTO, actor=staff_id, now=now) as cmd:
        waiting = visits.current_input(session=session, staff_id=staff_id)
        if waiting is None or waiting.slip_id != slip_id:
            return GateDone(Refusal.STALE)
        cmd.delete(waiting)
        cmd.done(slip=slip_id, photo_sha256=None)
    return GateDone(None, slip_id)
