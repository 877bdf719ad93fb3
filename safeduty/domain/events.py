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
    ITEM_MARKED = "item.marked"  # a tap on one item, or "all clear"
    OCCURRENCE_ANSWERED = "occurrence.answered"
    PROBLEM_NOTED = "problem.noted"
    PROBLEM_PHOTO = "problem.photo"
    PROBLEM_REPORTED = "problem.reported"
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
    LEAVE_RECORDED = "leave.recorded"
    LEAVE_WITHDRAWN = "leave.withdrawn"
    COVERS_SYNCED = "covers.synced"  # a re-plan added or withdrew covers of stored leave
    COVER_PROPOSED = "cover.proposed"  # a colleague asked to stand in (or offered a swap)
    COVER_ACCEPTED = "cover.accepted"
    COVER_DECLINED = "cover.declined"
    COVER_ESCALATED = "cover.escalated"  # still unstaffed 24 hours ahead: the officers told
    HEADS_UP_OWED = "heads_up.owed"
