"""The state machines of the duty lifecycle: one ``StrEnum`` each and its transition table.

Every state change in the database is a compare-and-set guarded by :func:`sources`: the
row must be in a state from which the table allows the move. A move the table does not
allow can therefore never be written, whoever asks for it.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from typing import TypeVar


class OccurrenceState(StrEnum):
    """One duty for one person on one day."""

    PLANNED = "planned"  # exists, nobody told yet
    REMINDED = "reminded"  # the timeline has started (reminder, nudge, ladder)
    ANSWERED = "answered"  # the first answer won; on time or late
    MISSED = "missed"  # local midnight came first
    DROPPED = "dropped"  # a reload removed it before it started


class DeliveryStatus(StrEnum):
    """One message the bot owes someone."""

    PENDING = "pending"
    SENDING = "sending"  # claimed by one sender; only it may send
    SENT = "sent"
    FAILED = "failed"  # Telegram refused it for good
    UNREACHABLE = "unreachable"  # the person blocked the bot or never linked
    CANCELLED = "cancelled"  # no longer needed (the duty was answered or closed)
    INTERRUPTED = "interrupted"  # the process stopped while sending


class DeliveryKind(StrEnum):
    """What a delivery says."""

    REMINDER = "reminder"
    NUDGE = "nudge"
    ESCALATION = "escalation"
    RESOLVED = "resolved"  # "X answered", to everyone the ladder reached
    INCIDENT = "incident"  # an incident to a responder, with its acknowledge button
    INCIDENT_PING = "incident_ping"  # not acknowledged yet: a new message, not an edit
    INCIDENT_ACKED = "incident_acked"  # "X acknowledged at T", to the reporter and the rest
    INCIDENT_DETAIL = "incident_detail"  # a description or photo that followed the report
    INCIDENT_CLOSED = "incident_closed"  # closed with its outcome
    VISIT_ASK = "visit_ask"  # gate duty ended with a visitor inside: left, or still here?
    VISIT_ESCALATION = "visit_escalation"  # nobody confirmed: a rung of the gate duty's ladder
    VISIT_SETTLED = "visit_settled"  # "X left / is still inside", to everyone the chase reached
    PROBLEM = "problem"  # a problem item with its note and photo, to the officers
    SUMMARY = "summary"
    CHART = "chart"
    ASK_NOTE = "ask_note"  # "describe the problem with item N"
    ASK_PHOTO = "ask_photo"  # "send a photo, or tap: no photo"
    MOVED_ON = "moved_on"  # "no note came: item N was reported without it"
    ALERT = "alert"  # to the admins: a message could not be delivered, or the bot failed
    HAZARD_NEW = "hazard_new"  # a hazard was reported: to whoever assigns it
    HAZARD_ASSIGNED = "hazard_assigned"  # to its new owner, with the deadline
    HAZARD_REMIND = "hazard_remind"  # to the owner, each school day until it is fixed
    HAZARD_OVERDUE = "hazard_overdue"  # a step of the overdue ladder
    HAZARD_FIXED = "hazard_fixed"  # the owner reported the fix: to whoever verifies it
    HAZARD_CLOSED = "hazard_closed"  # verified: to the owner and the reporter
    HAZARD_REOPENED = "hazard_reopened"  # the fix did not hold: to the owner and officers
    HAZARD_RECHECK = "hazard_recheck"  # the monthly sweep asks: still fixed?
    HAZARD_FILED = "hazard_filed"  # a report left unfinished was filed as it was
    HEADS_UP = "heads_up"  # the evening before: "tomorrow 07:20 gate duty"
    LEAVE_NOTICE = "leave_notice"  # to the person an admin recorded leave for
    COVER_NEEDED = "cover_needed"  # to the officers: a leave left duties without a person
    COVER_ASKED = "cover_asked"  # to a colleague: take this duty? (accept / decline)
    COVER_ASSIGNED = "cover_assigned"  # to a deputy: you stand in
    COVER_ACCEPTED = "cover_accepted"  # to the absent person and the proposer
    COVER_DECLINED = "cover_declined"  # to the absent person and the proposer
    UNSTAFFED = "unstaffed"  # to the officers: still nobody 24 hours before
    COVER_WITHDRAWN = "cover_withdrawn"  # to a substitute: the leave was taken back


class InputStep(StrEnum):
    """What the bot waits for from a person describing a problem."""

    NOTE = "note"
    PHOTO = "photo"
    DONE = "done"  # the problem was reported; the row is removed


class ActionKind(StrEnum):
    """One step of an occurrence's timeline."""

    REMIND = "reminder"
    NUDGE = "nudge"
    ESCALATE = "escalation"
    CLOSE = "close"


Transitions = Mapping[StrEnum | None, frozenset[StrEnum]]

OCCURRENCE: Transitions = {
    None: frozenset({OccurrenceState.PLANNED}),
    OccurrenceState.PLANNED: frozenset(
        {
            OccurrenceState.PLANNED,  # re-planned by a reload, or moved on past the assignee
            OccurrenceState.REMINDED,
            OccurrenceState.ANSWERED,  # answered from /today before its reminder
            OccurrenceState.MISSED,
            OccurrenceState.DROPPED,
        }
    ),
    OccurrenceState.REMINDED: frozenset(
        {OccurrenceState.REMINDED, OccurrenceState.ANSWERED, OccurrenceState.MISSED}
    ),
    OccurrenceState.DROPPED: frozenset({OccurrenceState.PLANNED}),  # a later reload wants it
    OccurrenceState.ANSWERED: frozenset(),
    OccurrenceState.MISSED: frozenset(),
}

DELIVERY: Transitions = {
    None: frozenset({DeliveryStatus.PENDING}),
    DeliveryStatus.PENDING: frozenset({DeliveryStatus.SENDING, DeliveryStatus.CANCELLED}),
    DeliveryStatus.SENDING: frozenset(
        {
            DeliveryStatus.SENT,
            DeliveryStatus.PENDING,  # a transient failure: try again later
            DeliveryStatus.FAILED,
            DeliveryStatus.UNREACHABLE,
            DeliveryStatus.INTERRUPTED,
        }
    ),
    DeliveryStatus.SENT: frozenset(),
    DeliveryStatus.FAILED: frozenset(),
    DeliveryStatus.UNREACHABLE: frozenset(),
    DeliveryStatus.CANCELLED: frozenset(),
    DeliveryStatus.INTERRUPTED: frozenset(),
}

PENDING_INPUT: Transitions = {
    None: frozenset({InputStep.NOTE}),
    InputStep.NOTE: frozenset({InputStep.PHOTO, InputStep.DONE}),
    InputStep.PHOTO: frozenset({InputStep.DONE}),
    InputStep.DONE: frozenset(),
}

OPEN = (OccurrenceState.PLANNED, OccurrenceState.REMINDED)
"""Occurrences still waiting for an answer."""

DUTY_MESSAGES = (DeliveryKind.REMINDER, DeliveryKind.NUDGE, DeliveryKind.ESCALATION)
"""The messages that chase an answer; an answer or the close cancels those not yet sent."""


class IllegalTransitionError(ValueError):
    """A command asked for a move its state machine does not allow."""


S = TypeVar("S", bound=StrEnum)


def sources(table: Transitions, target: S) -> tuple[S, ...]:
    """The states from which ``table`` allows a move to ``target``."""
    found = tuple(s for s, targets in table.items() if s is not None and target in targets)
    if not found:
        raise IllegalTransitionError(f"no state may move to {target!r}")
    return found  # type: ignore[return-value]  # the table's keys share the target's enum


def allowed(table: Transitions, current: StrEnum | None, target: StrEnum) -> bool:
    """Whether ``table`` allows ``current`` -> ``target``."""
    return target in table.get(current, frozenset())


class Refusal(StrEnum):
    """Why a command did nothing for the person who asked."""

    STALE = "stale"  # no such occurrence or item (an old or mangled button)
    NOT_YOURS = "not_yours"
    ANSWERED = "answered"  # someone answered first
    MISSED = "missed"  # the day closed first
    UNSET = "unset"  # a submit with items still unanswered
    NOT_ALLOWED = "not_allowed"  # the person's role may not do this
    CLOSED = "closed"  # the incident was closed, or the visitor checked out, first
    OFF_DUTY = "off_duty"  # the gate register is kept only during gate duty


def refusal_for(state: OccurrenceState | None, *, owner: str | None, by: str) -> Refusal | None:
    """Whether ``by`` may answer an occurrence in ``state`` owned by ``owner`` now."""
    if state is None or owner is None or state == OccurrenceState.DROPPED:
        return Refusal.STALE
    if owner != by:
        return Refusal.NOT_YOURS
    if state == OccurrenceState.ANSWERED:
        return Refusal.ANSWERED
    if state == OccurrenceState.MISSED:
        return Refusal.MISSED
    return None
