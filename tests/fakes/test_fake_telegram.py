"""The fake Bot API itself: it must catch spec violations and inject faults faithfully."""

from __future__ import annotations

from datetime import timedelta

import httpx
import pytest
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter

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
