"""The evidence chain on each backend: appends from two writers at once never fork it."""

from __future__ import annotations

import threading
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Engine
from sqlmodel import Session

from safeduty.commands.process import config_loaded
from safeduty.storage import chain
from safeduty.storage.db import make_engine
from safeduty.verify import verify

NOW = datetime(2026, 12, 1, tzinfo=UTC)
PER_WRITER = 60


def second_engine(engine: Engine) -> Engine:
    """Another pool of connections to the same database, as a second process would have."""
    options = {}
    if engine.dialect.name == "postgresql":
        with engine.connect() as conn:
            options["schema"] = conn.exec_driver_sql("SHOW search_path").scalar_one()
    return make_engine(engine.url.render_as_string(hide_password=False), **options)


def test_two_writers_appending_at_once_keep_one_chain(engine: Engine, tmp_path: Path) -> None:
    """Both writers' events all land, numbered 1..N with no gap and no fork."""
    other = second_engine(engine)
    start, errors = threading.Barrier(2), []

    def write(target: Engine) -> None:
        start.wait()
        try:
            for _ in range(PER_WRITER):
                with Session(target) as session:  # appends an event and writes no row first
                    config_loaded(
                        session,
                        path=Path("school.toml"),
                        sha256="0" * 64,
                        reloaded=True,
                        actor="admin",
                        now=NOW,
                    )
        except Exception as exc:  # any failure is the test's finding
            errors.append(exc)

    threads = [threading.Thread(target=write, args=(e,)) for e in (engine, other)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    other.dispose()
    assert errors == []
    report = verify(engine, tmp_path)
    assert report.findings == []
    assert report.count == 2 * PER_WRITER
    with Session(engine) as session:
        seqs = [e.seq for e in chain.walk(session)]
        assert chain.head(session).seq == 2 * PER_WRITER
    assert seqs == list(range(1, 2 * PER_WRITER + 1))


def test_hashes_cover_every_field() -> None:
    """Changing any part of a record, or its parent, changes its hash."""
    base = {
        "seq": 1,
        "at": NOW,
        "actor": "zhang",
        "kind": "item.marked",
        "payload": '{"a":1}',
        "prev_hash": chain.GENESIS,
    }
    digest = chain.record_hash(**base)  # type: ignore[arg-type]
    changes = {
        "seq": 2,
        "at": NOW.replace(microsecond=1),
        "actor": "wang",
        "kind": "item.marked2",
        "payload": '{"a":2}',
        "prev_hash": "1" * 64,
    }
    for field, value in changes.items():
        assert chain.record_hash(**{**base, field: value}) != digest, field  # type: ignore[arg-type]


def test_canonical_json_is_one_spelling() -> None:
    """Key order and spacing do not change the bytes that are hashed."""
    assert chain.canonical({"b": 1, "a": [NOW]}) == chain.canonical({"a": [NOW], "b": 1})
    assert chain.canonical({"名": "张"}) == '{"名":"张"}'
