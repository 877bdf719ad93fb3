"""Substitutes and swaps as commands: ask a colleague, offer a duty, accept or decline.

A colleague asked to stand in (for a leave) or offered a duty (a swap) answers with a
button. Accepting hands the slot to them: planning follows the accepted cover from then
on, so the reminder goes to them. The absent person and whoever asked are told either
way; the events say who stood in or swapped with whom.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlmodel import Session

from safeduty.arranged import placed_days
from safeduty.commands.leave import may_arrange
from safeduty.commands.owed import owe
from safeduty.commands.record import Command
from safeduty.config.model import SchoolConfig
from safeduty.domain.cover import can_cover
from safeduty.domain.cover_states import (
    COVER,
    LIVE,
    CoverReason,
    CoverRefusal,
    CoverState,
)
from safeduty.domain.events import EventKind
from safeduty.domain.states import DeliveryKind
from safeduty.storage import covers
from safeduty.storage.tables import Cover, Delivery


@dataclass(frozen=True)
class CoverOutcome:
    """What a cover command did; ``refusal`` says why it did nothing."""

    refusal: CoverRefusal | None
    cover_id: int | None = None

    @property
    def ok(self) -> bool:
        return self.refusal is None


def _free(
    session: Session, config: SchoolConfig, who: str, *, absent: str, duty_id: str, day: date
) -> bool:
    """Whether ``who`` is a colleague who can take ``absent``'s duty that day."""
    if config.staff_by_id(who) is None:
        return False
    placed, arr = placed_days(config, session, day, 1)
    return can_cover(who, absent=absent, duty_id=duty_id, day=day, placed=placed, arr=arr)


def _ask(cmd: Command, row: Cover, substitute: str, by: str) -> None:
    """Move the cover to "proposed" to ``substitute`` and owe them the question."""
    asks = row.asks + 1
    cmd.move(
        Cover,
        row.id,
        machine=COVER,
        column="state",
        to=CoverState.PROPOSED,
        values={"substitute": substitute, "proposed_by": by, "asks": asks, "decided_at": None},
        guard={"state": row.state, "asks": row.asks},
    )
    owe(
        cmd,
        Delivery(
            key=f"c{row.id}:ask{asks}:{substitute}",
            kind=DeliveryKind.COVER_ASKED,
            recipient=substitute,
            cover_id=row.id,
            due_at=cmd.now,
        ),
    )


def propose(
    session: Session,
    *,
    config: SchoolConfig,
    cover_id: int,
    substitute: str,
    by: str,
    now: datetime,
) -> CoverOutcome:
    """Ask ``substitute`` to stand in on a duty a leave left without a person."""
    with Command(session, kind=EventKind.COVER_PROPOSED, actor=by, now=now) as cmd:
        row = covers.cover(session=session, cover_id=cover_id)
        if row is None or row.reason != CoverReason.LEAVE:
            return CoverOutcome(CoverRefusal.STALE)
        leave = covers.leave(session=session, leave_id=row.leave_id) if row.leave_id else None
        if not may_arrange(config, by, row, leave):
            return CoverOutcome(CoverRefusal.NOT_ALLOWED, cover_id)
        if row.state not in (CoverState.NEEDED, CoverState.PROPOSED, CoverState.DECLINED):
            return CoverOutcome(CoverRefusal.DECIDED, cover_id)
        if row.remind_at <= now:
            return CoverOutcome(CoverRefusal.STARTED, cover_id)
        if not _free(
            session, config, substitute, absent=row.absent, duty_id=row.duty_id, day=row.day
        ):
            return CoverOutcome(CoverRefusal.CANDIDATE, cover_id)
        _ask(cmd, row, substitute, by)
        cmd.done(
            cover=cover_id,
            reason=row.reason,
            duty=row.duty_id,
            day=row.day,
            absent=row.absent,
            substitute=substitute,
        )
    return CoverOutcome(None, cover_id)


def offer_swap(
    session: Session,
    *,
    config: SchoolConfig,
    duty_id: str,
    day: date,
    to: str,
    by: str,
    now: datetime,
) -> CoverOutcome:
    """Offer ``by``'s duty on ``day`` to ``to``; an offer still waiting goes to ``to`` instead."""
    with Command(session, kind=EventKind.COVER_PROPOSED, actor=by, now=now) as cmd:
        placed, arr = placed_days(config, session, day, 1)
        mine = next(
            (
                x
                for x in placed
                if (x.planned.duty_id, x.planned.assignee) == (duty_id, by) and not x.unstaffed
            ),
            None,
        )
        if mine is None:
            return CoverOutcome(CoverRefusal.NOT_ALLOWED)
        if mine.planned.remind_at <= now:
            return CoverOutcome(CoverRefusal.STARTED)
        if config.staff_by_id(to) is None or not can_cover(
            to, absent=by, duty_id=duty_id, day=day, placed=placed, arr=arr
        ):
            return CoverOutcome(CoverRefusal.CANDIDATE)
        waiting = arr.live(duty_id, day, by, CoverReason.SWAP)
        if waiting is not None:
            if waiting.substitute == to:
                return CoverOutcome(CoverRefusal.PENDING, waiting.id)
            row = covers.cover(session=session, cover_id=waiting.id)
            assert row is not None  # noqa: S101  # the arrangement was just read
            _ask(cmd, row, to, by)
        else:
            row = cmd.insert(
                Cover(
                    duty_id=duty_id,
                    duty_name=mine.planned.duty_name,
                    day=day,
                    absent=by,
                    reason=CoverReason.SWAP,
                    state=CoverState.PROPOSED,
                    substitute=to,
                    proposed_by=by,
                    asks=1,
                    remind_at=mine.planned.remind_at,
                    created_at=now,
                )
            )
            owe(
                cmd,
                Delivery(
                    key=f"c{row.id}:ask1:{to}",
                    kind=DeliveryKind.COVER_ASKED,
                    recipient=to,
                    cover_id=row.id,
                    due_at=now,
                ),
            )
        cmd.done(
            cover=row.id, reason=CoverReason.SWAP, duty=duty_id, day=day, absent=by, substitute=to
        )
    return CoverOutcome(None, row.id)


def answer(
    session: Session,
    *,
    config: SchoolConfig,
    cover_id: int,
    by: str,
    accept: bool,
    now: datetime,
) -> CoverOutcome:
    """The colleague asked accepts (the duty is theirs) or declines; both sides are told."""
    kind = EventKind.COVER_ACCEPTED if accept else EventKind.COVER_DECLINED
    with Command(session, kind=kind, actor=by, now=now) as cmd:
        row = covers.cover(session=session, cover_id=cover_id)
        if row is None:
            return CoverOutcome(CoverRefusal.STALE)
        if row.substitute != by:
            return CoverOutcome(CoverRefusal.NOT_ASKED, cover_id)
        if row.state != CoverState.PROPOSED:
            return CoverOutcome(CoverRefusal.DECIDED, cover_id)
        if accept and row.remind_at <= now:
            return CoverOutcome(CoverRefusal.STARTED, cover_id)
        if accept and not _free(
            session, config, by, absent=row.absent, duty_id=row.duty_id, day=row.day
        ):
            return CoverOutcome(CoverRefusal.CANDIDATE, cover_id)
        target = CoverState.ACCEPTED if accept else CoverState.DECLINED
        cmd.move(
            Cover,
            cover_id,
            machine=COVER,
            column="state",
            to=target,
            values={"decided_at": now, **({"escalate_at": None} if accept else {})},
            guard={"substitute": by, "asks": row.asks},
        )
        if accept:
            _withdraw_others(cmd, row)
        delivery_kind = DeliveryKind.COVER_ACCEPTED if accept else DeliveryKind.COVER_DECLINED
        for who in dict.fromkeys(w for w in (row.absent, row.proposed_by) if w and w != by):
            owe(
                cmd,
                Delivery(
                    key=f"c{cover_id}:{target}{row.asks}:{who}",
                    kind=delivery_kind,
                    recipient=who,
                    cover_id=cover_id,
                    due_at=now,
                ),
            )
        cmd.done(
            cover=cover_id,
            reason=row.reason,
            duty=row.duty_id,
            day=row.day,
            absent=row.absent,
            substitute=by,
        )
    return CoverOutcome(None, cover_id)


def _withdraw_others(cmd: Command, row: Cover) -> None:
    """Other live covers of the same slot say nothing any more (a leave need after a swap)."""
    for other in covers.covers_between(session=cmd.session, first=row.day, last=row.day):
        if (
            other.id != row.id
            and (other.duty_id, other.absent) == (row.duty_id, row.absent)
            and other.state in LIVE
            and other.state != CoverState.ACCEPTED
        ):
            cmd.move(Cover, other.id, machine=COVER, column="state", to=CoverState.WITHDRAWN)
