"""Leave, cover and swap commands on each backend: who may do what, and what each one records.

Tuesday 1 December 2026, 07:00 in Shanghai. 吴师傅 (wu) has canteen duty every school day
at 11:30 (no deputy); gate duty (07:20, 张老师 on Tuesdays, 王老师 on Mondays) has 周老师
(zhou, an admin) as its deputy; 李主任 (li) is the safety officer.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy import Engine
from sqlmodel import Session, select

from safeduty.commands.cover import answer, offer_swap, propose
from safeduty.commands.cover_sync import escalate_unstaffed, sync_covers
from safeduty.commands.leave import request_leave, withdraw_leave
from safeduty.config import SchoolConfig
from safeduty.domain.calendar import school_calendar
from safeduty.domain.cover_states import CoverRefusal
from safeduty.storage.tables import Cover, Delivery, StaffLeave
from tests.conftest import SHANGHAI

NOW = datetime(2026, 12, 1, 7, 0, tzinfo=SHANGHAI)
TUE, WED, THU = date(2026, 12, 1), date(2026, 12, 2), date(2026, 12, 3)


def covers(session: Session) -> list[Cover]:
    return list(session.exec(select(Cover).order_by(Cover.id)))  # type: ignore[arg-type]


def kinds(session: Session) -> list[tuple[str, str]]:
    rows = session.exec(select(Delivery).order_by(Delivery.id))  # type: ignore[arg-type]
    return [(d.kind, d.recipient) for d in rows]


def leave(session: Session, school: SchoolConfig, who: str, first: date, days: int, by: str = ""):  # type: ignore[no-untyped-def]
    return request_leave(
        session, config=school, staff_id=who, first=first, days=days, by=by or who, now=NOW
    )


def test_a_teacher_records_only_their_own_leave_an_admin_anyones(
    engine: Engine, school: SchoolConfig
) -> None:
    """王老师 cannot put 吴师傅 on leave; 周老师 (admin) can, and wu is owed a notice."""
    with Session(engine) as session:
        assert leave(session, school, "wu", WED, 1, by="wang").refusal == CoverRefusal.NOT_ALLOWED
        assert session.exec(select(StaffLeave)).all() == []
        done = leave(session, school, "wu", WED, 1, by="zhou")
        assert done.refusal is None
        assert ("leave_notice", "wu") in kinds(session)
        assert ("cover_needed", "li") in kinds(session)


def test_leave_outside_what_the_buttons_offer_is_refused(
    engine: Engine, school: SchoolConfig
) -> None:
    """Yesterday, three weeks ahead, 15 days long or an unknown person: nothing is recorded."""
    with Session(engine) as session:
        for who, first, days in (
            ("wu", TUE - timedelta(days=1), 1),
            ("wu", TUE + timedelta(days=14), 1),
            ("wu", WED, 15),
            ("nobody", WED, 1),
        ):
            assert leave(session, school, who, first, days, by="zhou").refusal == CoverRefusal.STALE
        assert session.exec(select(StaffLeave)).all() == []


def test_each_duty_in_the_leave_gets_one_cover_and_an_overlapping_leave_adds_none(
    engine: Engine, school: SchoolConfig
) -> None:
    """wu away Wed-Thu: two canteen covers, unstaffed, escalating 24 hours before each reminder."""
    with Session(engine) as session:
        leave(session, school, "wu", WED, 2)
        leave(session, school, "wu", THU, 1)
        rows = covers(session)
    assert [(c.day, c.state, c.absent, c.substitute) for c in rows] == [
        (WED, "needed", "wu", None),
        (THU, "needed", "wu", None),
    ]
    assert rows[0].escalate_at == datetime(2026, 12, 1, 11, 30, tzinfo=SHANGHAI)


def test_the_deputy_takes_a_duty_at_once_unless_away_themselves(
    engine: Engine, school: SchoolConfig
) -> None:
    """zhou is gate's deputy: wang's Monday goes to zhou; while zhou is away too, it needs someone."""
    mon, next_mon = date(2026, 12, 7), date(2026, 12, 14)
    with Session(engine) as session:
        leave(session, school, "zhou", next_mon, 1)
        leave(session, school, "wang", mon, 1)
        leave(session, school, "wang", next_mon, 1)
        rows = [c for c in covers(session) if c.duty_id == "gate"]
        assert [(c.day, c.state, c.substitute, c.deputy) for c in rows] == [
            (mon, "accepted", "zhou", True),
            (next_mon, "needed", None, False),
        ]
        assert ("cover_assigned", "zhou") in kinds(session)


def test_only_the_colleague_asked_answers_and_only_once(
    engine: Engine, school: SchoolConfig
) -> None:
    """wu asks zhang; wang's tap is refused; zhang accepts; a second answer is refused."""
    with Session(engine) as session:
        (cover_id,) = leave(session, school, "wu", WED, 1).covers
        assert (
            propose(
                session, config=school, cover_id=cover_id, substitute="zhang", by="wang", now=NOW
            ).refusal
            == CoverRefusal.NOT_ALLOWED
        )  # wang is neither wu nor an officer
        assert propose(
            session, config=school, cover_id=cover_id, substitute="zhang", by="wu", now=NOW
        ).ok
        for by, accept, refusal in (
            ("wang", True, CoverRefusal.NOT_ASKED),
            ("zhang", True, None),
            ("zhang", False, CoverRefusal.DECIDED),
        ):
            done = answer(session, config=school, cover_id=cover_id, by=by, accept=accept, now=NOW)
            assert done.refusal == refusal
        (row,) = covers(session)
        assert (row.state, row.substitute, row.escalate_at) == ("accepted", "zhang", None)
        assert ("cover_accepted", "wu") in kinds(session)


def test_the_safety_officer_may_ask_and_a_decline_can_be_asked_again(
    engine: Engine, school: SchoolConfig
) -> None:
    """li (safety officer) asks zhang, who declines; li then asks wang, who accepts."""
    with Session(engine) as session:
        (cover_id,) = leave(session, school, "wu", WED, 1).covers
        for colleague, accept in (("zhang", False), ("wang", True)):
            assert propose(
                session, config=school, cover_id=cover_id, substitute=colleague, by="li", now=NOW
            ).ok
            assert answer(
                session, config=school, cover_id=cover_id, by=colleague, accept=accept, now=NOW
            ).ok
        (row,) = covers(session)
        assert (row.state, row.substitute, row.asks, row.proposed_by) == (
            "accepted",
            "wang",
            2,
            "li",
        )
        assert kinds(session).count(("cover_declined", "wu")) == 1


def test_nobody_away_or_already_on_the_duty_can_be_asked(
    engine: Engine, school: SchoolConfig
) -> None:
    """wu cannot cover themselves; zhang, away that day, cannot cover either."""
    with Session(engine) as session:
        leave(session, school, "zhang", WED, 1)
        (cover_id,) = leave(session, school, "wu", WED, 1).covers
        for colleague in ("wu", "zhang", "nobody"):
            done = propose(
                session, config=school, cover_id=cover_id, substitute=colleague, by="wu", now=NOW
            )
            assert done.refusal == CoverRefusal.CANDIDATE


def test_a_duty_whose_reminder_has_come_keeps_its_arrangement(
    engine: Engine, school: SchoolConfig
) -> None:
    """Today's gate duty (07:20) cannot be offered at 07:20; an offer cannot be accepted late."""
    at_0720 = datetime(2026, 12, 1, 7, 20, tzinfo=SHANGHAI)
    with Session(engine) as session:
        late = offer_swap(
            session, config=school, duty_id="gate", day=TUE, to="wang", by="zhang", now=at_0720
        )
        assert late.refusal == CoverRefusal.STARTED
        offer = offer_swap(
            session, config=school, duty_id="gate", day=TUE, to="wang", by="zhang", now=NOW
        )
        assert offer.ok and offer.cover_id is not None
        done = answer(
            session, config=school, cover_id=offer.cover_id, by="wang", accept=True, now=at_0720
        )
        assert done.refusal == CoverRefusal.STARTED


def test_only_my_own_duty_can_be_offered_and_a_waiting_offer_moves_to_someone_else(
    engine: Engine, school: SchoolConfig
) -> None:
    """wang cannot offer zhang's duty; zhang's offer to wang, re-offered to liu, is liu's alone."""
    with Session(engine) as session:
        theirs = offer_swap(
            session, config=school, duty_id="gate", day=TUE, to="li", by="wang", now=NOW
        )
        assert theirs.refusal == CoverRefusal.NOT_ALLOWED
        first = offer_swap(
            session, config=school, duty_id="gate", day=TUE, to="wang", by="zhang", now=NOW
        )
        again = offer_swap(
            session, config=school, duty_id="gate", day=TUE, to="wang", by="zhang", now=NOW
        )
        assert again.refusal == CoverRefusal.PENDING
        moved = offer_swap(
            session, config=school, duty_id="gate", day=TUE, to="liu", by="zhang", now=NOW
        )
        assert moved.ok and moved.cover_id == first.cover_id
        cover_id = first.cover_id or 0
        refused = answer(session, config=school, cover_id=cover_id, by="wang", accept=True, now=NOW)
        assert refused.refusal == CoverRefusal.NOT_ASKED
        assert answer(session, config=school, cover_id=cover_id, by="liu", accept=True, now=NOW).ok


def test_a_swap_accepted_before_a_leave_cover_withdraws_the_need(
    engine: Engine, school: SchoolConfig
) -> None:
    """wu offers Wednesday to zhang, then takes leave; zhang accepts: the leave need is moot."""
    with Session(engine) as session:
        offer = offer_swap(
            session, config=school, duty_id="canteen", day=WED, to="zhang", by="wu", now=NOW
        )
        leave(session, school, "wu", WED, 1)
        assert answer(
            session, config=school, cover_id=offer.cover_id or 0, by="zhang", accept=True, now=NOW
        ).ok
        assert [(c.reason, c.state) for c in covers(session)] == [
            ("swap", "accepted"),
            ("leave", "withdrawn"),
        ]


def test_an_unstaffed_duty_is_escalated_once_24_hours_ahead(
    engine: Engine, school: SchoolConfig
) -> None:
    """Nothing before Tuesday 11:30; then one notice to the safety officer, never again."""
    with Session(engine) as session:
        leave(session, school, "wu", WED, 1)
        before = datetime(2026, 12, 1, 11, 29, tzinfo=SHANGHAI)
        assert escalate_unstaffed(session, config=school, now=before) == 0
        at = datetime(2026, 12, 1, 11, 30, tzinfo=SHANGHAI)
        assert escalate_unstaffed(session, config=school, now=at) == 1
        assert escalate_unstaffed(session, config=school, now=at + timedelta(hours=1)) == 0
        assert kinds(session).count(("unstaffed", "li")) == 1


def test_an_accepted_cover_is_not_escalated(engine: Engine, school: SchoolConfig) -> None:
    """Accepted before the 24 hours: the officer hears nothing."""
    with Session(engine) as session:
        (cover_id,) = leave(session, school, "wu", WED, 1).covers
        propose(session, config=school, cover_id=cover_id, substitute="zhang", by="wu", now=NOW)
        answer(session, config=school, cover_id=cover_id, by="zhang", accept=True, now=NOW)
        at = datetime(2026, 12, 1, 11, 30, tzinfo=SHANGHAI)
        assert escalate_unstaffed(session, config=school, now=at) == 0


def test_a_reload_that_drops_a_duty_withdraws_its_covers_and_one_that_adds_a_duty_adds_them(
    engine: Engine, school: SchoolConfig
) -> None:
    """Covers follow the plan: without canteen duty wu's covers go; a new duty of wu's gets one."""
    with Session(engine) as session:
        leave(session, school, "wu", WED, 2)
        assert sync_covers(session, config=school, calendar=school_calendar(school), now=NOW) == 0
        canteen = next(d for d in school.duties if d.id == "canteen")
        moved = canteen.model_copy(update={"id": "kitchen", "name": "厨房检查"})
        edited = school.model_copy(
            update={"duties": [moved if d.id == "canteen" else d for d in school.duties]}
        )
        assert sync_covers(session, config=edited, calendar=school_calendar(edited), now=NOW) == 4
        assert [(c.duty_id, c.day, c.state) for c in covers(session)] == [
            ("canteen", WED, "withdrawn"),
            ("canteen", THU, "withdrawn"),
            ("kitchen", WED, "needed"),
            ("kitchen", THU, "needed"),
        ]


def test_a_leave_taken_back_withdraws_its_covers_ahead_and_tells_the_substitute(
    engine: Engine, school: SchoolConfig
) -> None:
    """wu takes back Wed-Thu: zhang (who accepted Wednesday) is told; only wu or an admin may."""
    with Session(engine) as session:
        done = leave(session, school, "wu", WED, 2)
        wed = done.covers[0]
        propose(session, config=school, cover_id=wed, substitute="zhang", by="wu", now=NOW)
        answer(session, config=school, cover_id=wed, by="zhang", accept=True, now=NOW)
        leave_id = done.leave_id or 0
        refused = withdraw_leave(session, config=school, leave_id=leave_id, by="wang", now=NOW)
        assert refused.refusal == CoverRefusal.NOT_ALLOWED
        assert withdraw_leave(session, config=school, leave_id=leave_id, by="wu", now=NOW).ok
        again = withdraw_leave(session, config=school, leave_id=leave_id, by="wu", now=NOW)
        assert again.refusal == CoverRefusal.DECIDED
        assert [c.state for c in covers(session)] == ["withdrawn", "withdrawn"]
        assert session.exec(select(StaffLeave)).one().state == "withdrawn"
        assert ("cover_withdrawn", "zhang") in kinds(session)
