"""``safeduty verify`` on a school day played over HTTP, then tampered with behind the bot.

Each tamper first drops the database's own append-only triggers, as someone with file
access could; the chain and the replayed state must still catch it and name the record.
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.exc import DBAPIError

from safeduty.cli import main
from safeduty.storage import chain
from safeduty.verify import verify
from tests.conftest import EXAMPLE, POSTGRES_URL, Persona, SchoolDay


@dataclass
class Recorded:
    """A played day: the engine, the photo folder and the head the principal was sent."""

    day: SchoolDay
    engine: Engine
    data_dir: Path
    kept_head: str  # the short hash at the end of the daily summary, as chen has it


async def play(day: SchoolDay, linked: dict[str, Persona]) -> str:
    """Gate: a problem with a note and a photo; canteen all clear; inspection silent."""
    tg = day.telegram
    zhang, wu, chen = linked["zhang"], linked["wu"], linked["chen"]
    await day.at("07:20")
    msg = tg.last(zhang.chat_id)
    for label in ("1. 小门", "1. 小门", "2. 访客", "3. 家长"):
        await tg.press(zhang.user, msg, label)
    await tg.press(zhang.user, msg, "提交")
    await tg.wait_for(lambda: "回复" in (tg.last(zhang.chat_id).text or ""))
    tg.send_text(zhang.user, "小门锁扣坏了")
    await tg.wait_message(zhang.chat_id)
    tg.send_photo(zhang.user, b"\xff\xd8 the broken latch")
    await tg.wait_for(lambda: "已上报" in (tg.last(zhang.chat_id).text or ""))
    await day.at("11:30")
    await tg.press(wu.user, tg.last(wu.chat_id), "全部正常")
    for hhmm in ("15:30", "17:00", "17:30"):
        await day.at(hhmm)
    summary = next(m.text or "" for m in tg.chat(chen.chat_id) if "值班汇总" in (m.text or ""))
    found = re.search(r"共 (\d+) 条，头 ([0-9a-f]{12})", summary)
    assert found, summary
    return found[2]


@pytest.fixture
async def recorded(day: SchoolDay, linked: dict[str, Persona]) -> Recorded:
    kept = await play(day, linked)
    return Recorded(day, day.services.engine, day.services.data_dir, kept)


def drop_triggers(engine: Engine) -> None:
    """What someone with access to the database file or server can always do."""
    with engine.begin() as conn:
        if engine.dialect.name == "sqlite":
            conn.execute(text("DROP TRIGGER event_no_update"))
            conn.execute(text("DROP TRIGGER event_no_delete"))
        else:
            conn.execute(text("DROP TRIGGER event_no_change ON event"))
            conn.execute(text("DROP TRIGGER event_no_truncate ON event"))


def sql(engine: Engine, *statements: str) -> None:
    with engine.begin() as conn:
        for statement in statements:
            result = conn.exec_driver_sql(statement)
            assert getattr(result, "rowcount", 1) != 0, f"tamper changed nothing: {statement}"


def first_finding(recorded: Recorded) -> str:
    report = verify(recorded.engine, recorded.data_dir)
    assert not report.ok
    return report.findings[0].what


async def test_an_untouched_day_verifies_and_its_summary_head_is_in_the_chain(
    recorded: Recorded,
) -> None:
    """Every event hashes, the tables are what the events say, the photo is intact."""
    report = verify(recorded.engine, recorded.data_dir)
    assert report.findings == []
    assert report.count > 40
    assert report.locate(recorded.kept_head) is not None
    kinds = {e.kind for e in _events(recorded.engine)}
    assert {"occurrence.answered", "problem.noted", "problem.photo", "delivery.sent"} <= kinds


def _events(engine: Engine) -> list[chain.Event]:
    from sqlmodel import Session

    with Session(engine) as session:
        return list(chain.walk(session))


async def test_the_database_refuses_to_change_or_delete_events(recorded: Recorded) -> None:
    """The triggers stand in the way of anyone who does not drop them first."""
    for statement in ("UPDATE event SET actor = 'x' WHERE seq = 1", "DELETE FROM event"):
        with pytest.raises(DBAPIError, match="append-only"), recorded.engine.begin() as conn:
            conn.execute(text(statement))
    assert verify(recorded.engine, recorded.data_dir).ok


TAMPERS: dict[str, tuple[list[str], str]] = {
    "event edited": (
        [
            "UPDATE event SET payload = replace(payload, '\"late\":false', '\"late\":true') "
            "WHERE kind = 'occurrence.answered'"
        ],
        r"record \d+ \(occurrence.answered\) was altered",
    ),
    "event deleted": (
        ["DELETE FROM event WHERE seq = 20"],
        r"record 20 is missing",
    ),
    "answer note edited": (
        ["UPDATE item_answer SET note = '一切正常' WHERE note IS NOT NULL"],
        r"item_answer \d+: note is '一切正常', the record says '小门锁扣坏了'",
    ),
    "answer ok flipped": (
        ["UPDATE item_answer SET ok = true WHERE ok = false"],
        r"item_answer \d+: ok is True, the record says False",
    ),
    "occurrence state edited": (
        ["UPDATE occurrence SET state = 'answered' WHERE duty_id = 'inspection'"],
        r"occurrence \d+: state is 'answered', the record says 'reminded'",
    ),
    "occurrence deleted": (
        [
            "DELETE FROM delivery WHERE occurrence_id IN "
            "(SELECT id FROM occurrence WHERE duty_id = 'canteen')",
            "DELETE FROM item_answer WHERE occurrence_id IN "
            "(SELECT id FROM occurrence WHERE duty_id = 'canteen')",
            "DELETE FROM occurrence WHERE duty_id = 'canteen'",
        ],
        r"(delivery|item_answer|occurrence) \d+ is gone",
    ),
    "delivery edited": (
        ["UPDATE delivery SET recipient = 'zhou' WHERE kind = 'escalation'"],
        r"delivery \d+: recipient is 'zhou', the record says 'chen'",
    ),
    "delivery deleted": (
        ["DELETE FROM delivery WHERE kind = 'problem'"],
        r"delivery \d+ is gone",
    ),
    "delivery added": (
        [
            "INSERT INTO delivery (key, kind, recipient, due_at, status, attempts, late, "
            "repeat, parts_sent) VALUES ('forged', 'reminder', 'zhang', "
            "'2026-12-01 00:00:00', 'sent', 1, false, false, 0)"
        ],
        r"delivery \d+ is not in the record \(added\)",
    ),
}


@pytest.mark.parametrize("tamper", list(TAMPERS))
async def test_tampering_is_caught_and_named(recorded: Recorded, tamper: str) -> None:
    """Each edit behind the bot's back fails verify, naming the record or row at fault."""
    drop_triggers(recorded.engine)
    statements, expected = TAMPERS[tamper]
    sql(recorded.engine, *statements)
    assert re.search(expected, first_finding(recorded)), first_finding(recorded)


async def test_a_changed_photo_is_caught(recorded: Recorded) -> None:
    """The photo's bytes must still hash to what its event recorded."""
    (photo,) = (recorded.data_dir / "photos").glob("*.jpg")
    photo.write_bytes(b"\xff\xd8 a nicer latch")
    assert "was changed" in first_finding(recorded)
    photo.unlink()
    assert "is missing" in first_finding(recorded)


def rewrite_history(engine: Engine) -> None:
    """Change the problem note in its event and its row, then recompute every later hash.

    The result is self-consistent: only a head kept outside the database can show it.
    """
    drop_triggers(engine)
    events = _events(engine)
    with engine.begin() as conn:
        parent = chain.GENESIS
        for event in events:
            payload, seq = event.payload.replace("小门锁扣坏了", "一切正常"), event.seq
            digest = chain.record_hash(
                seq=seq,
                at=event.at,
                actor=event.actor,
                kind=event.kind,
                payload=payload,
                prev_hash=parent,
            )
            conn.execute(
                text("UPDATE event SET payload = :p, prev_hash = :prev, hash = :h WHERE seq = :s"),
                {"p": payload, "prev": parent, "h": digest, "s": seq},
            )
            parent = digest
        conn.execute(text("UPDATE chain_head SET hash = :h"), {"h": parent})
        conn.execute(text("UPDATE item_answer SET note = '一切正常' WHERE note IS NOT NULL"))


async def test_a_rewritten_history_is_caught_by_the_head_the_principal_kept(
    recorded: Recorded,
) -> None:
    """Recomputed hashes fool the chain itself, not the head printed in the summary."""
    assert verify(recorded.engine, recorded.data_dir).locate(recorded.kept_head) is not None
    rewrite_history(recorded.engine)
    report = verify(recorded.engine, recorded.data_dir)
    assert report.ok  # consistent on its own: that is why a copy of the head lives elsewhere
    assert report.locate(recorded.kept_head) is None


async def test_a_chain_cut_short_is_caught(recorded: Recorded) -> None:
    """Removing the newest records (and the head row with them) loses the kept head."""
    drop_triggers(recorded.engine)
    report = verify(recorded.engine, recorded.data_dir)
    kept_seq = report.locate(recorded.kept_head)
    assert kept_seq is not None
    with recorded.engine.begin() as conn:
        conn.execute(text("DELETE FROM event WHERE seq >= :s"), {"s": kept_seq - 1})
        last = conn.execute(text("SELECT seq, hash FROM event ORDER BY seq DESC")).first()
        assert last is not None
        conn.execute(
            text("UPDATE chain_head SET seq = :s, hash = :h"), {"s": last[0], "h": last[1]}
        )
    after = verify(recorded.engine, recorded.data_dir)
    assert after.locate(recorded.kept_head) is None
    assert not after.ok  # the rows those records wrote no longer have their events


def cli_url(engine: Engine) -> str:
    """The database URL ``safeduty verify`` needs to open the test's database."""
    if engine.dialect.name == "sqlite":
        return str(engine.url)
    with engine.connect() as conn:
        schema = conn.execute(text("SHOW search_path")).scalar_one()
    assert POSTGRES_URL is not None
    return f"{POSTGRES_URL}?options=-csearch_path%3D{schema}"


async def test_the_verify_command_prints_the_head_and_fails_with_exit_1(
    recorded: Recorded,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Exit 0 with "N records, head HASH"; --head finds the kept head; tampering exits 1."""
    config = tmp_path / "config.toml"  # data_dir = "data" beside it: the test's photo folder
    shutil.copy(EXAMPLE, config)
    monkeypatch.setenv("SAFEDUTY_DATABASE_URL", cli_url(recorded.engine))

    def verify_cmd(*extra: str) -> int:
        return main(["verify", "--config", str(config), *extra])

    assert verify_cmd() == 0
    out = capsys.readouterr()
    count = verify(recorded.engine, recorded.data_dir).count
    assert re.fullmatch(rf"{count} records, head [0-9a-f]{{64}}\n", out.out)
    assert f"{count}/{count} records" in out.err
    assert verify_cmd("--head", recorded.kept_head) == 0
    assert "still in the chain" in capsys.readouterr().out
    assert verify_cmd("--head", "0123456789ab") == 1
    assert "is not in the chain" in capsys.readouterr().out
    drop_triggers(recorded.engine)
    sql(recorded.engine, "UPDATE occurrence SET state = 'missed' WHERE duty_id = 'gate'")
    assert verify_cmd() == 1
    assert capsys.readouterr().out.startswith("FAILED: occurrence ")
