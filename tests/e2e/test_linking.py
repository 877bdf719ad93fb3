"""Linking a Telegram account to a staff member with /start CODE, over real HTTP."""

from __future__ import annotations

from datetime import timedelta

from safeduty.clock import FakeClock
from safeduty.services import Services
from safeduty.storage.links import staff_of_user
from safeduty.storage.tables import Invite, StaffLink
from safeduty.testing.fake_telegram import FakeTelegram
from tests.conftest import Persona


async def test_invited_teacher_links_and_is_greeted_by_name(
    bot: Services, telegram: FakeTelegram, personas: dict[str, Persona], invite
) -> None:
    """/start with a fresh code links the account and greets the teacher with their duties."""
    wang = personas["wang"]
    telegram.send_text(wang.user, f"/start {invite('wang')}")
    reply = await telegram.wait_message(wang.chat_id)
    assert "王老师" in (reply.text or "")
    assert "校门值守" in (reply.text or "") and "周一" in (reply.text or "")
    telegram.send_text(wang.user, "/help")
    assert "/today" in ((await telegram.wait_message(wang.chat_id)).text or "")


async def test_greeting_follows_the_staff_language(
    bot: Services, telegram: FakeTelegram, personas: dict[str, Persona], invite
) -> None:
    """A staff member configured for English is greeted in English."""
    staff = [
        s.model_copy(update={"language": "en"}) if s.id == "wu" else s for s in bot.config.staff
    ]
    bot.config = bot.config.model_copy(update={"staff": staff})
    telegram.send_text(personas["wu"].user, f"/start {invite('wu')}")
    reply = await telegram.wait_message(personas["wu"].chat_id)
    assert (reply.text or "").startswith("Hello 吴师傅!")
    assert "every school day" in (reply.text or "")


async def test_stranger_gets_one_polite_refusal_and_nothing_else(
    bot: Services, telegram: FakeTelegram
) -> None:
    """Someone never linked gets the invite explanation once a day, and no data."""
    stranger = telegram.user(9999, "Stranger")
    for text in ("/help", "/today", "hello", "\u3000", "/status"):
        telegram.send_text(stranger, text)
    reply = await telegram.wait_message(stranger.id)
    assert "邀请链接" in (reply.text or "")
    telegram.send_text(stranger, "/start")  # always answered: a barrier behind the others
    await telegram.wait_for(lambda: len(telegram.chat(stranger.id)) >= 2)
    assert len(telegram.chat(stranger.id)) == 2  # one reply for five messages
    bot.clock.advance(timedelta(days=1))  # type: ignore[attr-defined]  # the FakeClock
    telegram.send_text(stranger, "hello again")
    assert "邀请链接" in ((await telegram.wait_message(stranger.id)).text or "")


async def test_unknown_code_is_refused(bot: Services, telegram: FakeTelegram) -> None:
    """A made-up code links nobody."""
    stranger = telegram.user(9998, "Guess")
    telegram.send_text(stranger, "/start not-a-real-code")
    assert "无效" in ((await telegram.wait_message(stranger.id)).text or "")
    telegram.send_text(stranger, "/help")
    assert "邀请链接" in ((await telegram.wait_message(stranger.id)).text or "")


async def test_used_code_is_refused(
    bot: Services, telegram: FakeTelegram, personas: dict[str, Persona], invite
) -> None:
    """A code works once; a second account using it is refused and stays unlinked."""
    code = invite("wang")
    telegram.send_text(personas["wang"].user, f"/start {code}")
    await telegram.wait_message(personas["wang"].chat_id)
    other = telegram.user(7777, "Other")
    telegram.send_text(other, f"/start {code}")
    assert "已经用过" in ((await telegram.wait_message(other.id)).text or "")


async def test_expired_code_is_refused(
    bot: Services, telegram: FakeTelegram, personas: dict[str, Persona], invite, clock: FakeClock
) -> None:
    """A code older than its validity is refused."""
    code = invite("wang", valid_days=14)
    clock.advance(timedelta(days=14, minutes=1))
    telegram.send_text(personas["wang"].user, f"/start {code}")
    assert "过期" in ((await telegram.wait_message(personas["wang"].chat_id)).text or "")


async def test_new_invite_revokes_the_old_one(
    bot: Services, telegram: FakeTelegram, personas: dict[str, Persona], invite
) -> None:
    """Printing a new invite for someone makes their previous code useless."""
    old = invite("wang")
    invite("wang")
    telegram.send_text(personas["wang"].user, f"/start {old}")
    assert "取代" in ((await telegram.wait_message(personas["wang"].chat_id)).text or "")


async def test_relinking_moves_the_staff_member_to_the_new_account(
    bot: Services, telegram: FakeTelegram, personas: dict[str, Persona], invite
) -> None:
    """Linking wang on a new phone unlinks the old account, which is told and then refused."""
    old_phone = personas["wang"].user
    telegram.send_text(old_phone, f"/start {invite('wang')}")
    await telegram.wait_message(old_phone.id)
    new_phone = telegram.user(5555, "Wang new")
    telegram.send_text(new_phone, f"/start {invite('wang')}")
    assert "王老师" in ((await telegram.wait_message(new_phone.id)).text or "")
    notice = await telegram.wait_for(lambda: len(telegram.chat(old_phone.id)) == 2)
    assert notice
    assert "另一个 Telegram 账号" in (telegram.last(old_phone.id).text or "")
    telegram.send_text(old_phone, "/help")
    assert "邀请链接" in ((await telegram.wait_message(old_phone.id)).text or "")


async def test_group_messages_are_ignored(
    bot: Services, telegram: FakeTelegram, personas: dict[str, Persona], invite
) -> None:
    """The bot says nothing in groups, even to linked staff."""
    wang = personas["wang"]
    telegram.send_text(wang.user, "/help", group_id=-100)
    telegram.send_text(wang.user, f"/start {invite('wang')}")
    await telegram.wait_message(wang.chat_id)
    assert telegram.chat(-100) == []


async def test_command_menu_is_registered_in_both_languages(
    bot: Services, telegram: FakeTelegram
) -> None:
    """The bot shows its commands in Chinese and English."""
    await telegram.wait_for(lambda: {"", "zh", "en"} <= set(telegram.commands))
    assert telegram.commands["en"][0]["command"] == "today"
    assert "今天" in telegram.commands["zh"][0]["description"]


async def test_opening_someone_elses_invite_asks_first_and_keeps_the_code(
    bot: Services, telegram: FakeTelegram, personas: dict[str, Persona], invite
) -> None:
    """Linked as wang, opening li's invite asks; "keep" changes nothing and the code still works."""
    wang = personas["wang"]
    telegram.send_text(wang.user, f"/start {invite('wang')}")
    await telegram.wait_message(wang.chat_id)
    code = invite("li")
    telegram.send_text(wang.user, f"/start {code}")
    question = await telegram.wait_message(wang.chat_id)
    assert "王老师" in (question.text or "") and "李主任" in (question.text or "")
    await telegram.press(wang.user, question, "保持不变")
    assert "仍绑定王老师" in (telegram.last(wang.chat_id).text or "")
    with bot.session() as session:
        assert staff_of_user(session=session, telegram_user_id=wang.user.id) == "wang"
        assert session.get(Invite, code).used_at is None  # type: ignore[union-attr]
    li = personas["li"]
    telegram.send_text(li.user, f"/start {code}")  # the real owner can still use it
    assert "李主任" in ((await telegram.wait_message(li.chat_id)).text or "")


async def test_confirmed_move_to_another_invite_links_and_tells_the_admins(
    bot: Services, telegram: FakeTelegram, personas: dict[str, Persona], invite
) -> None:
    """Confirming moves the account; each linked admin hears who moved, once."""
    wang, zhou = personas["wang"], personas["zhou"]
    for persona in (wang, zhou):
        telegram.send_text(persona.user, f"/start {invite(persona.staff_id)}")
        await telegram.wait_message(persona.chat_id)
    telegram.send_text(wang.user, f"/start {invite('li')}")
    question = await telegram.wait_message(wang.chat_id)
    move = question.button("改为绑定李主任")["callback_data"]
    await telegram.press(wang.user, question, "改为绑定李主任")
    greeting = await telegram.wait_for(
        lambda: [m for m in telegram.chat(wang.chat_id) if "李主任，您好" in (m.text or "")]
    )
    assert len(greeting) == 1
    alerts = await telegram.wait_for(
        lambda: [m.text or "" for m in telegram.chat(zhou.chat_id) if "账号改绑" in (m.text or "")]
    )
    assert len(alerts) == 1 and "王老师 (wang) → 李主任 (li)" in alerts[0]
    with bot.session() as session:
        assert staff_of_user(session=session, telegram_user_id=wang.user.id) == "li"
        assert session.get(StaffLink, "wang") is None
    await telegram.wait_answer(telegram.tap(wang.user, question, move))  # again: the code is used
    assert "已经用过" in (telegram.last(wang.chat_id).text or "")
