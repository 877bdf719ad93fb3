"""The gate register as commands: a visitor in, out, or confirmed still inside; the
question at the end of gate duty and the ladder after it (leave slips: ``leave_slips``).

Only the teacher of the gate duty running now (from its reminder to its deadline) records
visitors and slips; the duty is named by ``[gate] duty``. Checking a visitor out or
confirming them is also open to whoever recorded them and to the officers.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlmodel import Session, col, select

from safeduty.commands.owed import owe
from safeduty.commands.record import Command
from safeduty.config.model import SchoolConfig
from safeduty.domain.events import EventKind
from safeduty.domain.states import DELIVERY, DeliveryKind, DeliveryStatus, Refusal
from safeduty.domain.visits import (
    GATE_ROLES,
    UNCONFIRMED,
    VISIT,
    GateStep,
    Usual,
    VisitorLine,
    VisitState,
    chase,
    chase_due,
    usual_visitors,
)
from safeduty.storage import visits
from safeduty.storage.tables import Delivery, GateInput, Occurrence, Visit

SYSTEM = "system"
QUIET = timedelta(minutes=15)
WEEK = timedelta(days=7)


@dataclass(frozen=True)
class GateDone:
    """What a gate command did; ``refusal`` says why it did nothing."""

    refusal: Refusal | None
    row_id: int | None = None  # the visit or leave slip

    @property
    def ok(self) -> bool:
        return self.refusal is None


def on_duty(
    session: Session, *, config: SchoolConfig, staff_id: str, now: datetime
) -> Occurrence | None:
    """This person's gate duty, if it runs now (and the config names a gate duty)."""
    duty = config.gate.duty
    if duty is None:
        return None
    return visits.gate_duty_now(session=session, duty_id=duty, staff_id=staff_id, now=now)


def set_input(
    cmd: Command, *, staff_id: str, step: GateStep, occurrence_id: int, slip_id: int | None = None
) -> None:
    existing = visits.current_input(session=cmd.session, staff_id=staff_id)
    values = {
        "step": step,
        "occurrence_id": occurrence_id,
        "slip_id": slip_id,
        "created_at": cmd.now,
    }
    if existing is None:
        cmd.insert(GateInput(staff_id=staff_id, **values))  # type: ignore[arg-type]  # columns
    else:
        cmd.update(GateInput, staff_id, values=values)


def await_line(
    session: Session, *, config: SchoolConfig, staff_id: str, step: GateStep, now: datetime
) -> GateDone:
    """Wait for the visitor's (or the slip's) line from the gate duty teacher."""
    occ = on_duty(session, config=config, staff_id=staff_id, now=now)
    if occ is None or occ.id is None:
        return GateDone(Refusal.OFF_DUTY)
    with Command(session, kind=EventKind.GATE_INPUT, actor=staff_id, now=now) as cmd:
        set_input(cmd, staff_id=staff_id, step=step, occurrence_id=occ.id)
        cmd.done(step=step, occurrence=occ.id)
    return GateDone(None)


def check_in(
    session: Session, *, config: SchoolConfig, staff_id: str, visitor: VisitorLine, now: datetime
) -> GateDone:
    """Record a visitor coming in, time in now; at the duty's deadline they are asked about."""
    occ = on_duty(session, config=config, staff_id=staff_id, now=now)
    if occ is None or occ.id is None:
        return GateDone(Refusal.OFF_DUTY)
    with Command(session, kind=EventKind.VISIT_IN, actor=staff_id, now=now) as cmd:
        visit = cmd.insert(
            Visit(
                occurrence_id=occ.id,
                day=occ.day,
                name=visitor.name,
                organisation=visitor.organisation,
                purpose=visitor.purpose,
                host=visitor.host,
                recorded_by=staff_id,
                time_in=now,
                deadline=occ.deadline,
                ladder=[list(step) for step in occ.ladder],
                next_action_at=occ.deadline,
            )
        )
        existing = visits.current_input(session=session, staff_id=staff_id)
        if existing is not None and existing.step == GateStep.VISITOR:
            cmd.delete(existing)
        cmd.done(visit=visit.id, name=visitor.name, occurrence=occ.id)
    return GateDone(None, visit.id)


def check_in_again(
    session: Session, *, config: SchoolConfig, staff_id: str, visit_id: int, now: datetime
) -> GateDone:
    """A usual visitor of the week, in one tap: the same details, a new visit."""
    earlier = visits.get(session=session, visit_id=visit_id)
    if earlier is None:
        return GateDone(Refusal.STALE)
    line = VisitorLine(earlier.name, earlier.organisation, earlier.purpose, earlier.host)
    return check_in(session, config=config, staff_id=staff_id, visitor=line, now=now)


def _may_handle(
    session: Session, config: SchoolConfig, visit: Visit, by: str, now: datetime
) -> bool:
    person = config.staff_by_id(by)
    return (
        by == visit.recorded_by
        or bool(GATE_ROLES & set(person.roles if person else ()))
        or on_duty(session, config=config, staff_id=by, now=now) is not None
    )


def _settle(
    session: Session,
    *,
    config: SchoolConfig,
    visit_id: int,
    by: str,
    now: datetime,
    to: VisitState,
) -> GateDone:
    kind = EventKind.VISIT_OUT if to == VisitState.LEFT else EventKind.VISIT_CONFIRMED
    with Command(session, kind=kind, actor=by, now=now) as cmd:
        visit = visits.get(session=session, visit_id=visit_id)
        if visit is None:
            return GateDone(Refusal.STALE)
        if not _may_handle(session, config, visit, by, now):
            return GateDone(Refusal.NOT_ALLOWED, visit_id)
        values: dict[str, object] = {"next_action_at": None}
        if to == VisitState.LEFT:
            values |= {"time_out": now, "out_by": by}
        else:
            values |= {"confirmed_at": now, "confirmed_by": by}
        if not cmd.move(Visit, visit_id, machine=VISIT, column="state", to=to, values=values):
            return GateDone(Refusal.CLOSED, visit_id)
        pending = session.exec(
            select(Delivery.id).where(
                Delivery.visit_id == visit_id, Delivery.status == DeliveryStatus.PENDING
            )
        )
        for delivery_id in list(pending):  # questions and rungs not sent yet are moot
            cmd.move(
                Delivery,
                delivery_id,
                machine=DELIVERY,
                column="status",
                to=DeliveryStatus.CANCELLED,
            )
        told = _reached(session, visit_id) - {by}
        for who in sorted(told):  # like a duty's ladder: everyone it reached hears who settled it
            owe(
                cmd,
                Delivery(
                    key=f"v{visit_id}:settled:{to}:{who}",
                    visit_id=visit_id,
                    kind=DeliveryKind.VISIT_SETTLED,
                    recipient=who,
                    due_at=now,
                ),
            )
        cmd.done(visit=visit_id, name=visit.name, state=to, told=sorted(told))
    return GateDone(None, visit_id)


def _reached(session: Session, visit_id: int) -> set[str]:
    """Everyone the question or a rung about this visitor reached (a send in flight counts)."""
    query = select(Delivery.recipient).where(
        Delivery.visit_id == visit_id,
        col(Delivery.kind).in_((DeliveryKind.VISIT_ASK, DeliveryKind.VISIT_ESCALATION)),
        col(Delivery.status).in_((DeliveryStatus.SENT, DeliveryStatus.SENDING)),
    )
    return set(session.exec(query))


def check_out(
    session: Session, *, config: SchoolConfig, visit_id: int, by: str, now: datetime
) -> GateDone:
    """The visitor left: time out now; no more questions about them."""
    return _settle(session, config=config, visit_id=visit_id, by=by, now=now, to=VisitState.LEFT)


def confirm_inside(
    session: Session, *, config: SchoolConfig, visit_id: int, by: str, now: datetime
) -> GateDone:
    """Still inside, and someone knows it: the chase stops (checking out stays possible)."""
    return _settle(
        session, config=config, visit_id=visit_id, by=by, now=now, to=VisitState.CONFIRMED
    )


def chase_step(session: Session, *, config: SchoolConfig, visit: Visit, now: datetime) -> list[str]:
    """Every due step of chasing a visitor left inside: the question, then the rungs."""
    assert visit.id is not None  # noqa: S101  # stored rows have ids
    ladder = [(int(after), str(notify)) for after, notify in visit.ladder]
    steps = chase(visit.deadline, ladder)
    done = []
    at, due = visit.step, visit.next_action_at
    while due is not None and due <= now and at < len(steps):
        action = steps[at]
        kind = EventKind.VISIT_ASKED if action.rung is None else EventKind.VISIT_ESCALATED
        following = chase_due(visit.deadline, ladder, at + 1)
        with Command(session, kind=kind, actor=SYSTEM, now=now) as cmd:
            if not cmd.move(
                Visit,
                visit.id,
                machine=VISIT,
                column="state",
                to=VisitState.ASKED,
                values={"step": at + 1, "next_action_at": following},
                guard={"step": at, "state": UNCONFIRMED},
            ):
                break  # checked out or confirmed meanwhile, or another tick took it
            delivery = (
                DeliveryKind.VISIT_ASK if action.rung is None else DeliveryKind.VISIT_ESCALATION
            )
            told = []
            for who in dict.fromkeys(config.resolve(action.notify, visit.recorded_by)):
                told.append(who)
                owe(
                    cmd,
                    Delivery(
                        key=f"v{visit.id}:{delivery}:{at}:{who}",
                        visit_id=visit.id,
                        kind=delivery,
                        step=action.rung,
                        recipient=who,
                        due_at=min(action.due, now),
                    ),
                )
            cmd.done(visit=visit.id, step=at, rung=action.rung, told=told)
        done.append(f"visit {visit.id} {delivery}")
        at, due = at + 1, following
    return done


def expire_inputs(session: Session, *, now: datetime) -> int:
    """Stop waiting in gate conversations quiet for :data:`QUIET`; nobody is told."""
    if not visits.inputs_before(session=session, before=now - QUIET):
        return 0
    with Command(session, kind=EventKind.GATE_INPUT_EXPIRED, actor=SYSTEM, now=now) as cmd:
        gone = visits.inputs_before(session=session, before=now - QUIET)
        for row in gone:
            cmd.delete(row)
        if not gone:
            return 0
        cmd.done(inputs=[row.staff_id for row in gone])
    return len(gone)


def usual(session: Session, *, config: SchoolConfig, day: date) -> list[Usual]:
    """The usual visitors of the week before ``day`` (and of ``day``), as one-tap buttons."""
    found = visits.since(session=session, first=day - WEEK)
    lines = (
        (v.id or 0, VisitorLine(v.name, v.organisation, v.purpose, v.host), v.time_in)
        for v in found
    )
    return usual_visitors(lines, limit=config.gate.usual_visitors)
