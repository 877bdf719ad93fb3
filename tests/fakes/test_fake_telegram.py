"""The fake Bot API itself: it must catch spec violations and inject faults faithfully."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import httpx
import pytest
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TimedOut
from telegram.request import HTTPXRequest

from safeduty.testing.botapi_spec import check_request
from safeduty.testing.fake_telegram import FakeTelegram


@pytest.fixture
async def fake() -> FakeTelegram:  # type: ignore[misc]
    async with FakeTelegram() as server:
        yield server  # type: ignore[misc]


def bot_for(fake: FakeTelegram) -> Bot:
    return Bot(fake.token, base_url=f"{fake.root}/bot", base_file_url=f"{fake.root}/file/bot")


def test_spec_check_accepts_a_valid_send() -> None:
    """A plain sendMessage with an inline keyboard is valid."""
    markup = '{"inline_keyboard": [[{"text": "OK", "callback_data": "v1:a:1"}]]}'
    assert (
        check_request("sendMessage", {"chat_id": "1", "text": "hi", "reply_markup": markup}) == []
    )


@pytest.mark.parametrize(
    ("method", "params", "problem"),
    [
        ("sendMessage", {"chat_id": "1"}, "sendMessage.text: required"),
        ("sendMessage", {"chat_id": "1", "text": ""}, "0 characters, allowed 1-4096"),
        ("sendMessage", {"chat_id": "1", "text": "x" * 4097}, "4097 characters"),
        ("sendMessage", {"chat_id": "abc", "text": "x", "colour": "red"}, "not a parameter"),
        ("sendMessage", {"chat_id": "1", "text": "a & b", "parse_mode": "HTML"}, "unescaped '&'"),
        ("sendMessage", {"chat_id": "1", "text": "<b>x", "parse_mode": "HTML"}, "unclosed <b>"),
        ("sendMessage", {"chat_id": "1.5", "text": "x"}, "expected Integer or @username"),
        (
            "sendMessage",
            {
                "chat_id": "1",
                "text": "x",
                "reply_markup": '{"inline_keyboard": [[{"text": "t", "callback_data": "'
                + "d" * 65
                + '"}]]}',
            },
            "callback_data: 65 bytes",
        ),
        (
            "sendMessage",
            {
                "chat_id": "1",
                "text": "x",
                "reply_markup": '{"inline_keyboard": [[{"callback_data": "a"}]]}',
            },
            "text: required",
        ),
        ("editMessageText", {"text": "x"}, "editMessageText.chat_id: required"),
        ("sendMesage", {"chat_id": "1", "text": "x"}, "no such Bot API method"),
        (
            "answerCallbackQuery",
            {"callback_query_id": "1", "show_alert": "maybe"},
            "expected Boolean",
        ),
    ],
)
def test_spec_check_catches_violations(method: str, params: dict[str, str], problem: str) -> None:
    """Missing, unknown, mistyped and over-long parameters are all reported."""
    problems = check_request(method, params)
    assert any(problem in p for p in problems), problems


async def test_violation_is_recorded_even_when_the_client_swallows_it(fake: FakeTelegram) -> None:
    """The server answers 400 and keeps the violation for the test to fail on."""
    fake.user(1, "A")
    async with bot_for(fake) as bot:
        button = InlineKeyboardButton("t", callback_data="x" * 65)
        with pytest.raises(BadRequest):
            await bot.send_message(1, "hello", reply_markup=InlineKeyboardMarkup([[button]]))
    assert any("callback_data: 65 bytes" in v for v in fake.violations)
    fake.violations.clear()


async def test_messages_and_edits_are_kept_per_chat(fake: FakeTelegram) -> None:
    """Tests read each chat's messages in order, as they stand after edits."""
    fake.user(1, "A")
    async with bot_for(fake) as bot:
        first = await bot.send_message(1, "one")
        await bot.send_message(1, "two")
        await bot.edit_message_text("one, edited", chat_id=1, message_id=first.message_id)
    assert [m.text for m in fake.chat(1)] == ["one, edited", "two"]
    assert fake.chat(1)[0].edits == 1


async def test_unknown_chat_is_not_found(fake: FakeTelegram) -> None:
    """A user the bot never met cannot be messaged, as on real Telegram."""
    async with bot_for(fake) as bot:
        with pytest.raises(BadRequest, match=r"(?i)chat not found"):
            await bot.send_message(424242, "hi")


async def test_faults_flood_server_blocked_drop(fake: FakeTelegram) -> None:
    """Each injected fault surfaces as the error python-telegram-bot raises for it."""
    fake.user(1, "A")
    fake.fail("sendMessage", "flood", retry_after=3)
    fake.fail("sendMessage", "server")
    fake.fail("sendMessage", "blocked")
    fake.fail("sendMessage", "drop")
    async with bot_for(fake) as bot:
        with pytest.raises(RetryAfter) as flood:
            await bot.send_message(1, "x")
        assert flood.value.retry_after == timedelta(seconds=3)
        with pytest.raises(NetworkError):
            await bot.send_message(1, "x")
        with pytest.raises(Forbidden, match="blocked"):
            await bot.send_message(1, "x")
        with pytest.raises(NetworkError):
            await bot.send_message(1, "x")
        assert (await bot.send_message(1, "finally")).text == "finally"


async def test_injected_photo_can_be_downloaded(fake: FakeTelegram) -> None:
    """A photo a user sent is served through getFile and the file path."""
    user = fake.user(1, "A")
    file_id = fake.send_photo(user, b"\x89PNG fake bytes")
    async with bot_for(fake) as bot:
        tg_file = await bot.get_file(file_id)
        assert bytes(await tg_file.download_as_bytearray()) == b"\x89PNG fake bytes"


async def test_server_listens_on_loopback_only(fake: FakeTelegram) -> None:
    """The fake binds 127.0.0.1 and rejects a wrong token."""
    assert fake.root.startswith("http://127.0.0.1:")
    async with httpx.AsyncClient() as client:
        response = await client.post(f"{fake.root}/bot999:wrong/getMe")
    assert response.status_code == 401


async def test_a_message_keeps_what_was_first_sent_after_edits(fake: FakeTelegram) -> None:
    """``sent_text`` and ``sent_markup`` hold the message as it arrived, whatever edits came."""
    fake.user(1, "A")
    markup = InlineKeyboardMarkup([[InlineKeyboardButton("t", callback_data="d")]])
    async with bot_for(fake) as bot:
        first = await bot.send_message(1, "one", reply_markup=markup)
        await bot.edit_message_text("one, edited", chat_id=1, message_id=first.message_id)
    shown = fake.chat(1)[0]
    assert (shown.text, shown.reply_markup) == ("one, edited", None)
    assert shown.sent_text == "one"
    assert shown.sent_markup == {"inline_keyboard": [[{"text": "t", "callback_data": "d"}]]}


async def test_hang_times_out_and_delivers_nothing(fake: FakeTelegram) -> None:
    """``hang``: the client gives up waiting, and unlike ``late`` nothing arrived."""
    fake.user(1, "A")
    fake.fail("sendMessage", "hang", delay=1.0)
    request = HTTPXRequest(read_timeout=0.3)
    bot = Bot(fake.token, base_url=f"{fake.root}/bot", request=request)
    async with bot:
        with pytest.raises(TimedOut):
            await bot.send_message(1, "lost")
        await asyncio.sleep(1.0)  # the fake is done waiting
        await bot.send_message(1, "next")
    assert [m.text for m in fake.chat(1)] == ["next"]
    assert fake.injected == {"hang": 1}


async def outcomes(seed: int) -> list[str]:
    """Send 40 messages to a fake in chaos (half of them fail with 5xx); name each outcome."""
    async with FakeTelegram() as fake:
        fake.user(1, "A")
        fake.chaos(rate=0.5, kinds=("server",), seed=seed)
        seen = []
        async with bot_for(fake) as bot:
            for n in range(40):
                try:
                    await bot.send_message(1, f"m{n}")
                    seen.append("ok")
                except NetworkError:
                    seen.append("5xx")
            with pytest.raises(BadRequest):  # still checked against the spec, first
                await bot.send_message(1, "")
        assert fake.injected["server"] == seen.count("5xx")
        assert len(fake.violations) == 1
        fake.chaos(rate=0)
        async with bot_for(fake) as bot:
            await bot.send_message(1, "calm")
    return seen


async def test_chaos_fails_a_seeded_share_of_the_sends() -> None:
    """The same seed fails the same calls; another seed others; the share is about the rate."""
    first, again, other = await outcomes(1), await outcomes(1), await outcomes(2)
    assert first == again
    assert first != other
    assert 10 <= first.count("5xx") <= 30


async def test_a_chaos_flood_is_a_burst_of_429s(fake: FakeTelegram) -> None:
    """A flood answers that call and the next few of the method with 429 retry_after."""
    fake.user(1, "A")
    fake.chaos(rate=1.0, kinds=("flood",), seed=3, burst=3)
    async with bot_for(fake) as bot:
        with pytest.raises(RetryAfter):
            await bot.send_message(1, "x")
        fake.chaos(rate=0)
        floods = 1
        while True:
            try:
                await bot.send_message(1, "x")
                break
            except RetryAfter:
                floods += 1
    assert 1 <= floods <= 3
    assert fake.injected == {"flood": floods}
