"""``safeduty verify`` over leave, covers and swaps: the new tables are replayed from the
chain, so an edit behind the bot's back is named, and a forged move the cover machine never
allows is caught even when it is correctly hashed onto the chain."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

import pytest
from sqlalchemy import Engine

from safeduty.commands.cover import answer, offer_swap, propose
from safeduty.commands.leave import request_leave
from safeduty.services import Services
from safeduty.verify import verify
from tests.conftest import SHANGHAI
from tests.e2e.test_verify import sql
from tests.e2e.test_verify_hardening import forge_tail_event

NOW = datetime(2026, 12, 1, 7, 0, tzinfo=SHANGHAI)
WED = date(2026, 12, 2)


@dataclass
class Covered:
    services: Services
    engine: Engine
    accepted: int  # wu's Wednesday canteen duty, accepted by zhang
    declined: int  # wu's Thursday canteen duty, declined by wang


@pytest.fixture
def covered(services: Services) -> Covered:
    """wu away Wed-Thu: zhang accepts Wednesday, wang declines Thursday; zhang offers a swap."""
    config = services.config
    with services.session() as session:
        wed, thu = request_leave(
            session, config=config, staff_id="wu", first=WED, days=2, by="wu", now=NOW
        ).covers
        for cover_id, colleague, accept in ((wed, "zhang", True), (thu, "wang", False)):
            propose(
                session, config=config, cover_id=cover_id, substitute=colleague, by="wu", now=NOW
            )
            answer(session, config=config, cover_id=cover_id, by=colleague, accept=accept, now=NOW)
        offer_swap(
            session,
            config=config,
            duty_id="gate",
            day=date(2026, 12, 8),
            to="wang",
            by="zhang",
            now=NOW,
        )
    return Covered(services, services.engine, wed, thu)


def first_finding(covered: Covered) -> str:
    report = verify(covered.engine, covered.services.data_dir)
    assert not report.ok
    return report.findings[0].what


def test_recorded_leave_covers_and_a_swap_verify(covered: Covered) -> None:
    """Untouched, every leave and cover row is exactly what its events say."""
    report = verify(covered.engine, covered.services.data_dir)
    assert report.findings == []


TAMPERS: dict[str, tuple[list[str], str]] = {
    "substitute changed": (
        ["UPDATE cover SET substitute = 'li' WHERE state = 'accepted'"],
        r"cover \d+: substitute is 'li', the record says 'zhang'",
    ),
    "decline turned into an acceptance": (
        ["UPDATE cover SET state = 'accepted' WHERE state = 'declined'"],
        r"cover \d+: state is 'accepted', the record says 'declined'",
    ),
    "leave shortened": (
        ["UPDATE staff_leave SET last_day = first_day"],
        r"staff_leave \d+: last_day is .*2026-12-02.*, the record says '2026-12-03'",
    ),
    "leave added": (
        [
            "INSERT INTO staff_leave (staff_id, first_day, last_day, state, requested_by, "
            "created_at) VALUES ('wang', '2026-12-04', '2026-12-04', 'active', 'wang', "
            "'2026-12-01 00:00:00')"
        ],
        r"staff_leave \d+ is not in the record \(added\)",
    ),
}


@pytest.mark.parametrize("tamper", list(TAMPERS))
def test_tampering_with_leave_and_covers_is_caught_and_named(covered: Covered, tamper: str) -> None:
    """Each edit of the leave or cover tables fails verify, naming the row."""
    statements, expected = TAMPERS[tamper]
    sql(covered.engine, *statements)
    assert re.search(expected, first_finding(covered)), first_finding(covered)


def test_a_forged_move_from_declined_to_accepted_is_caught(covered: Covered) -> None:
    """A declined cover made accepted by a well-hashed event: the cover machine never allows it
    (a declined cover must be asked again first)."""
    cover_id = covered.declined
    sql(covered.engine, f"UPDATE cover SET state = 'accepted' WHERE id = {cover_id}")  # noqa: S608
    forge_tail_event(covered.engine, [{"t": "cover", "id": cover_id, "set": {"state": "accepted"}}])
    assert re.search(
        rf"moves cover {cover_id} from 'declined' to 'accepted', which the rules never allow",
        first_finding(covered),
    ), first_finding(covered)
