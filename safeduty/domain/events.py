"""The kinds of event in the evidence chain: one per state change the bot can make."""

from __future__ import annotations

from enum import StrEnum


class EventKind(StrEnum):
    """What happened; the payload says to what, and which rows it changed."""

    CHAIN_ADOPTED = "chain.adopted"  # rows written before the chain existed, taken in as they were
    CONFIG_LOADED = "config.loaded"
    CONFIG_RELOADED = "config.reloaded"
    PROCESS_STARTED = "process.started"
    INVITE_ISSUED = "invite.issued"
    STAFF_LINKED = "staff.linked"
    OCCURRENCES_PLANNED = "occurrences.planned"
    OCCURRENCES_REPLANNED = "occurrences.replanned"
    OCCURRENCE_STEPPED = "occurrence.stepped"  # reminder, nudge or a ladder rung fell due
    OCCURRENCE_MISSED = "occurrence.missed"
    OCCURRENCE_MOVED_ON = "occurrence.moved_on"  # the assignee is unreachable
    ITEM_MARKED = "item.marked"  # a tap on one item ("all clear" is in the answer's event)
    OCCURRENCE_ANSWERED = "occurrence.answered"
    PROBLEM_NOTED = "problem.noted"
    PROBLEM_PHOTO = "problem.photo"
    PROBLEM_REPORTED = "problem.reported"
    INCIDENT_REPORTED = "incident.reported"
    INCIDENT_ESCALATED = "incident.escalated"  # a rung of its ladder reached more people
    INCIDENT_PINGED = "incident.pinged"  # a responder who has not acknowledged, again
    INCIDENT_ACKNOWLEDGED = "incident.acknowledged"
    INCIDENT_STEP_DONE = "incident.step_done"  # a playbook item ticked
    INCIDENT_DETAIL = "incident.detail"  # a description that followed the report
    INCIDENT_PHOTO = "incident.photo"
    INCIDENT_OUTCOME_ASKED = "incident.outcome_asked"
    INCIDENT_CLOSED = "incident.closed"
    INCIDENT_INPUT_EXPIRED = "incident.input_expired"  # nothing more came: stop waiting
    VISIT_IN = "visit.in"
    VISIT_OUT = "visit.out"
    VISIT_CONFIRMED = "visit.confirmed"  # still inside, on purpose
    VISIT_ASKED = "visit.asked"  # the gate duty ended with the visitor inside
    VISIT_ESCALATED = "visit.escalated"
    SLIP_RECORDED = "slip.recorded"  # a pupil left through the gate with a leave slip
    SLIP_PHOTO = "slip.photo"
    GATE_INPUT = "gate.input"  # the bot waits for a visitor's or a slip's line, or a photo
    GATE_INPUT_EXPIRED = "gate.input_expired"
    SUMMARY_OWED = "summary.owed"
    CHART_OWED = "chart.owed"
    DELIVERY_CLAIMED = "delivery.claimed"
    DELIVERY_SENT = "delivery.sent"
    DELIVERY_PART_SENT = "delivery.part_sent"
    DELIVERY_RETRY = "delivery.retry"
    DELIVERY_FAILED = "delivery.failed"
    DELIVERY_UNREACHABLE = "delivery.unreachable"
    DELIVERY_INTERRUPTED = "delivery.interrupted"
    CHAT_MIGRATED = "chat.migrated"
    ALERT_RAISED = "alert.raised"  # the admins are told the bot failed somewhere
    OCCURRENCE_FAULTED = "occurrence.faulted"  # a row the tick could not act on, put off
    HAZARD_DRAFTED = "hazard.drafted"  # a step of a report in progress (description, place...)
    HAZARD_OPENED = "hazard.opened"
    HAZARD_ASSIGNED = "hazard.assigned"
    HAZARD_CHASED = "hazard.chased"  # the owner's reminder or a step of the overdue ladder
    HAZARD_INPUT = "hazard.input"  # the bot now waits for a fix note or a reason to reopen
    HAZARD_FIX_NOTED = "hazard.fix_noted"
    HAZARD_FIXED = "hazard.fixed"
    HAZARD_CLOSED = "hazard.closed"
    HAZARD_REOPENED = "hazard.reopened"
    HAZARD_RECHECKED = "hazard.rechecked"  # still fixed, at the next sweep
    HAZARD_RECHECK_OWED = "hazard.recheck_owed"  # the sweep asks about closed hazards
    HAZARD_INPUT_EXPIRED = "hazard.input_expired"  # nobody answered: filed as it was, or dropped
    HAZARD_PHOTOS_EXPIRED = "hazard.photos_expired"  # the retention period passed
    HAZARD_FAULTED = "hazard.faulted"  # a row the tick could not act on, put off
    LEAVE_RECORDED = "leave.recorded"
    LEAVE_WITHDRAWN = "leave.withdrawn"
    COVERS_SYNCED = "covers.synced"  # a re-plan added or withdrew covers of stored leave
    COVER_PROPOSED = "cover.proposed"  # a colleague asked to stand in (or offered a swap)
    COVER_ACCEPTED = "cover.accepted"
    COVER_DECLINED = "cover.declined"
    COVER_ESCALATED = "cover.escalated"  # still unstaffed 24 hours ahead: the officers told
    HEADS_UP_OWED = "heads_up.owed"
