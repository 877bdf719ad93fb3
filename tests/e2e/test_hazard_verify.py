# ruff: noqa: S608  (tamper SQL built in tests)
"""``safeduty verify`` covers every hazard step: rows, timeline, photos, and the rules.

A hazard is played over HTTP (reported with a photo, assigned, fixed with an after-photo,
verified), then tampered with behind the bot the way someone with database or file access
could; verify must name it. Photos let go at the end of their retention are not "missing".
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine, text
from sqlmodel import Session

from safeduty.commands import hazard_chase
from safeduty.verify import verify
from tests.conftest import Persona, SchoolDay
from tests.e2e.hazard_steps import assign, check, fix, hazard_row, photos, report, steps
from tests.e2e.test_verify import drop_triggers, sql
from tests.e2e.test_verify_hardening import forge_tail_event

BEFORE, AFTER = b"\xff\xd8 exposed wires", b"\xff\xd8 a closed cover"


@dataclass
class Played:
    day: SchoolDay
    engine: Engine
    data_dir: Path
    hazard_id: int


@pytest.fixture
async def played(day: SchoolDay, linked: dict[str, Persona]) -> Played:
    zhou, li, wang, chen = (linked[k] for k in ("zhou", "li", "wang", "chen"))
    hazard_id = await report(
        day, zhou, "配电箱盖板脱落", place="实验楼", photo=BEFORE, category="用电安全"
    )
    await assign(day, li, hazard_id, "王老师", "3 天内")
    await fix(day, wang, hazard_id, "装回盖板并上锁", AFTER)
    await check(day, chen, hazard_id, "复查合格")
    return Played(day, day.services.engine, day.services.data_dir, hazard_id)


def findings(played: Played) -> list[str]:
    return [f.what for f in verify(played.engine, played.data_dir).findings]


async def test_an_untouched_hazard_verifies_with_every_step_an_event(played: Played) -> None:
    """Every hazard step is in the chain, and the tables and photos are what it says."""
    assert findings(played) == []
    with Session(played.engine) as session:
        kinds = {k for (k,) in session.execute(text("SELECT kind FROM event"))}
    assert {
        "hazard.drafted",
        "hazard.opened",
        "hazard.assigned",
        "hazard.input",
        "hazard.fix_noted",
        "hazard.fixed",
        "hazard.closed",
    } <= kinds


TAMPERS: dict[str, tuple[str, str]] = {
    "state rewritten": (
        "UPDATE hazard SET state = 'open', verified_by = NULL WHERE id = {h}",
        r"hazard {h}: state is 'open', the record says 'closed'",
    ),
    "verified by the owner": (
        "UPDATE hazard SET verified_by = owner WHERE id = {h}",
        r"hazard {h}: verified_by is 'wang', the record says 'chen'",
    ),
    "deadline moved": (
        "UPDATE hazard SET deadline = '2026-12-31' WHERE id = {h}",
        r"hazard {h}: deadline is",
    ),
    "fix note edited": (
        "UPDATE hazard SET fix_note = '已彻底更换' WHERE id = {h}",
        r"hazard {h}: fix_note is '已彻底更换', the record says '装回盖板并上锁'",
    ),
    "timeline step deleted": (
        "DELETE FROM hazard_step WHERE hazard_id = {h} AND action = 'assigned'",
        r"hazard_step \d+ is gone",
    ),
    "timeline actor rewritten": (
        "UPDATE hazard_step SET actor = 'li' WHERE hazard_id = {h} AND action = 'closed'",
        r"hazard_step \d+: actor is 'li', the record says 'chen'",
    ),
    "photo row deleted": (
        "DELETE FROM hazard_photo WHERE hazard_id = {h} AND kind = 'after'",
        r"hazard_photo \d+ is gone",
    ),
    "hazard added": (
        "INSERT INTO hazard (state, description, place, category, level, reported_by, "
        "reported_at, cycle, ladder, rung, chases) VALUES ('closed', 'x', 'y', 'other', "
        "'general', 'zhou', '2026-12-01 01:00:00', 0, '[]', 0, 0)",
        r"hazard \d+ is not in the record \(added\)",
    ),
}


@pytest.mark.parametrize("name", sorted(TAMPERS))
async def test_a_hazard_row_changed_behind_the_bot_is_named(played: Played, name: str) -> None:
    """Each tamper is caught and named by its table, row and column."""
    import re

    statement, expected = TAMPERS[name]
    h = played.hazard_id
    drop_triggers(played.engine)
    sql(played.engine, statement.format(h=h))
    found = findings(played)
    assert any(re.search(expected.format(h=h), f) for f in found), found


async def test_a_changed_or_missing_photo_file_is_reported(played: Played) -> None:
    """The after-photo edited on disk, the before-photo deleted: both named."""
    before, after = photos(played.day, played.hazard_id)
    assert before.path and after.path
    (played.data_dir / after.path).write_bytes(b"\xff\xd8 a photo of something else")
    (played.data_dir / before.path).unlink()
    found = findings(played)
    assert f"photo {after.id} of hazard {played.hazard_id} was changed: " in " ".join(found)
    assert f"photo {before.id} of hazard {played.hazard_id} is missing: " in " ".join(found)


async def test_a_forged_event_reopening_nothing_the_rules_allow_is_caught(played: Played) -> None:
    """A correctly hashed event moving a closed hazard back to open: no rule allows it."""
    h = played.hazard_id
    sql(played.engine, f"UPDATE hazard SET state = 'open' WHERE id = {h}")
    forge_tail_event(played.engine, [{"t": "hazard", "id": h, "set": {"state": "open"}}], hazard=h)
    found = findings(played)
    assert any(f"moves hazard {h} from 'closed' to 'open'" in f for f in found), found


async def test_photos_past_their_retention_are_removed_on_the_record(played: Played) -> None:
    """Three years after closing, the tick deletes the photos and records it; verify is
    satisfied (they are gone on purpose), and the timeline says so."""
    config = played.day.services.config
    closed_at = hazard_row(played.day, played.hazard_id).closed_at
    assert closed_at is not None
    early = closed_at + timedelta(days=config.hazards.photo_retention_days - 1)
    late = closed_at + timedelta(days=config.hazards.photo_retention_days + 1)
    with Session(played.engine) as session:
        assert (
            hazard_chase.expire_photos(session, config=config, data_dir=played.data_dir, now=early)
            == 0
        )
        assert (
            hazard_chase.expire_photos(session, config=config, data_dir=played.data_dir, now=late)
            == 2
        )
    kept = photos(played.day, played.hazard_id)
    assert all(p.removed_at is not None for p in kept)
    assert not [p for p in kept if p.path and (played.data_dir / p.path).exists()]
    assert steps(played.day, played.hazard_id)[-1] == ("photos_expired", "system")
    assert findings(played) == []
