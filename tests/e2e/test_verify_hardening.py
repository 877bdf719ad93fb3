# ruff: noqa: F811, S608  (fixture imported from test_verify; tamper SQL built in tests)
"""Harder tampering, found by an adversarial review: forged events appended without
dropping a trigger, records numbered 0, rewritten invites, a school upgraded from before
the chain, and a verify that must never write to the database it checks."""

from __future__ import annotations

import shutil
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from alembic import command
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, text
from sqlmodel import Session

from safeduty.cli import main
from safeduty.commands.process import adopt_unrecorded
from safeduty.storage import chain
from safeduty.storage.db import alembic_config, make_engine, migrate
from safeduty.verify import verify
from tests.conftest import BACKENDS, EXAMPLE, POSTGRES_URL
from tests.e2e.test_verify import (  # noqa: F401  # `recorded` is a fixture
    Recorded,
    cli_url,
    recorded,
    sql,
)

NOW = datetime(2026, 12, 2, 1, 0, tzinfo=UTC)


def forge_tail_event(engine: Engine, changes: list[dict[str, object]], **facts: object) -> int:
    """Append one well-formed event (INSERT is not refused by any trigger) and move the head.

    Returns the new event's number. No trigger has to be dropped: the triggers forbid
    UPDATE/DELETE on ``event`` only, and ``chain_head`` has none.
    """
    with engine.begin() as conn:
        seq, parent = conn.execute(text("SELECT seq, hash FROM chain_head WHERE id = 1")).one()
        body = chain.canonical({**facts, "changes": changes})
        at = NOW
        digest = chain.record_hash(
            seq=seq + 1, at=at, actor="system", kind="item.marked", payload=body, prev_hash=parent
        )
        conn.execute(
            text(
                "INSERT INTO event (seq, at, actor, kind, payload, prev_hash, hash) "
                "VALUES (:s, :at, 'system', 'item.marked', :p, :prev, :h)"
            ),
            {
                "s": seq + 1,
                "at": at if engine.dialect.name != "sqlite" else "2026-12-02 01:00:00.000000",
                "p": body,
                "prev": parent,
                "h": digest,
            },
        )
        conn.execute(
            text("UPDATE chain_head SET seq = :s, hash = :h WHERE id = 1"),
            {"s": seq + 1, "h": digest},
        )
    return seq + 1


# --- F1 ---------------------------------------------------------------------------------


async def test_a_forged_event_for_a_move_the_rules_forbid_is_caught(recorded: Recorded) -> None:
    """An answered duty made missed by a correctly hashed event appended after it: no rule allows that move."""
    engine = recorded.engine
    with engine.connect() as conn:
        occ_id = conn.execute(
            text("SELECT id FROM occurrence WHERE duty_id = 'gate' AND state = 'answered'")
        ).scalar_one()
        answer_id = conn.execute(
            text("SELECT id FROM item_answer WHERE occurrence_id = :o AND ok = false"),
            {"o": occ_id},
        ).scalar_one()
    sql(
        engine,
        f"UPDATE occurrence SET state = 'missed', answered_by = NULL WHERE id = {occ_id}",
        f"UPDATE item_answer SET ok = true, note = NULL WHERE id = {answer_id}",
    )
    forge_tail_event(
        engine,
        [
            {"t": "occurrence", "id": occ_id, "set": {"state": "missed", "answered_by": None}},
            {"t": "item_answer", "id": answer_id, "set": {"ok": True, "note": None}},
        ],
        occurrence=occ_id,
    )
    report = verify(engine, recorded.data_dir)
    assert report.locate(recorded.kept_head) is not None  # --head is satisfied as well
    assert not report.ok, "an answered duty became missed and its problem vanished; verify OK"


# --- F2 ---------------------------------------------------------------------------------


async def test_an_event_inserted_with_number_zero_is_caught(recorded: Recorded) -> None:
    """The triggers allow INSERT; a record numbered 0 is still walked and named."""
    before = verify(recorded.engine, recorded.data_dir)
    assert before.ok
    with recorded.engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO event (seq, at, actor, kind, payload, prev_hash, hash) "
                "VALUES (0, :at, 'chen', 'occurrence.answered', '{\"changes\":[]}', :p, :h)"
            ),
            {
                "at": "2026-12-01 00:00:00" if recorded.engine.dialect.name == "sqlite" else NOW,
                "p": "f" * 64,
                "h": "e" * 64,
            },
        )
        assert conn.execute(text("SELECT count(*) FROM event")).scalar_one() == before.count + 1
    after = verify(recorded.engine, recorded.data_dir)
    assert not after.ok, f"an extra event row was inserted; verify says {after.count} records, OK"


# --- F3 ---------------------------------------------------------------------------------


async def test_invite_rows_rewritten_behind_the_bot_are_caught(recorded: Recorded) -> None:
    """Invites are in the chain (their codes only as hashes): who it was for, who used it."""
    sql(
        recorded.engine,
        "UPDATE invite SET used_by = 999, staff_id = 'wang' WHERE staff_id = 'zhang'",
        "DELETE FROM invite WHERE staff_id = 'chen'",
    )
    assert not verify(recorded.engine, recorded.data_dir).ok


# --- F4: upgrading a school from before 0004 ----------------------------------------------


@pytest.fixture(params=BACKENDS)
def engine_0003(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    """A database at revision 0003 (before the chain) with a day's worth of rows in it."""
    schema = None
    if request.param == "sqlite":
        engine = make_engine(f"sqlite:///{tmp_path / 'old.db'}")
    else:
        assert POSTGRES_URL is not None
        schema = f"p_{uuid.uuid4().hex[:12]}"
        admin = make_engine(POSTGRES_URL)
        with admin.begin() as conn:
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
        engine = make_engine(POSTGRES_URL, schema=schema)
    command.upgrade(alembic_config(engine), "0003")
    t = "2026-11-30 00:00:00" if request.param == "sqlite" else "2026-11-30 00:00:00+00"
    sql(
        engine,
        "INSERT INTO staff_link (staff_id, telegram_user_id, chat_id, linked_at) "
        f"VALUES ('zhang', 1006, 1006, '{t}')",
        "INSERT INTO occurrence (id, duty_id, duty_name, day, assignee, remind_at, deadline, "
        "closes_at, checklist, ladder, state, next_step, late, created_at) VALUES "
        f"(1, 'gate', 'Gate', '2026-11-30', 'zhang', '{t}', '{t}', '{t}', '[\"a\"]', '[]', "
        f"'answered', 2, false, '{t}')",
        "INSERT INTO item_answer (id, occurrence_id, item, ok, answered_at) "
        f"VALUES (1, 1, 0, true, '{t}')",
        "INSERT INTO delivery (id, key, occurrence_id, kind, recipient, due_at, status, "
        f"attempts, late) VALUES (1, 'o1:reminder:0:zhang', 1, 'reminder', 'zhang', '{t}', "
        "'sent', 1, false)",
        f"INSERT INTO process_start (id, started_at) VALUES (1, '{t}')",
    )
    yield engine
    engine.dispose()
    if schema is not None:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def test_a_school_upgraded_from_before_the_chain_verifies_once_adopted(
    engine_0003: Engine, tmp_path: Path
) -> None:
    """Rows written before the chain are adopted once, as they were; then verify passes."""
    migrate(engine_0003)
    with Session(engine_0003) as session:
        adopt_unrecorded(session, now=NOW)  # what open_database does on the next start
    report = verify(engine_0003, tmp_path)
    assert report.ok, [f.what for f in report.findings]


# --- F5: verify is not read-only ---------------------------------------------------------


def test_verify_refuses_an_old_schema_and_writes_nothing(
    engine_0003: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """verify only reads: an old schema is refused (exit 2), not migrated."""
    config = tmp_path / "config.toml"
    shutil.copy(EXAMPLE, config)
    monkeypatch.setenv("SAFEDUTY_DATABASE_URL", cli_url(engine_0003))
    assert main(["verify", "--config", str(config)]) == 2
    with engine_0003.connect() as conn:
        assert MigrationContext.configure(conn).get_current_revision() == "0003"
