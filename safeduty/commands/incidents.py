"""Incidents as commands: report, acknowledge, tick a playbook item (closing is in
``incident_close``). Each is one state change: compare-and-set, the messages it owes, one
event.

An incident goes to its responders at once, whatever the day or hour: nothing here looks
at the calendar. Who may acknowledge (a responder), tick (anyone involved) or close (a
safety officer or the principal) is decided here, never in the handlers.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel import Session, col, select

from safeduty.commands.owed import owe
from safeduty.commands.record import Command
from safeduty.config.model import SchoolConfig
from safeduty.domain.events import EventKind
from safeduty.domain.incidents import (
    CLOSE_ROLES,
    INCIDENT,
    OPEN_INCIDENT,
    IncidentInputStep,
    IncidentState,
    Rung,
    may_close,
    next_ping,
    rung_due,
)
from safeduty.domain.states import DELIVERY, DeliveryKind, DeliveryStatus, Refusal
from safeduty.storage import incidents
from safeduty.storage.tables import (
    Delivery,
    Incident,
    IncidentInput,
    IncidentResponder,
    IncidentStep,
)

OUTCOME_CHARS = 1000
DOUBLE_TAP = timedelta(minutes=1)
DETAIL_CHARS = 1000


@dataclass(frozen=True)
class Done:
    """What an incident command did; ``refusal`` says why it did nothing."""

    refusal: Refusal | None
    incident_id: int | None = None
    changed: bool = True  # False: it was so already (a second tap)

    @property
    def ok(self) -> bool:
        return self.refusal is None


def ladder_of(incident: Incident) -> list[Rung]:
    """The ladder snapshotted onto the incident."""
    return [Rung(int(after), str(notify)) for after, notify in incident.ladder]


def owe_incident(
    cmd: Command,
    incident_id: int,
    kind: DeliveryKind,
    who: str,
    *,
    tail: object,
    step: int | None = None,
    item: int | None = None,
) -> bool:
    """Owe ``who`` a message about an incident, once per ``tail``."""
    return owe(
        cmd,
        Delivery(
            key=f"i{incident_id}:{kind}:{tail}:{who}"[:120],
            incident_id=incident_id,
            kind=kind,
            step=step,
            item=item,
            recipient=who,
            due_at=cmd.now,
        ),
    )


def tell(cmd: Command, incident: Incident, people: Iterable[str], *, rung: int) -> list[str]:
    """Send the incident to everyone in ``people`` not told yet; each must acknowledge."""
    assert incident.id is not None  # noqa: S101  # stored rows have ids
    known = {r.staff_id for r in incidents.responders(session=cmd.session, incident_id=incident.id)}
    told = []
    for who in dict.fromkeys(people):
        if who in known:
            continue
        cmd.insert(
            IncidentResponder(
                incident_id=incident.id,
                staff_id=who,
                rung=rung,
                notified_at=cmd.now,
                next_ping_at=next_ping(
                    cmd.now, pings=0, every_minutes=incident.ping_minutes, limit=incident.ping_limit
                ),
            )
        )
        owe_incident(cmd, incident.id, DeliveryKind.INCIDENT, who, tail="sent", step=rung)
        told.append(who)
    return told


def report(
    session: Session, *, config: SchoolConfig, reporter: str, kind: str, now: datetime
) -> Done:
    """Send an incident of type ``kind`` to the responders at once; wait for its details."""
    found = config.incidents.type_by_id(kind)
    if found is None or config.staff_by_id(reporter) is None:
        return Done(Refusal.STALE)
    ladder = config.incidents.ladder_of(found)
    minutes = [int(r.after.total_seconds() // 60) for r in ladder]
    with Command(session, kind=EventKind.INCIDENT_REPORTED, actor=reporter, now=now) as cmd:
        again = session.exec(
            select(Incident.id).where(
                Incident.reporter == reporter,
                Incident.kind == found.id,
                col(Incident.reported_at) > now - DOUBLE_TAP,
            )
        ).first()
        if again is not None:  # a second tap on the same type: the report went out already
            return Done(None, again, changed=False)
        incident = cmd.insert(
            Incident(
                kind=found.id,
                kind_name=found.name,
                reporter=reporter,
                reported_at=now,
                playbook=list(found.playbook),
                ping_minutes=int(config.incidents.ping_of(found).total_seconds() // 60),
                ping_limit=config.incidents.pings,
                ladder=[[m, r.notify] for m, r in zip(minutes, ladder, strict=True)],
                next_action_at=rung_due(
                    now, [Rung(m, r.notify) for m, r in zip(minutes, ladder, strict=True)], 0
                ),
            )
        )
        assert incident.id is not None  # noqa: S101  # inserted rows have ids
        people = [
            who
            for target in config.incidents.responders
            for who in config.resolve(target, reporter)
            if who != reporter
        ] or [reporter]  # nobody else holds the roles: the reporter still gets its buttons
        told = tell(cmd, incident, people, rung=0)
        cmd.insert(
            IncidentInput(
                staff_id=reporter,
                incident_id=incident.id,
                step=IncidentInputStep.DETAIL,
                created_at=now,
            )
        )
        cmd.done(incident=incident.id, kind=found.id, responders=told)
    return Done(None, incident.id)


def acknowledge(session: Session, *, incident_id: int, by: str, now: datetime) -> Done:
    """``by`` has the incident in hand: their pings stop; the first one stops the ladder.

    The reporter and everyone else it was sent to are told who acknowledged, and when.
    """
    with Command(session, kind=EventKind.INCIDENT_ACKNOWLEDGED, actor=by, now=now) as cmd:
        incident = incidents.get(session=session, incident_id=incident_id)
        if incident is None:
            return Done(Refusal.STALE)
        row = incidents.responder(session=session, incident_id=incident_id, staff_id=by)
        if row is None:
            return Done(Refusal.NOT_YOURS, incident_id)
        if incident.state == IncidentState.CLOSED:
            return Done(Refusal.CLOSED, incident_id)
        if not cmd.update(
            IncidentResponder,
            row.id,
            values={"acked_at": now, "next_ping_at": None},
            guard={"acked_at": None},
        ):
            return Done(None, incident_id, changed=False)
        first = cmd.move(
            Incident,
            incident_id,
            machine=INCIDENT,
            column="state",
            to=IncidentState.ACKNOWLEDGED,
            values={"acknowledged_at": now, "next_action_at": None},
            guard={"state": IncidentState.REPORTED},
        )
        cancel_pending(cmd, incident_id, kinds=(DeliveryKind.INCIDENT_PING,), recipient=by)
        others = [
            r.staff_id for r in incidents.responders(session=session, incident_id=incident_id)
        ]
        for who in dict.fromkeys([incident.reporter, *others]):
            if who != by:
                owe_incident(
                    cmd, incident_id, DeliveryKind.INCIDENT_ACKED, who, tail=by, step=row.id
                )
        cmd.done(incident=incident_id, first=first)
    return Done(None, incident_id)


def involved(session: Session, incident: Incident, staff_id: str, roles: set[str]) -> bool:
    """The reporter, a responder, or someone who may close it."""
    return (
        staff_id == incident.reporter
        or may_close(roles)
        or incidents.responder(session=session, incident_id=incident.id or 0, staff_id=staff_id)
        is not None
    )


SEE_ALL = CLOSE_ROLES | {"admin"}
"""Who sees every incident in /incidents; everyone else sees the ones they reported."""


def listed_for(
    session: Session, *, config: SchoolConfig, staff_id: str, since: datetime
) -> list[Incident]:
    """The open and recent incidents ``staff_id`` may see, newest first."""
    person = config.staff_by_id(staff_id)
    everything = bool(SEE_ALL & set(person.roles if person else ()))
    return incidents.listed(session=session, since=since, reporter=None if everything else staff_id)


def may_see(session: Session, *, config: SchoolConfig, incident: Incident, staff_id: str) -> bool:
    """Whether ``staff_id`` may open this incident: involved in it, or one who sees them all."""
    person = config.staff_by_id(staff_id)
    roles: set[str] = set(person.roles if person else ())
    return bool(SEE_ALL & roles) or involved(session, incident, staff_id, roles)


def tick_item(
    session: Session, *, config: SchoolConfig, incident_id: int, item: int, by: str, now: datetime
) -> Done:
    """Record a playbook item as done, by whom and when (a second tap changes nothing)."""
    person = config.staff_by_id(by)
    roles: set[str] = set(person.roles if person else ())
    with Command(session, kind=EventKind.INCIDENT_STEP_DONE, actor=by, now=now) as cmd:
        incident = incidents.get(session=session, incident_id=incident_id)
        if incident is None or not 0 <= item < len(incident.playbook):
            return Done(Refusal.STALE)
        if not involved(session, incident, by, roles):
            return Done(Refusal.NOT_YOURS, incident_id)
        if incident.state not in OPEN_INCIDENT:
            return Done(Refusal.CLOSED, incident_id)
        if item in incidents.steps(session=session, incident_id=incident_id):
            return Done(None, incident_id, changed=False)
        cmd.insert(IncidentStep(incident_id=incident_id, item=item, done_by=by, done_at=now))
        cmd.done(incident=incident_id, item=item, text=incident.playbook[item])
    return Done(None, incident_id)


def cancel_pending(
    cmd: Command,
    incident_id: int,
    *,
    kinds: tuple[DeliveryKind, ...],
    recipient: str | None = None,
) -> None:
    """Cancel the incident's messages of ``kinds`` not sent yet (moot now)."""
    query = select(Delivery.id).where(
        Delivery.incident_id == incident_id,
        Delivery.status == DeliveryStatus.PENDING,
        col(Delivery.kind).in_(kinds),
    )
    if recipient is not None:
        query = query.where(Delivery.recipient == recipient)
    for delivery_id in list(cmd.session.exec(query)):
        cmd.move(
            Delivery, delivery_id, machine=DELIVERY, column="status", to=DeliveryStatus.CANCELLED
        )
