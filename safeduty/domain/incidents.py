"""Incidents: reported at once, acknowledged by each responder, or re-pinged and climbing.

Pure: the state machine, its transition table and the timing rules. Nothing here reads a
clock or a calendar: an incident is owed at once whatever the day or hour, and every time
is counted from the moment it was reported (or a responder was told).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from safeduty.domain.states import Transitions


class IncidentState(StrEnum):
    """One reported incident."""

    REPORTED = "reported"  # sent to the responders; nobody has acknowledged it yet
    ACKNOWLEDGED = "acknowledged"  # at least one responder has: the ladder stops climbing
    CLOSED = "closed"  # a safety officer or the principal closed it with an outcome


INCIDENT: Transitions = {
    None: frozenset({IncidentState.REPORTED}),
    IncidentState.REPORTED: frozenset(
        {
            IncidentState.REPORTED,  # a rung of its ladder fell due
            IncidentState.ACKNOWLEDGED,
            IncidentState.CLOSED,  # closing it acknowledges it
        }
    ),
    IncidentState.ACKNOWLEDGED: frozenset({IncidentState.CLOSED}),
    IncidentState.CLOSED: frozenset(),
}

OPEN_INCIDENT = (IncidentState.REPORTED, IncidentState.ACKNOWLEDGED)
"""Incidents still running: their pings go on, their playbook can be ticked."""


class IncidentInputStep(StrEnum):
    """What the bot waits for from one person about one incident."""

    DETAIL = "detail"  # the reporter's description and photos, after the report went out
    OUTCOME = "outcome"  # the closing officer's short outcome


CLOSE_ROLES = frozenset({"safety_officer", "principal"})
"""Who may close an incident with its outcome."""

BUILTIN_TYPES = ("injury", "intruder", "food_poisoning", "fire", "traffic", "other")
"""Incident types the catalogs name in both languages; other types need a name."""


@dataclass(frozen=True)
class Rung:
    """One step of an incident's own ladder: ``after`` the report, tell ``notify``."""

    after_minutes: int
    notify: str


def rung_due(reported_at: datetime, ladder: list[Rung], rung: int) -> datetime | None:
    """When rung ``rung`` of the ladder falls due, or None once the ladder is climbed."""
    if rung >= len(ladder):
        return None
    return reported_at + timedelta(minutes=ladder[rung].after_minutes)


def next_ping(
    notified_at: datetime, *, pings: int, every_minutes: int, limit: int
) -> datetime | None:
    """When a responder who has not acknowledged is pinged again, or None after ``limit``.

    Ping ``n`` (1-based) falls ``n`` intervals after they were first told, so a ping sent
    late (the bot was down) does not push the later ones back.
    """
    if pings >= limit or every_minutes <= 0:
        return None
    return notified_at + timedelta(minutes=every_minutes * (pings + 1))


def may_close(roles: frozenset[str] | set[str]) -> bool:
    """Only a safety officer or the principal closes an incident."""
    return bool(CLOSE_ROLES & set(roles))
