"""Telegram is told to forget an update only once the bot has handled it (``bot.updates``).

Otherwise a crash in between loses the update for good: the tap was taken from Telegram,
never recorded, never answered. Tuesday 1 December 2026, the example school.
"""

from __future__ import annotations

import asyncio

from sqlmodel import select

from safeduty.storage.tables import Occurrence
from tests.conftest import Persona, SchoolDay


async def test_a_tap_is_confirmed_to_telegram_only_after_it_was_handled(
    day: SchoolDay, linked: dict[str, Persona]
) -> None:
    """While the tap's handler still works (a slow answer), Telegram keeps the update."""
    tg, zhang = day.telegram, linked["zhang"]
    await day.at("07:20")
    reminder = tg.last(zhang.chat_id)
    await tg.wait_handled()
    tg.fail("answerCallbackQuery", "slow", delay=1.5)
    query = tg.tap(zhang.user, reminder, reminder.button("全部正常")["callback_data"])
    tap = tg.newest
    await asyncio.sleep(0.7)
    assert tg.calls_of("answerCallbackQuery") and query not in tg.callback_answers  # in it
    assert tg.handed_out == tap and tg.confirmed < tap  # a crash now: Telegram sends it again
    await tg.wait_answer(query)
    await tg.wait_handled()
    assert tg.confirmed == tap
    with day.services.session() as session:
        found = select(Occurrence).where(
            Occurrence.duty_id == "gate", Occurrence.state != "planned"
        )
        gate = session.exec(found).one()
    assert gate.state == "answered"


async def test_taps_in_one_batch_are_each_handled_before_any_is_confirmed(
    day: SchoolDay, linked: dict[str, Persona]
) -> None:
    """Two quick taps fetched together: neither is confirmed while the first is handled."""
    tg, zhang = day.telegram, linked["zhang"]
    await day.at("07:20")
    reminder = tg.last(zhang.chat_id)
    await tg.wait_handled()
    tg.fail("editMessageText", "slow", delay=1.5)
    first = tg.tap(zhang.user, reminder, reminder.button("1. 小门")["callback_data"])
    second = tg.tap(zhang.user, reminder, reminder.button("2. 访客")["callback_data"])
    await asyncio.sleep(0.7)
    assert tg.calls_of("editMessageText") and first not in tg.callback_answers
    assert tg.handed_out == tg.newest and tg.confirmed < tg.newest - 2  # not even the first
    await tg.wait_answer(first)
    await tg.wait_answer(second)
    await tg.wait_handled()
    marks = [b["text"][0] for b in tg.chat(zhang.chat_id)[-1].buttons[1:3]]
    assert marks == ["✅", "✅"]
