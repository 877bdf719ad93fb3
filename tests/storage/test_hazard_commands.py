"""The hazard commands on each backend: who may do what, one event per step, the chase."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, select

from safeduty.commands import hazard_chase, hazard_reports, hazard_verdicts, hazards
from safeduty.config.model import SchoolConfig
from safeduty.domain.hazards import HazardLevel, HazardRefusal, HazardState
from safeduty.domain.states import DeliveryKind, DeliveryStatus
from safeduty.storage import chain
from safeduty.storage import hazards as reads
from safeduty.storage.tables import Delivery, Event, Hazard
from safeduty.verify import verify
from tests.conftest import SHANGHAI

TUE = datetime(2026, 12, 1, 10, 0, tzinfo=SHANGHAI)


def report(
    session: Session,
    school: SchoolConfig,
    by: str = "wang",
    level: HazardLevel = HazardLevel.GENERAL,
) -> int:
    """``/hazard`` all the way: description, a listed place, no photo, a category, a level."""
    hazard_reports.start_report(session, config=school, staff_id=by, now=TUE)
    hazard_reports.add_description(session, staff_id=by, text="203 窗户插销坏了", now=TUE)
    hazard_reports.choose_place(session, config=school, staff_id=by, index=0, now=TUE)
    hazard_reports.photos_done(session, staff_id=by, now=TUE)
    hazard_reports.choose_category(session, config=school, staff_id=by, index=0, now=TUE)
    draft = hazard_reports.choose_level(session, config=school, staff_id=by, level=level, now=TUE)
    assert draft is not None and draft.hazard_id is not None
    return draft.hazard_id


def owed(session: Session, kind: DeliveryKind) -> list[str]:
    rows = session.exec(select(Delivery).where(Delivery.kind == kind).order_by(Delivery.id))  # type: ignore[arg-type]
    return [d.recipient for d in rows]


def test_a_report_opens_a_hazard_and_tells_the_safety_officer(
    engine: Engine, school: SchoolConfig
) -> None:
    """A general hazard: the safety officer is told; it is open, with what was answered."""
    with Session(engine) as session:
        hazard_id = report(session, school)
        hazard = session.get(Hazard, hazard_id)
        assert hazard is not None
        assert (hazard.state, hazard.place, hazard.category, hazard.level, hazard.reported_by) == (
            HazardState.OPEN,
            school.hazards.places[0],
            school.hazards.categories[0],
            HazardLevel.GENERAL,
            "wang",
        )
        assert owed(session, DeliveryKind.HAZARD_NEW) == ["li"]
        assert reads.input_of(session=session, staff_id="wang") is None


def test_a_major_hazard_reaches_the_principal_at_once(engine: Engine, school: SchoolConfig) -> None:
    """重大: the safety officer and the principal, in the same command as the report."""
    with Session(engine) as session:
        report(session, school, level=HazardLevel.MAJOR)
        assert sorted(owed(session, DeliveryKind.HAZARD_NEW)) == ["chen", "li"]
        opened = session.exec(select(Event).where(Event.kind == "hazard.opened")).one()
        tables = {c["t"] for c in json.loads(opened.payload)["changes"]}
        assert tables == {"hazard", "hazard_step", "hazard_input", "delivery"}


def test_a_teacher_cannot_assign_and_the_owner_cannot_verify_their_own_fix(
    engine: Engine, school: SchoolConfig
) -> None:
    """li assigns it to herself and fixes it; li cannot verify it, chen can."""
    with Session(engine) as session:
        hazard_id = report(session, school)
        refused = hazards.assign(
            session, config=school, hazard_id=hazard_id, owner="wang", days=3, by="wang", now=TUE
        )
        assert refused.refusal == HazardRefusal.NOT_ALLOWED
        assert hazards.assign(
            session, config=school, hazard_id=hazard_id, owner="li", days=3, by="li", now=TUE
        ).ok
        assert hazards.start_fix(session, hazard_id=hazard_id, by="wang", now=TUE).refusal == (
            HazardRefusal.NOT_OWNER
        )
        assert hazards.start_fix(session, hazard_id=hazard_id, by="li", now=TUE).ok
        hazards.add_fix_note(session, staff_id="li", text="换了新插销", now=TUE)
        photo = ("file9", "photos/ab.jpg", "ab" * 32, 10)
        fixed = hazards.report_fix(session, config=school, staff_id="li", photo=photo, now=TUE)
        assert fixed is not None and fixed.ok
        assert owed(session, DeliveryKind.HAZARD_FIXED) == ["chen"]  # not the owner
        own = hazard_verdicts.verify(session, config=school, hazard_id=hazard_id, by="li", now=TUE)
        assert own.refusal == HazardRefusal.OWN_FIX
        teacher = hazard_verdicts.verify(
            session, config=school, hazard_id=hazard_id, by="zhou", now=TUE
        )
        assert teacher.refusal == HazardRefusal.NOT_ALLOWED
        assert hazard_verdicts.verify(
            session, config=school, hazard_id=hazard_id, by="chen", now=TUE
        ).ok
        hazard = reads.get(session=session, hazard_id=hazard_id)
        assert hazard is not None
        assert (hazard.state, hazard.verified_by, hazard.fix_note) == (
            HazardState.CLOSED,
            "chen",
            "换了新插销",
        )
        again = hazard_verdicts.verify(
            session, config=school, hazard_id=hazard_id, by="chen", now=TUE
        )
        assert again.refusal == HazardRefusal.STALE
        steps = [s.action for s in reads.steps_of(session=session, hazard_id=hazard_id)]
        assert steps == ["opened", "assigned", "fixed", "closed"]


def test_an_overdue_hazard_is_reminded_then_climbs_its_ladder_once_per_step(
    engine: Engine, school: SchoolConfig
) -> None:
    """Due today (Tue): Wed 08:00 the owner hears it is overdue, Thu the safety officer,
    Sat 08:00 (+3 days) the principal; two ticks at the same moment send nothing twice."""
    with Session(engine) as session:
        hazard_id = report(session, school)
        hazards.assign(
            session, config=school, hazard_id=hazard_id, owner="wang", days=0, by="li", now=TUE
        )
        moments = [TUE + timedelta(days=d, hours=h) for d in range(6) for h in (-2, -1, 0, 8)]
        for now in sorted(moments):
            hazard_chase.chase_due(session, config=school, now=now)
            hazard_chase.chase_due(session, config=school, now=now)
        rows = list(session.exec(select(Delivery).where(Delivery.hazard_id == hazard_id)))
        overdue = sorted(
            (d.step, d.recipient) for d in rows if d.kind == DeliveryKind.HAZARD_OVERDUE
        )
        assert overdue == [(0, "wang"), (1, "li"), (2, "chen")]
        reminders = [d for d in rows if d.kind == DeliveryKind.HAZARD_REMIND]
        # Wed's reminder is the overdue step itself; Thu and Fri (and Mon, beyond) remind
        assert [d.due_at.astimezone(SHANGHAI).date() for d in reminders] == [
            date(2026, 12, 3),
            date(2026, 12, 4),
        ]
        assert verify(engine, Path("/nonexistent")).ok


def test_a_fix_cancels_the_reminders_not_yet_sent(engine: Engine, school: SchoolConfig) -> None:
    """The owner fixed it before the pending reminder went out: it is cancelled."""
    with Session(engine) as session:
        hazard_id = report(session, school)
        hazards.assign(
            session, config=school, hazard_id=hazard_id, owner="wang", days=3, by="li", now=TUE
        )
        hazard_chase.chase_due(session, config=school, now=TUE + timedelta(days=1))
        hazards.start_fix(session, hazard_id=hazard_id, by="wang", now=TUE + timedelta(days=1))
        hazards.add_fix_note(session, staff_id="wang", text="修好了", now=TUE + timedelta(days=1))
        hazards.report_fix(
            session, config=school, staff_id="wang", photo=None, now=TUE + timedelta(days=1)
        )
        statuses = {
            d.kind: d.status
            for d in session.exec(select(Delivery).where(Delivery.hazard_id == hazard_id))
        }
        assert statuses[DeliveryKind.HAZARD_REMIND] == DeliveryStatus.CANCELLED
        assert reads.get(session=session, hazard_id=hazard_id).next_action_at is None  # type: ignore[union-attr]


def test_reopening_gives_the_owner_a_new_deadline_as_long_as_the_first(
    engine: Engine, school: SchoolConfig
) -> None:
    """Assigned Tue for 3 days, reopened Fri: due Mon, the owner and the officers told."""
    with Session(engine) as session:
        hazard_id = report(session, school)
        hazards.assign(
            session, config=school, hazard_id=hazard_id, owner="wang", days=3, by="li", now=TUE
        )
        hazards.start_fix(session, hazard_id=hazard_id, by="wang", now=TUE)
        hazards.add_fix_note(session, staff_id="wang", text="修好了", now=TUE)
        hazards.report_fix(session, config=school, staff_id="wang", photo=None, now=TUE)
        friday = TUE + timedelta(days=3)
        assert hazard_verdicts.start_reopen(
            session, config=school, hazard_id=hazard_id, by="li", now=friday
        ).ok
        done = hazard_verdicts.add_reopen_reason(
            session, config=school, staff_id="li", text="插销还是松的", now=friday
        )
        assert done is not None and done.ok
        hazard = reads.get(session=session, hazard_id=hazard_id)
        assert hazard is not None
        assert (hazard.state, hazard.deadline, hazard.reopen_reason, hazard.fixed_at) == (
            HazardState.REOPENED,
            date(2026, 12, 7),
            "插销还是松的",
            None,
        )
        assert owed(session, DeliveryKind.HAZARD_REOPENED) == ["wang"]  # li reopened it
        assert hazards.start_fix(session, hazard_id=hazard_id, by="wang", now=friday).ok


def test_a_conversation_left_hanging_is_filed_or_dropped(
    engine: Engine, school: SchoolConfig
) -> None:
    """A report with a description is filed with defaults after 15 minutes; one without
    anything said is dropped; the reporter is told of the filed one."""
    with Session(engine) as session:
        hazard_reports.start_report(session, config=school, staff_id="wang", now=TUE)
        hazard_reports.add_description(session, staff_id="wang", text="操场围栏松动", now=TUE)
        hazard_reports.start_report(session, config=school, staff_id="zhang", now=TUE)
        assert (
            hazard_chase.expire_inputs(session, config=school, now=TUE + timedelta(minutes=14)) == 0
        )
        assert (
            hazard_chase.expire_inputs(session, config=school, now=TUE + timedelta(minutes=16)) == 2
        )
        (hazard,) = reads.every_hazard(session=session)
        assert (hazard.description, hazard.place, hazard.category, hazard.reported_by) == (
            "操场围栏松动",
            "",
            "other",
            "wang",
        )
        assert owed(session, DeliveryKind.HAZARD_FILED) == ["wang"]
        assert reads.input_of(session=session, staff_id="zhang") is None


def test_every_step_is_one_event_and_the_chain_replays_the_tables(
    engine: Engine, school: SchoolConfig
) -> None:
    """Report (6 steps), assign, fix (3 steps), verify: 11 events, and verify agrees."""
    with Session(engine) as session:
        before = chain.count(session)
        hazard_id = report(session, school)
        hazards.assign(
            session, config=school, hazard_id=hazard_id, owner="wang", days=1, by="li", now=TUE
        )
        hazards.start_fix(session, hazard_id=hazard_id, by="wang", now=TUE)
        hazards.add_fix_note(session, staff_id="wang", text="好了", now=TUE)
        hazards.report_fix(session, config=school, staff_id="wang", photo=None, now=TUE)
        hazard_verdicts.verify(session, config=school, hazard_id=hazard_id, by="chen", now=TUE)
        assert chain.count(session) - before == 11
    assert verify(engine, Path("/nonexistent")).ok


@pytest.mark.parametrize("index", [-1, 7, 99])
def test_a_place_button_from_before_a_reload_does_nothing(
    engine: Engine, school: SchoolConfig, index: int
) -> None:
    """An index outside the configured places is refused, the report stays where it was."""
    with Session(engine) as session:
        hazard_reports.start_report(session, config=school, staff_id="wang", now=TUE)
        hazard_reports.add_description(session, staff_id="wang", text="x", now=TUE)
        assert (
            hazard_reports.choose_place(
                session, config=school, staff_id="wang", index=index, now=TUE
            )
            is None
        )
        row = reads.input_of(session=session, staff_id="wang")
        assert row is not None and row.step == "place"


def test_a_place_typed_instead_of_tapped_is_taken(engine: Engine, school: SchoolConfig) -> None:
    """At the place buttons, typing the place works as well as "other place" then typing."""
    with Session(engine) as session:
        hazard_reports.start_report(session, config=school, staff_id="wang", now=TUE)
        assert (
            hazard_reports.add_place_text(session, staff_id="wang", text="三楼", now=TUE) is None
        )  # the description comes first
        hazard_reports.add_description(session, staff_id="wang", text="灯管闪烁", now=TUE)
        draft = hazard_reports.add_place_text(session, staff_id="wang", text=" 三楼走廊 ", now=TUE)
        assert draft is not None and draft.step == "photos"
        row = reads.input_of(session=session, staff_id="wang")
        assert row is not None and row.place == "三楼走廊"
    assert verify(engine, Path("/nonexistent")).ok
