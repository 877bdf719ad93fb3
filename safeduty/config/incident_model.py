"""The ``[incidents]`` and ``[gate]`` tables: incident types, playbooks, pings, ladders;
which duty keeps the gate register.

Their own module so the incident rules stay beside each other; ``SchoolConfig`` holds one
of each. Every key is optional: without an ``[incidents]`` table the six built-in types
go to the principal and the safety officers, re-pinged every 5 minutes.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from safeduty.config.values import Duration, Id, Target, one_line_text
from safeduty.domain.incidents import BUILTIN_TYPES


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


Text = Annotated[str, one_line_text(200)]
Item = Annotated[str, one_line_text(100)]


class IncidentRung(_Section):
    """A step of an incident's ladder: ``after`` the report, if nobody acknowledged yet."""

    after: Duration
    notify: Target


class IncidentType(_Section):
    """One kind of incident: its button, its immediate playbook and, optionally, its own
    re-ping interval and ladder (else those of ``[incidents]``)."""

    id: Id
    name: Text | None = None  # the built-in ids are named in each person's language
    playbook: list[Item] = Field(default_factory=list, max_length=12)
    ping_every: Duration | None = None
    escalation: list[IncidentRung] | None = None


def _builtin_types() -> list[IncidentType]:
    return [IncidentType(id=kind) for kind in BUILTIN_TYPES]


def _responders() -> list[str]:
    return ["role:principal", "role:safety_officer"]


class Incidents(_Section):
    """Who is told at once, how often the silent are pinged, and the types offered."""

    responders: list[Target] = Field(default_factory=_responders, min_length=1)
    ping_every: Duration = timedelta(minutes=5)
    pings: Annotated[int, Field(ge=0, le=100)] = 12  # re-pings per person at most
    escalation: list[IncidentRung] = Field(default_factory=list)
    types: list[IncidentType] = Field(default_factory=_builtin_types, min_length=1, max_length=12)

    def type_by_id(self, kind: str) -> IncidentType | None:
        """The incident type with this id, if any."""
        return next((t for t in self.types if t.id == kind), None)

    def ladder_of(self, kind: IncidentType) -> list[IncidentRung]:
        """The type's own ladder, else the default one."""
        return self.escalation if kind.escalation is None else kind.escalation

    def ping_of(self, kind: IncidentType) -> timedelta:
        """The type's own re-ping interval, else the default one."""
        return kind.ping_every or self.ping_every


class Gate(_Section):
    """The gate register: kept by the teacher of this duty while it runs."""

    duty: Id | None = None  # no register unless a duty is named
    usual_visitors: Annotated[int, Field(ge=0, le=8)] = 6  # the week's, offered as buttons
