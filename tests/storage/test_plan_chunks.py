"""A district's plan is written in chunks, each its own command, and still verifies."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest
from sqlmodel import Session, select

from safeduty.clock import FakeClock
from safeduty.commands import plan_sync
from safeduty.commands.planning import plan_ahead
from safeduty.domain.events import EventKind
from safeduty.domain.states import OccurrenceState
from safeduty.services import Services
from safeduty.storage.tables import Event, Occurrence
from safeduty.verify import verify


def planning_events(services: Services) -> list[Event]:
    with Session(services.engine) as session:
        kind = EventKind.OCCURRENCES_PLANNED
        return list(session.exec(select(Event).where(Event.kind == kind)))


def states(services: Services) -> dict[tuple[str, str], str]:
    with Session(services.engine) as session:
        rows = session.exec(select(Occurrence))
        return {(r.duty_id, f"{r.day}/{r.assignee}"): r.state for r in rows}


def test_planning_in_chunks_adds_replans_and_drops_each_row_once(
    services: Services, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Chunks of two rows: every event holds at most two new rows, drops land once, verify passes."""
    monkeypatch.setattr(plan_sync, "CHUNK", 2)
    added = plan_ahead(services, clock.now())
    events = planning_events(services)
    assert added > 2 and len(events) == -(-added // 2)
    assert all(len(json.loads(e.payload)["changes"]) <= 2 for e in events)
    gate = services.config.duty_by_id("gate")
    assert gate is not None
    kept = [d for d in services.config.duties if d.id != "gate"]
    edited = services.config.model_copy(update={"duties": kept})
    assert plan_ahead(replace(services, config=edited, planned_for=None), clock.now()) > 0
    after = states(services)
    assert {s for (duty, _), s in after.items() if duty == "gate"} == {OccurrenceState.DROPPED}
    assert len(after) == added
    assert verify(services.engine, services.data_dir).ok
