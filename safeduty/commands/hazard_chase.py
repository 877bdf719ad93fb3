"""What the tick does for hazards: chase owners, climb overdue ladders, ask the sweep about
closed hazards, finish conversations left hanging, and let old photos go.

Each hazard carries its next action (``next_action_at``); the tick only asks what is due
and claims it with a compare-and-set on ``chases``, so a second tick or process never
repeats a reminder or a step of the ladder.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlmodel import Session

from safeduty.commands.deliveries import owe_alert
from safeduty.commands.hazard_common import owe_each, step
from safeduty.commands.hazard_reports import file_report
from safeduty.commands.hazards import report_fix
from safeduty.commands.problems import ABANDONED_INPUT
from safeduty.commands.record import Command
from safeduty.config.model import SchoolConfig
from safeduty.domain.calendar import school_calendar
from safeduty.domain.events import EventKind
from safeduty.domain.hazards import (
    CHASED,
    HazardAction,
    HazardInputStep,
    HazardLevel,
    chase,
    sweep_duty_ids,
)
from safeduty.domain.plan import school_date
from safeduty.domain.states import DeliveryKind, OccurrenceState
from safeduty.storage import duties, hazards
from safeduty.storage.tables import Hazard, HazardPhoto

SYSTEM = "system"
FAULT_RETRY = timedelta(minutes=10)


def chase_due(session: Session, *, config: SchoolConfig, now: datetime) -> list[str]:
    """Remind the owners and climb the ladders of every hazard whose next action is due."""
    done = []
    for hazard in hazards.due(session=session, now=now):
        done += chase_one(session, config=config, hazard=hazard, now=now)
    return done


def chase_one(
    session: Session, *, config: SchoolConfig, hazard: Hazard, now: datetime
) -> list[str]:
    """One due hazard: its reminder and every ladder step due, in one command."""
    zone = ZoneInfo(config.school.timezone)
    assert hazard.id is not None  # noqa: S101  # stored rows have ids
    if hazard.deadline is None or hazard.owner is None or hazard.next_action_at is None:
        raise ValueError(f"hazard {hazard.id} is chased without an owner and a deadline")
    plan = chase(
        now=now,
        due=hazard.next_action_at,
        rung=hazard.rung,
        deadline=hazard.deadline,
        ladder=[(int(after), str(notify)) for after, notify in hazard.ladder],
        remind_at=config.hazards.remind_at,
        calendar=school_calendar(config),
        zone=zone,
    )
    with Command(session, kind=EventKind.HAZARD_CHASED, actor=SYSTEM, now=now) as cmd:
        if not cmd.update(
            Hazard,
            hazard.id,
            values={
                "rung": plan.next_rung,
                "next_action_at": plan.next_at,
                "chases": hazard.chases + 1,
            },
            guard={"chases": hazard.chases, "state": CHASED},
        ):
            return []  # another tick took it, or the fix came in meanwhile
        round_ = f"{hazard.cycle}"
        if plan.remind:
            owe_each(
                cmd,
                hazard,
                DeliveryKind.HAZARD_REMIND,
                [hazard.owner],
                tag=f"{round_}:remind:{hazard.chases}",
            )
        for rung in plan.rungs:
            people = (
                [hazard.owner]
                if rung.notify == "owner"
                else config.resolve(rung.notify, hazard.owner)
            )
            owe_each(
                cmd,
                hazard,
                DeliveryKind.HAZARD_OVERDUE,
                people,
                tag=f"{round_}:rung:{rung.index}",
                step_index=rung.index,
            )
            step(cmd, hazard.id, HazardAction.ESCALATED, note=rung.notify)
        cmd.done(
            hazard=hazard.id,
            remind=plan.remind,
            rungs=[r.index for r in plan.rungs],
            next_at=plan.next_at,
        )
    what = ["reminder"] * plan.remind + [f"overdue step {r.index}" for r in plan.rungs]
    return [f"hazard {hazard.id} {', '.join(what) or 'nothing due'}"]


def fault(
    session: Session, *, config: SchoolConfig, hazard_id: int, error: str, now: datetime
) -> bool:
    """A hazard the tick failed on: put it off and tell the admins (once)."""
    with Command(session, kind=EventKind.HAZARD_FAULTED, actor=SYSTEM, now=now) as cmd:
        if not cmd.update(
            Hazard,
            hazard_id,
            values={"next_action_at": now + FAULT_RETRY},
            guard={"state": CHASED},
        ):
            return False
        owe_alert(
            cmd, config, key=f"error:h{hazard_id}:fault", detail=f"hazard {hazard_id}: {error}"
        )
        cmd.done(hazard=hazard_id, error=error[:500])
    return True


def owe_rechecks(session: Session, *, config: SchoolConfig, now: datetime) -> int:
    """Once a sweep has been reminded, ask its person about each hazard closed since the
    last sweep: "still fixed?" (a "no" reopens it)."""
    sweeps = sweep_duty_ids(config)
    if not sweeps:
        return 0
    owed = 0
    for occ in duties.occurrences_on(session=session, day=school_date(now, config)):
        if occ.duty_id not in sweeps or occ.state in (
            OccurrenceState.PLANNED,
            OccurrenceState.DROPPED,
        ):
            continue
        closed = hazards.closed_not_rechecked(session=session, closed_before=occ.remind_at)
        if not closed:
            continue
        with Command(session, kind=EventKind.HAZARD_RECHECK_OWED, actor=SYSTEM, now=now) as cmd:
            asked = [
                h.id
                for h in closed
                if owe_each(
                    cmd,
                    h,
                    DeliveryKind.HAZARD_RECHECK,
                    [occ.assignee],
                    tag=f"recheck:o{occ.id}",
                    occurrence_id=occ.id,
                )
            ]
            if not asked:
                continue
            cmd.done(occurrence=occ.id, hazards=asked)
            owed += len(asked)
    return owed


def expire_inputs(session: Session, *, config: SchoolConfig, now: datetime) -> int:
    """Conversations nobody went on with: a report with a description is filed as it is,
    a fix with its note is reported without an after-photo (each person is told);
    anything else is dropped (nothing was said yet)."""
    expired = 0
    for row in hazards.inputs_before(session=session, before=now - ABANDONED_INPUT):
        staff_id, step_ = row.staff_id, HazardInputStep(row.step)
        if step_ == HazardInputStep.FIX_PHOTO:
            done = report_fix(
                session, config=config, staff_id=staff_id, photo=None, now=now, actor=SYSTEM
            )
            if done is not None and done.ok and done.hazard_id is not None:
                _tell_filed(session, staff_id, done.hazard_id, now)
            expired += 1
            continue
        with Command(session, kind=EventKind.HAZARD_INPUT_EXPIRED, actor=SYSTEM, now=now) as cmd:
            current = hazards.input_of(session=session, staff_id=staff_id)
            if current is None or current.created_at >= now - ABANDONED_INPUT:
                continue  # answered meanwhile
            filed = None
            if current.hazard_id is None and current.description:
                hazard = file_report(cmd, config, current, HazardLevel.GENERAL)
                owe_each(cmd, hazard, DeliveryKind.HAZARD_FILED, [staff_id], tag="filed")
                filed = hazard.id
            else:
                cmd.delete(current)
            cmd.done(staff=staff_id, step=step_, filed=filed)
            expired += 1
    return expired


def _tell_filed(session: Session, staff_id: str, hazard_id: int, now: datetime) -> None:
    with Command(session, kind=EventKind.HAZARD_INPUT_EXPIRED, actor=SYSTEM, now=now) as cmd:
        hazard = hazards.get(session=session, hazard_id=hazard_id)
        if hazard is None:
            return
        if owe_each(
            cmd, hazard, DeliveryKind.HAZARD_FILED, [staff_id], tag=f"{hazard.cycle}:filed"
        ):
            cmd.done(staff=staff_id, hazard=hazard_id, step=HazardInputStep.FIX_PHOTO)


def expire_photos(session: Session, *, config: SchoolConfig, data_dir: Path, now: datetime) -> int:
    """Photos of hazards closed longer ago than the retention period: recorded as removed,
    then their files deleted (unless the same picture is still evidence elsewhere)."""
    cutoff = now - timedelta(days=config.hazards.photo_retention_days)
    old = hazards.photos_past_retention(session=session, closed_before=cutoff)
    if not old:
        return 0
    with Command(session, kind=EventKind.HAZARD_PHOTOS_EXPIRED, actor=SYSTEM, now=now) as cmd:
        paths = {str(p.path) for p in old}
        for photo in old:
            cmd.update(
                HazardPhoto, photo.id, values={"removed_at": now}, guard={"removed_at": None}
            )
        for hazard_id in sorted({p.hazard_id for p in old}):
            step(cmd, hazard_id, HazardAction.PHOTOS_EXPIRED)
        cmd.done(photos=[p.id for p in old], sha256=[p.sha256 for p in old])
    for path in sorted(paths):
        if not hazards.file_still_used(session=session, path=path):
            (data_dir / path).unlink(missing_ok=True)
    return len(old)
