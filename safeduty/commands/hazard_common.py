"""What every hazard command shares: who is told, a timeline step, a message owed."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from safeduty.commands.owed import owe
from safeduty.commands.record import Command
from safeduty.config.model import SchoolConfig
from safeduty.domain.hazards import HazardAction, HazardLevel
from safeduty.domain.states import DeliveryKind
from safeduty.storage.tables import Delivery, Hazard, HazardStep

NOTE_CHARS = 1000


def roles_of(config: SchoolConfig, staff_id: str) -> frozenset[str]:
    """The roles a staff member holds now (none for someone no longer in the config)."""
    person = config.staff_by_id(staff_id)
    return frozenset(person.roles if person else ())


def assigners(config: SchoolConfig, level: str) -> list[str]:
    """Who hears of a new hazard: the safety officers (else the principals); for a major
    one the safety officers and the principals, at once."""
    officers = [s.id for s in config.staff_with_role("safety_officer")]
    principals = [s.id for s in config.staff_with_role("principal")]
    if level == HazardLevel.MAJOR:
        return list(dict.fromkeys(officers + principals))
    return officers or principals


def verifiers(config: SchoolConfig, owner: str | None) -> list[str]:
    """Who may verify a fix: safety officers and principals other than the owner."""
    people = config.staff_with_role("safety_officer") + config.staff_with_role("principal")
    return [p for p in dict.fromkeys(s.id for s in people) if p != owner]


def step(
    cmd: Command,
    hazard_id: int,
    action: HazardAction,
    *,
    note: str | None = None,
    owner: str | None = None,
    deadline: date | None = None,
    actor: str | None = None,
) -> None:
    """Add one step to the hazard's timeline, by the command's actor (unless named), now."""
    cmd.insert(
        HazardStep(
            hazard_id=hazard_id,
            action=action,
            actor=actor or cmd.actor,
            at=cmd.now,
            note=note,
            owner=owner,
            deadline=deadline,
        )
    )


def owe_each(
    cmd: Command,
    hazard: Hazard,
    kind: DeliveryKind,
    people: Iterable[str],
    *,
    tag: str,
    step_index: int | None = None,
    occurrence_id: int | None = None,
) -> int:
    """Owe ``kind`` about ``hazard`` to each of ``people`` (once per ``tag`` and person)."""
    owed = 0
    for who in dict.fromkeys(people):
        owed += owe(
            cmd,
            Delivery(
                key=f"h{hazard.id}:{tag}:{who}"[:120],
                hazard_id=hazard.id,
                occurrence_id=occurrence_id,
                kind=kind,
                step=step_index,
                recipient=who,
                due_at=cmd.now,
            ),
        )
    return owed


def clip(text: str) -> str:
    """A note as stored: trimmed, at most :data:`NOTE_CHARS` characters."""
    return text.strip()[:NOTE_CHARS]
