"""Compare-and-set claims: two ticks or two processes can never both act on the same row."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import Engine
from sqlmodel import Session, select

from safeduty.config import SchoolConfig
from safeduty.domain.escalation import end_of_day
from safeduty.domain.plan import plan_day
from safeduty.storage import duties
from safeduty.storage.tables import Delivery, Occurrence
from tests.conftest import SHANGHAI

NOW = datetime(2026, 12, 1, 0, 0, tzinfo=UTC)


def planned(engine: Engine, school: SchoolConfig) -> int:
    day = date(2026, 12, 1)
    with Session(engine) as session:
        added = duties.ensure_occurrences(
            session=session,
            planned=plan_day(school, day),
            closes={day: end_of_day(day, SHANGHAI)},
            now=NOW,
        )
        again = duties.ensure_occurrences(
            session=session,
            planned=plan_day(school, day),
            closes={day: end_of_day(day, SHANGHAI)},
            now=NOW,
        )
        assert (added, again) == (3, 0)
        occ = session.exec(select(Occurrence).where(Occurrence.duty_id == "gate")).one()
        assert occ.id is not None
        return occ.id


def test_only_one_claimer_sends_a_delivery(engine: Engine, school: SchoolConfig) -> None:
    """Two sessions race to claim the same pending delivery: exactly one wins."""
    occ_id = planned(engine, school)
    with Session(engine) as session:
        session.add(
            Delivery(key="k", occurrence_id=occ_id, kind="reminder", recipient="zhang", due_at=NOW)
        )
        session.commit()
        delivery_id = session.exec(select(Delivery)).one().id
    assert delivery_id is not None
    with Session(engine) as first, Session(engine) as second:
        wins = [
            duties.claim_delivery(session=s, delivery_id=delivery_id, now=NOW)
            for s in (first, second)
        ]
    assert wins == [True, False]


def test_only_one_tick_advances_a_step(engine: Engine, school: SchoolConfig) -> None:
    """The same step cannot be taken twice; an answered occurrence cannot advance at all."""
    occ_id = planned(engine, school)
    took = []
    for _ in range(2):  # the second tick read the row before the first one committed
        with Session(engine) as session:
            took.append(
                duties.advance(
                    session=session,
                    occurrence_id=occ_id,
                    from_step=0,
                    to_step=1,
                    next_action_at=NOW,
                    state="reminded",
                )
            )
            session.commit()
    assert took == [True, False]
    with Session(engine) as session:
        assert duties.submit(session=session, occurrence_id=occ_id, by="zhang", now=NOW, late=False)
        assert not duties.submit(
            session=session, occurrence_id=occ_id, by="zhang", now=NOW, late=False
        )
        assert not duties.advance(
            session=session,
            occurrence_id=occ_id,
            from_step=1,
            to_step=2,
            next_action_at=NOW,
            state="reminded",
        )
        session.commit()


def test_owing_the_same_message_twice_records_it_once(engine: Engine, school: SchoolConfig) -> None:
    """The delivery key makes planning a message idempotent."""
    occ_id = planned(engine, school)
    with Session(engine) as session:
        rows = [
            Delivery(key="same", occurrence_id=occ_id, kind="nudge", recipient="zhang", due_at=NOW)
            for _ in range(2)
        ]
        assert [duties.owe(session=session, delivery=r) for r in rows] == [True, False]
        session.commit()
        assert len(session.exec(select(Delivery)).all()) == 1
