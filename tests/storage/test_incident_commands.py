"""The incident and gate register commands on each backend: each step once, rules enforced."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import Engine
from sqlmodel import Session, col, select

from safeduty.commands import incident_chase, incident_close, incidents, visits
from safeduty.commands.plan_sync import sync_plan
from safeduty.config import SchoolConfig
from safeduty.domain.escalation import end_of_day
from safeduty.domain.plan import plan_days
from safeduty.domain.states import Refusal
from safeduty.domain.visits import VisitorLine
from safeduty.storage import incidents as incident_reads
from safeduty.storage.tables import Delivery, Incident, Occurrence, Visit
from safeduty.verify import verify

SH = ZoneInfo("Asia/Shanghai")
AT = datetime(2026, 12, 1, 10, 0, tzinfo=SH)


def kinds(session: Session) -> list[tuple[str, str]]:
    rows = session.exec(select(Delivery).order_by(col(Delivery.id)))
    return [(d.kind, d.recipient) for d in rows]


def test_a_ping_or_a_rung_taken_by_one_tick_is_not_taken_again(
    school: SchoolConfig, engine: Engine
) -> None:
    """Two processes holding the same rows: each ping and each rung happens once."""
    with Session(engine) as session:
        done = incidents.report(session, config=school, reporter="wang", kind="intruder", now=AT)
        assert done.ok and done.incident_id == 1
    later = AT + timedelta(minutes=6)
    with Session(engine) as one, Session(engine) as two:
        held = [
            (
                session,
                incident_reads.due_pings(session=session, now=later),
                incident_reads.get(session=session, incident_id=1),
            )
            for session in (one, two)
        ]
        for session, rows, incident in held:
            assert incident is not None and len(rows) == 2
            for row in rows:
                incident_chase.ping(session, row=row, now=later)
            incident_chase.climb(session, config=school, incident=incident, now=later)
        pings = [r for k, r in kinds(one) if k == "incident_ping"]
        assert sorted(pings) == ["chen", "li"], "one ping each (the latest due, number 3)"
        assert [r for k, r in kinds(one) if k == "incident"] == ["chen", "li", "zhou"]
        session, rows, _ = held[0]  # the rows reload: the next ping (4) is not due yet
        assert not any(incident_chase.ping(session, row=row, now=later) for row in rows)
        assert len(kinds(one)) == 5


def test_acknowledging_twice_changes_nothing_the_second_time(
    school: SchoolConfig, engine: Engine
) -> None:
    """The second tap is harmless: one acknowledgement, one notice to each other person."""
    with Session(engine) as session:
        incidents.report(session, config=school, reporter="wang", kind="injury", now=AT)
        first = incidents.acknowledge(session, incident_id=1, by="li", now=AT)
        second = incidents.acknowledge(session, incident_id=1, by="li", now=AT)
        assert (first.ok, first.changed, second.ok, second.changed) == (True, True, True, False)
        assert sorted(r for k, r in kinds(session) if k == "incident_acked") == ["chen", "wang"]
        stranger = incidents.acknowledge(session, incident_id=1, by="zhang", now=AT)
        assert stranger.refusal == Refusal.NOT_YOURS


def test_only_the_involved_tick_and_only_officers_close(
    school: SchoolConfig, engine: Engine, tmp_path: Path
) -> None:
    """A teacher not involved may not tick; a teacher may not close; closing twice is refused."""
    with Session(engine) as session:
        incidents.report(session, config=school, reporter="wang", kind="injury", now=AT)
        tick = incidents.tick_item(
            session, config=school, incident_id=1, item=0, by="zhang", now=AT
        )
        assert tick.refusal == Refusal.NOT_YOURS
        assert (
            incidents.tick_item(
                session, config=school, incident_id=1, item=9, by="wang", now=AT
            ).refusal
            == Refusal.STALE
        )
        refused = incident_close.close(
            session, config=school, incident_id=1, by="wang", outcome="ok", now=AT
        )
        assert refused.refusal == Refusal.NOT_ALLOWED
        assert incident_close.close(
            session, config=school, incident_id=1, by="chen", outcome="ok", now=AT
        ).ok
        again = incident_close.close(
            session, config=school, incident_id=1, by="li", outcome="again", now=AT
        )
        assert again.refusal == Refusal.CLOSED
        incident = session.get(Incident, 1)
        assert incident is not None
        assert (incident.state, incident.closed_by, incident.acknowledged_at) == (
            "closed",
            "chen",
            AT.astimezone(incident.reported_at.tzinfo),
        )
    assert verify(engine, tmp_path).ok


def test_the_register_is_kept_only_on_gate_duty_and_each_question_is_asked_once(
    school: SchoolConfig, engine: Engine
) -> None:
    """Off duty is refused; at the deadline one question, however many ticks hold the row."""
    tuesday = date(2026, 12, 1)
    planned = plan_days(school, tuesday, 1)
    with Session(engine) as session:
        sync_plan(session, planned=planned, closes={tuesday: end_of_day(tuesday, SH)}, now=AT)
        gate = session.exec(select(Occurrence).where(Occurrence.duty_id == "gate")).one()
        assert gate.assignee == "zhang"
        line = VisitorLine("张三", "自来水公司")
        early = gate.remind_at - timedelta(minutes=1)
        off = visits.check_in(session, config=school, staff_id="zhang", visitor=line, now=early)
        assert off.refusal == Refusal.OFF_DUTY
        wrong = visits.check_in(
            session, config=school, staff_id="wang", visitor=line, now=gate.remind_at
        )
        assert wrong.refusal == Refusal.OFF_DUTY
        done = visits.check_in(
            session, config=school, staff_id="zhang", visitor=line, now=gate.remind_at
        )
        assert done.ok
        stale = session.exec(select(Visit)).one()
        for _ in range(2):
            visits.chase_step(session, config=school, visit=stale, now=gate.deadline)
        assert kinds(session) == [("visit_ask", "zhang")]
        out = visits.check_out(
            session, config=school, visit_id=stale.id or 0, by="wang", now=gate.deadline
        )
        assert out.refusal == Refusal.NOT_ALLOWED, "wang is neither on gate duty nor an officer"
        assert visits.check_out(
            session, config=school, visit_id=stale.id or 0, by="li", now=gate.deadline
        ).ok
        statuses = [d.status for d in session.exec(select(Delivery))]
        assert statuses == ["cancelled"], "the question not sent yet is moot once they left"
