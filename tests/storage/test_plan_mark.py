"""A restarted process finds the day planned in the plan mark instead of re-planning it."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import timedelta

from sqlalchemy import Engine, event
from sqlmodel import Session, select

from safeduty.clock import FakeClock
from safeduty.commands.planning import plan_ahead
from safeduty.domain.events import EventKind
from safeduty.services import Services
from safeduty.storage.tables import Event


@contextmanager
def counted(engine: Engine) -> Iterator[list[str]]:
    """Every SQL statement the engine runs inside the block."""
    seen: list[str] = []

    def note(*args: object) -> None:
        seen.append(str(args[2]))

    event.listen(engine, "before_cursor_execute", note)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", note)


def plans(engine: Engine) -> int:
    with Session(engine) as session:
        kind = EventKind.OCCURRENCES_PLANNED
        return len(list(session.exec(select(Event.seq).where(Event.kind == kind))))


def restarted(services: Services) -> Services:
    """The services a new process builds: same database and config, nothing in memory."""
    return replace(services, planned_for=None)


def test_a_restart_does_not_replan_a_planned_day(services: Services, clock: FakeClock) -> None:
    """The first tick after a restart reads the mark and the arrangement, and loads no duty."""
    assert plan_ahead(services, clock.now()) > 0
    assert plans(services.engine) == 1
    fresh = restarted(services)
    with counted(services.engine) as statements:
        assert plan_ahead(fresh, clock.now()) == 0
    assert plans(services.engine) == 1
    assert not [s for s in statements if "FROM occurrence" in s]
    assert len(statements) <= 6


def test_a_restart_with_a_changed_config_replans(services: Services, clock: FakeClock) -> None:
    """A new process with an edited duty re-plans the day (the mark names the old config)."""
    plan_ahead(services, clock.now())
    gate = services.config.duty_by_id("gate")
    assert gate is not None
    edited = services.config.model_copy(
        update={
            "duties": [
                d.model_copy(update={"name": "校门（新）"}) if d.id == "gate" else d
                for d in services.config.duties
            ]
        }
    )
    fresh = replace(services, config=edited, planned_for=None)
    assert plan_ahead(fresh, clock.now()) > 0
    assert plans(services.engine) == 2
    assert plan_ahead(restarted(fresh), clock.now()) == 0


def test_a_restart_on_a_new_day_plans_it(services: Services, clock: FakeClock) -> None:
    """The mark is for one school day: the next morning's restart plans the next day."""
    plan_ahead(services, clock.now())
    clock.advance(timedelta(days=1))
    assert plan_ahead(restarted(services), clock.now()) > 0
