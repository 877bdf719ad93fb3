"""The check of a fix, as commands: someone other than the owner, with the safety officer or
principal role, closes the hazard or sends it back with a reason; the monthly sweep asks
again whether a closed hazard is still fixed ("no" reopens it).
"""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session

from safeduty.commands.hazard_common import assigners, clip, owe_each, roles_of, step
from safeduty.commands.hazards import Done, chase_values, move, start_input
from safeduty.commands.record import Command
from safeduty.config.model import SchoolConfig
from safeduty.domain.events import EventKind
from safeduty.domain.hazards import (
    OFFICER_ROLES,
    HazardAction,
    HazardInputStep,
    HazardRefusal,
    HazardState,
    may_see,
    refuse_verify,
)
from safeduty.domain.plan import school_date
from safeduty.domain.states import DeliveryKind
from safeduty.storage import hazards
from safeduty.storage.tables import Hazard, Occurrence
from safeduty.texts import t


def verify(
    session: Session, *, config: SchoolConfig, hazard_id: int, by: str, now: datetime
) -> Done:
    """Someone other than the owner, with the role, checks the fix and closes the hazard."""
    with Command(session, kind=EventKind.HAZARD_CLOSED, actor=by, now=now) as cmd:
        hazard = hazards.get(session=session, hazard_id=hazard_id)
        refusal = refuse_verify(
            by=by,
            roles=roles_of(config, by),
            owner=hazard.owner if hazard else None,
            state=hazard.state if hazard else None,
        )
        if refusal is not None or hazard is None:
            return Done(refusal or HazardRefusal.STALE)
        if not move(cmd, hazard, HazardState.CLOSED, {"verified_by": by, "closed_at": now}):
            return Done(HazardRefusal.STALE)
        step(cmd, hazard_id, HazardAction.CLOSED)
        told = [p for p in (hazard.owner, hazard.reported_by) if p and p != by]
        owe_each(cmd, hazard, DeliveryKind.HAZARD_CLOSED, told, tag=f"{hazard.cycle}:closed")
        cmd.done(hazard=hazard_id)
    return Done(None, hazard_id)


def start_reopen(
    session: Session, *, config: SchoolConfig, hazard_id: int, by: str, now: datetime
) -> Done:
    """A verifier finds the fix wanting: the bot asks why (the reason goes to the owner)."""
    hazard = hazards.get(session=session, hazard_id=hazard_id)
    refusal = refuse_verify(
        by=by,
        roles=roles_of(config, by),
        owner=hazard.owner if hazard else None,
        state=hazard.state if hazard else None,
    )
    return start_input(
        session,
        kind=EventKind.HAZARD_INPUT,
        hazard_id=hazard_id,
        by=by,
        now=now,
        to=HazardInputStep.REOPEN_REASON,
        refusal=refusal,
    )


def add_reopen_reason(
    session: Session, *, config: SchoolConfig, staff_id: str, text: str, now: datetime
) -> Done | None:
    """The reason: the hazard goes back to its owner with a new deadline. None: not asked."""
    if not text.strip():
        return None
    with Command(session, kind=EventKind.HAZARD_REOPENED, actor=staff_id, now=now) as cmd:
        row = hazards.input_of(session=session, staff_id=staff_id)
        if row is None or row.step != HazardInputStep.REOPEN_REASON or row.hazard_id is None:
            return None
        hazard = hazards.get(session=session, hazard_id=row.hazard_id)
        cmd.delete(row)
        refusal = refuse_verify(
            by=staff_id,
            roles=roles_of(config, staff_id),
            owner=hazard.owner if hazard else None,
            state=hazard.state if hazard else None,
        )
        if refusal is not None or hazard is None:
            cmd.done(hazard=row.hazard_id, refused=refusal)  # verified meanwhile: drop it
            return Done(refusal or HazardRefusal.STALE, row.hazard_id)
        reason = clip(text)
        if not _reopen(cmd, config, hazard, reason):
            return Done(HazardRefusal.STALE, hazard.id)
        cmd.done(hazard=hazard.id, reason=reason)
    return Done(None, hazard.id)


def _reopen(cmd: Command, config: SchoolConfig, hazard: Hazard, reason: str) -> bool:
    """Back to the owner, with a deadline as long as the first one (at least a day)."""
    assert hazard.id is not None  # noqa: S101  # stored rows have ids
    span = 1
    if hazard.deadline is not None and hazard.assigned_at is not None:
        span = max(1, (hazard.deadline - school_date(hazard.assigned_at, config)).days)
    cycle = hazard.cycle + 1
    values = chase_values(config, cmd.now, span)
    values.update(
        reopen_reason=reason, cycle=cycle, fixed_at=None, verified_by=None, closed_at=None
    )
    if not move(cmd, hazard, HazardState.REOPENED, values):
        return False
    step(
        cmd,
        hazard.id,
        HazardAction.REOPENED,
        note=reason,
        owner=hazard.owner,
        deadline=values["deadline"],  # type: ignore[arg-type]  # a date, set above
    )
    told = [hazard.owner or "", *assigners(config, hazard.level)]
    owe_each(
        cmd,
        hazard,
        DeliveryKind.HAZARD_REOPENED,
        [p for p in told if p and p != cmd.actor],
        tag=f"{cycle}:reopened",
    )
    return True


def recheck(
    session: Session,
    *,
    config: SchoolConfig,
    hazard_id: int,
    occurrence_id: int,
    still_fixed: bool,
    by: str,
    now: datetime,
) -> Done:
    """The sweep's answer about a closed hazard: still fixed, or "no", which reopens it."""
    kind = EventKind.HAZARD_RECHECKED if still_fixed else EventKind.HAZARD_REOPENED
    with Command(session, kind=kind, actor=by, now=now) as cmd:
        hazard = hazards.get(session=session, hazard_id=hazard_id)
        occ = session.get(Occurrence, occurrence_id)
        if hazard is None or occ is None or hazard.state != HazardState.CLOSED:
            return Done(HazardRefusal.STALE, hazard_id)
        if by != occ.assignee and not OFFICER_ROLES & roles_of(config, by):
            return Done(HazardRefusal.NOT_ALLOWED, hazard_id)
        if still_fixed and by == hazard.owner:
            return Done(HazardRefusal.OWN_FIX, hazard_id)
        if still_fixed:
            cmd.update(
                Hazard,
                hazard_id,
                values={"rechecked_at": now, "rechecked_by": by},
                guard={"state": HazardState.CLOSED, "cycle": hazard.cycle},
            )
            step(cmd, hazard_id, HazardAction.RECHECKED)
        else:
            reason = t(config.school.language, "hazard_sweep_reason", duty=occ.duty_name)
            if not _reopen(cmd, config, hazard, reason):
                return Done(HazardRefusal.STALE, hazard_id)
        cmd.done(hazard=hazard_id, occurrence=occurrence_id, still_fixed=still_fixed)
    return Done(None, hazard_id)


def visible(session: Session, *, config: SchoolConfig, hazard_id: int, by: str) -> Done:
    """Whether ``by`` may see this hazard (``/hazard ID``)."""
    hazard = hazards.get(session=session, hazard_id=hazard_id)
    if hazard is None:
        return Done(HazardRefusal.STALE)
    if not may_see(
        by=by, roles=roles_of(config, by), reported_by=hazard.reported_by, owner=hazard.owner
    ):
        return Done(HazardRefusal.NOT_VISIBLE)
    return Done(None, hazard_id)
