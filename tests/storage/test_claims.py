"""Compare-and-set claims: two ticks or two processes can never both act on the same row."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import Engine
from sqlmodel import Session, select

from safeduty.commands import deliveries
from safeduty.commands.duties import answer, mark_items, step
from safeduty.commands.owed import owe
from safeduty.commands.plan_sync import sync_plan
from safeduty.commands.record import Command
from safeduty.config import SchoolConfig
from safeduty.domain.escalation import end_of_day
from safeduty.domain.events import EventKind
from safeduty.domain.plan import plan_day
from safeduty.domain.states import (
    OCCURRENCE,
    DeliveryKind,
    OccurrenceState,
    Refusal,
)
from safeduty.storage.tables import Delivery, Occurrence
from tests.conftest import SHANGHAI

NOW = datetime(2026, 12, 1, 0, 0, tzinfo=UTC)
GATE_REMINDER = datetime(2026, 12, 1, 7, 20, tzinfo=SHANGHAI)


def planned(engine: Engine, school: SchoolConfig) -> int:
    day = date(2026, 12, 1)
    with Session(engine) as session:
        for expected in (3, 0):  # planning again changes nothing
            changed = sync_plan(
                session,
                planned=plan_day(school, day),
                closes={day: end_of_day(day, SHANGHAI)},
                now=NOW,
            )
            assert changed == expected
        occ = session.exec(select(Occurrence).where(Occurrence.duty_id == "gate")).one()
        assert occ.id is not None
        return occ.id


def owe_reminder(engine: Engine, occ_id: int, key: str = "k") -> bool:
    with (
        Session(engine) as session,
        Command(session, kind=EventKind.OCCURRENCE_STEPPED, actor="test", now=NOW) as cmd,
    ):
        row = Delivery(
            key=key, occurrence_id=occ_id, kind=DeliveryKind.REMINDER, recipient="zhang", due_at=NOW
        )
        added = owe(cmd, row)
        cmd.done()
    return added


def test_only_one_claimer_sends_a_delivery(engine: Engine, school: SchoolConfig) -> None:
    """Two sessions race to claim the same pending delivery: exactly one wins."""
    occ_id = planned(engine, school)
    owe_reminder(engine, occ_id)
    with Session(engine) as session:
        delivery_id = session.exec(select(Delivery)).one().id
    assert delivery_id is not None
    with Session(engine) as first, Session(engine) as second:
        loaded = [s.get(Delivery, delivery_id) for s in (first, second)]  # both saw it pending
        assert all(d is not None for d in loaded)
        wins = [deliveries.claim(s, delivery_id=delivery_id, now=NOW) for s in (first, second)]
    assert wins == [True, False]


def test_only_one_tick_advances_a_step(engine: Engine, school: SchoolConfig) -> None:
    """Two ticks holding the same stale row take the reminder once; an answer stops the rest."""
    occ_id = planned(engine, school)
    with Session(engine) as first, Session(engine) as second:
        stale = [s.get(Occurrence, occ_id) for s in (first, second)]
        taken = [
            step(s, config=school, occ=o, now=GATE_REMINDER)
            for s, o in zip((first, second), stale, strict=True)
            if o is not None
        ]
    assert taken == [["gate/zhang/2026-12-01 reminder"], []]
    with Session(engine) as session:
        items = dict.fromkeys(range(3), True)
        assert mark_items(session, occurrence_id=occ_id, items=items, by="zhang", now=NOW).ok
        assert answer(session, occurrence_id=occ_id, by="zhang", now=GATE_REMINDER).ok
        again = answer(session, occurrence_id=occ_id, by="zhang", now=GATE_REMINDER)
        assert again.refusal == Refusal.ANSWERED
        occ = session.get(Occurrence, occ_id)
        assert occ is not None and occ.state == OccurrenceState.ANSWERED
        late = datetime(2026, 12, 1, 23, 59, tzinfo=SHANGHAI)
        assert step(session, config=school, occ=occ, now=late) == []


def test_someone_elses_duty_cannot_be_answered(engine: Engine, school: SchoolConfig) -> None:
    """The command checks ownership itself, whatever the caller checked."""
    occ_id = planned(engine, school)
    with Session(engine) as session:
        marked = mark_items(session, occurrence_id=occ_id, items={0: True}, by="wang", now=NOW)
        assert marked.refusal == Refusal.NOT_YOURS
        assert answer(session, occurrence_id=occ_id, by="wang", now=NOW).refusal == (
            Refusal.NOT_YOURS
        )


def test_a_move_the_table_forbids_is_never_written(engine: Engine, school: SchoolConfig) -> None:
    """answered -> reminded is not in the transition table: the guarded UPDATE matches nothing."""
    occ_id = planned(engine, school)
    with Session(engine) as session:
        mark_items(
            session, occurrence_id=occ_id, items=dict.fromkeys(range(3), True), by="zhang", now=NOW
        )
        assert answer(session, occurrence_id=occ_id, by="zhang", now=NOW).ok
        with Command(session, kind=EventKind.OCCURRENCE_STEPPED, actor="test", now=NOW) as cmd:
            moved = cmd.move(
                Occurrence, occ_id, machine=OCCURRENCE, column="state", to=OccurrenceState.REMINDED
            )
        assert not moved


def test_owing_the_same_message_twice_records_it_once(engine: Engine, school: SchoolConfig) -> None:
    """The delivery key makes planning a message idempotent."""
    occ_id = planned(engine, school)
    assert [owe_reminder(engine, occ_id, "same") for _ in range(2)] == [True, False]
    with Session(engine) as session:
        assert len(session.exec(select(Delivery)).all()) == 1
