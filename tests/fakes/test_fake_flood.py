"""The fake's optional flood limits and latency: off by default, faithful when asked for."""

from __future__ import annotations

import asyncio
import time
from datetime import timedelta

import httpx
import pytest
from telegram import Bot
from telegram.error import RetryAfter

from safeduty.testing.fake_flood import is_limited
from safeduty.testing.fake_telegram import FakeTelegram


@pytest.fixture
async def fake() -> FakeTelegram:  # type: ignore[misc]
    async with FakeTelegram() as server:
        yield server  # type: ignore[misc]


def bot_for(fake: FakeTelegram) -> Bot:
    return Bot(fake.token, base_url=f"{fake.root}/bot", base_file_url=f"{fake.root}/file/bot")


def test_only_what_puts_a_message_in_a_chat_is_limited() -> None:
    """Sends, edits, copies and forwards meet the limits; taps' answers and polling never do."""
    for method in ("sendMessage", "sendPhoto", "editMessageText", "copyMessage", "forwardMessage"):
        assert is_limited(method), method
    for method in ("answerCallbackQuery", "getUpdates", "getMe", "setMyCommands", "getFile"):
        assert not is_limited(method), method
    assert not is_limited("sendChatAction")


async def test_no_flood_limit_unless_asked(fake: FakeTelegram) -> None:
    """By default five quick messages to one chat all arrive."""
    fake.user(1, "A")
    async with bot_for(fake) as bot:
        for n in range(5):
            await bot.send_message(1, f"m{n}")
    assert len(fake.chat(1)) == 5


async def test_second_message_to_a_chat_within_a_second_is_429(fake: FakeTelegram) -> None:
    """1 message/s per chat: the second is answered 429 retry_after 1 and not delivered."""
    fake.user(1, "A")
    fake.user(2, "B")
    flood = fake.flood_limit(30)
    async with httpx.AsyncClient() as client:
        url = f"{fake.root}/bot{fake.token}/sendMessage"
        assert (await client.post(url, json={"chat_id": 1, "text": "one"})).status_code == 200
        refused = await client.post(url, json={"chat_id": 1, "text": "two"})
        other_chat = await client.post(url, json={"chat_id": 2, "text": "hi"})
    assert refused.status_code == 429
    assert refused.json() == {
        "ok": False,
        "error_code": 429,
        "description": "Too Many Requests: retry after 1",
        "parameters": {"retry_after": 1},
    }
    assert other_chat.status_code == 200
    assert [m.text for m in fake.chat(1)] == ["one"]
    assert (flood.refused["chat"], flood.refused_chats[1], flood.total) == (1, 1, 1)
    await asyncio.sleep(1.05)
    async with bot_for(fake) as bot:
        await bot.send_message(1, "two, a second later")
    assert len(fake.chat(1)) == 2


async def test_overall_bucket_refuses_beyond_the_rate(fake: FakeTelegram) -> None:
    """rate 4/s, burst 2: two sends to different chats pass, the third is 429 until refilled."""
    for n in range(1, 5):
        fake.user(n, str(n))
    flood = fake.flood_limit(4, burst=2, per_chat=0)
    async with bot_for(fake) as bot:
        await bot.send_message(1, "a")
        await bot.send_message(2, "b")
        with pytest.raises(RetryAfter) as refused:
            await bot.send_message(3, "c")
        assert refused.value.retry_after == timedelta(seconds=1)
        await bot.get_me()  # never limited
        await asyncio.sleep(0.3)  # 0.25 s gives one token at 4/s
        await bot.send_message(3, "c")
    assert fake.chat(3)[0].text == "c"
    assert flood.refused == {"overall": 1}


async def test_edits_count_per_chat_and_overall_only_when_asked(fake: FakeTelegram) -> None:
    """With the overall bucket empty an edit still passes, unless edits_overall is set."""
    fake.user(1, "A")
    fake.user(2, "B")
    async with bot_for(fake) as bot:
        first = await bot.send_message(1, "one")
        fake.flood_limit(1, burst=1, per_chat=0)
        await bot.send_message(2, "empties the overall bucket")
        await bot.edit_message_text("edited", chat_id=1, message_id=first.message_id)
        fake.flood_limit(1, burst=1, per_chat=0, edits_overall=True)
        await bot.send_message(2, "empties it again")
        with pytest.raises(RetryAfter):
            await bot.edit_message_text("edited again", chat_id=1, message_id=first.message_id)
        fake.flood_limit(100, per_chat=1)
        await bot.send_message(2, "fills chat 2's bucket")
        with pytest.raises(RetryAfter):
            await bot.edit_message_text("x", chat_id=2, message_id=fake.last(2).message_id)
    assert fake.chat(1)[0].text == "edited"


async def test_latency_delays_each_answer_without_blocking_the_others(fake: FakeTelegram) -> None:
    """latency 0.3 s: one request takes at least 0.3 s, ten at once well under 3 s."""
    fake.latency = 0.3
    async with bot_for(fake) as bot:
        started = time.monotonic()
        await bot.get_me()
        one = time.monotonic() - started
        started = time.monotonic()
        await asyncio.gather(*(bot.get_me() for _ in range(10)))
        ten = time.monotonic() - started
    assert one >= 0.3
    assert 0.3 <= ten < 1.0
