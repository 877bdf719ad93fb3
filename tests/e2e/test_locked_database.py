"""A tap while another process holds the database's write lock is waited out, not lost."""

from __future__ import annotations

import asyncio
import sqlite3
import time
from collections.abc import Callable
from datetime import date

from sqlalchemy import Engine, text
from sqlmodel import select

from safeduty.storage.tables import Occurrence
from safeduty.texts import t
from tests.conftest import Persona, SchoolDay

ZH = "zh-CN"


def hold_write_lock(engine: Engine) -> Callable[[], None]:
    """Take the database's write lock from a second connection, as another process would."""
    if engine.dialect.name == "sqlite":
        path = engine.url.database
        assert path is not None
        raw = sqlite3.connect(path, isolation_level=None)
        raw.execute("BEGIN IMMEDIATE")  # the writer's lock: readers go on, writers wait

        def release_sqlite() -> None:
            raw.execute("ROLLBACK")
            raw.close()

        return release_sqlite
    conn = engine.connect()
    conn.execute(text("LOCK TABLE chain_head IN EXCLUSIVE MODE"))  # every command's first write

    def release_postgres() -> None:
        conn.rollback()
        conn.close()

    return release_postgres


def gate_state(day: SchoolDay) -> str:
    with day.services.session() as session:
        occ = session.exec(
            select(Occurrence).where(
                Occurrence.duty_id == "gate", Occurrence.day == date(2026, 12, 1)
            )
        ).one()
    return occ.state


async def test_a_tap_during_a_six_second_lock_is_recorded_when_the_lock_goes(
    day: SchoolDay, linked: dict[str, Persona]
) -> None:
    """Longer than one statement's lock wait: the handler tries again without blocking."""
    zhang, tg = linked["zhang"], day.telegram
    await day.at("07:20")
    reminder = tg.last(zhang.chat_id)
    release = hold_write_lock(day.services.engine)
    loop = asyncio.get_running_loop()
    loop.call_later(6.0, release)
    started = time.monotonic()
    answer = await tg.press(zhang.user, reminder, "全部正常", timeout=20)
    assert time.monotonic() - started >= 6.0  # it really waited for the lock to go
    assert answer.get("text") != t(ZH, "not_recorded")
    assert gate_state(day) == "answered"
    assert "已提交" in (tg.last(zhang.chat_id).text or "")


async def test_a_lock_held_past_the_bots_patience_tells_the_teacher_to_tap_again(
    day: SchoolDay, linked: dict[str, Persona]
) -> None:
    """Past ``db_patience`` the person hears "not recorded" at once; the next tap records."""
    zhang, tg = linked["zhang"], day.telegram
    await day.at("07:20")
    reminder = tg.last(zhang.chat_id)
    day.services.db_patience = 2.0
    release = hold_write_lock(day.services.engine)
    try:
        answer = await tg.press(zhang.user, reminder, "全部正常", timeout=20)
    finally:
        release()
    assert answer["text"] == t(ZH, "not_recorded") and answer["show_alert"]
    assert gate_state(day) == "reminded"
    await tg.press(zhang.user, reminder, "全部正常", timeout=20)
    assert gate_state(day) == "answered"
