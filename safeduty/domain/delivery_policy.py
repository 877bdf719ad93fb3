"""How hard to try with each kind of message, and when to stop and tell a person.

Safety messages are delivered at least once: a send cut short by a crash or a timeout is
sent again, marked as a possible repeat (a duplicate the reader can recognise is better
than a reminder that never came). Transient failures back off and stop at a send-by time;
then the admins are told.
"""

from __future__ import annotations

from datetime import timedelta

from safeduty.domain.states import DUTY_MESSAGES, DeliveryKind

FIRST_RETRY = timedelta(seconds=20)
LONGEST_WAIT = timedelta(minutes=10)

GIVE_UP_AFTER = {
    DeliveryKind.REMINDER: timedelta(hours=2),
    DeliveryKind.NUDGE: timedelta(minutes=30),
    DeliveryKind.ESCALATION: timedelta(hours=3),
    DeliveryKind.RESOLVED: timedelta(hours=6),
    DeliveryKind.PROBLEM: timedelta(hours=12),
    DeliveryKind.SUMMARY: timedelta(hours=24),
    DeliveryKind.CHART: timedelta(hours=24),
    DeliveryKind.ASK_NOTE: timedelta(hours=1),
    DeliveryKind.ASK_PHOTO: timedelta(minutes=30),
    DeliveryKind.MOVED_ON: timedelta(hours=1),
    DeliveryKind.ALERT: timedelta(hours=24),
    DeliveryKind.INCIDENT: timedelta(hours=24),
    DeliveryKind.INCIDENT_PING: timedelta(minutes=30),
    DeliveryKind.INCIDENT_ACKED: timedelta(hours=12),
    DeliveryKind.INCIDENT_DETAIL: timedelta(hours=12),
    DeliveryKind.INCIDENT_CLOSED: timedelta(hours=24),
    DeliveryKind.VISIT_ASK: timedelta(hours=3),
    DeliveryKind.VISIT_ESCALATION: timedelta(hours=3),
    DeliveryKind.VISIT_SETTLED: timedelta(hours=6),
}
"""How long after it fell due a message is still worth retrying."""

BULK = frozenset(
    {
        DeliveryKind.REMINDER,
        DeliveryKind.NUDGE,
        DeliveryKind.HEADS_UP,
        DeliveryKind.SUMMARY,
        DeliveryKind.CHART,
        DeliveryKind.HAZARD_REMIND,
        DeliveryKind.HAZARD_RECHECK,
    }
)
"""Kinds that go out by the hundred at a planned minute. Everything else (an escalation,
an incident, a reply to someone's own tap) goes before them, so a morning's fan-out never
holds up a message that something happened."""


def backoff(attempts: int) -> timedelta:
    """The wait before try ``attempts + 1``: 20 s, 40 s, 80 s, ... at most 10 minutes."""
    wait: timedelta = FIRST_RETRY * int(2 ** max(0, min(attempts - 1, 10)))
    return min(wait, LONGEST_WAIT)


def give_up_after(kind: str) -> timedelta:
    """The send-by window of a kind (unknown kinds get the longest)."""
    return GIVE_UP_AFTER.get(DeliveryKind(kind), timedelta(hours=24))


def resend_after_crash(kind: str, *, duty_open: bool, to_assignee: bool) -> bool:
    """A send the process died in: send again if its reason still holds.

    Chasers to the assignee matter only while the duty is open; an escalation to someone
    else is still owed (it reports what happened, and "resolved" follows it); every other
    kind (problems, notices, summaries, alerts) always.
    """
    if kind in DUTY_MESSAGES and to_assignee:
        return duty_open
    return True


def alerts_admins(kind: str) -> bool:
    """A message given up on is reported to the admins, except such a report itself."""
    return kind != DeliveryKind.ALERT
