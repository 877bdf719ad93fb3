"""Nothing silent at the edges: odd input gets its reply, failures reach a person."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest
from aiohttp import web
from sqlmodel import select

from safeduty.commands import duties as duty_commands
from safeduty.storage.tables import Delivery, Invite, Occurrence
from safeduty.testing.fake_telegram import FakeTelegram
from safeduty.texts import t
from tests.conftest import Persona, SchoolDay

ZH = "zh-CN"


async def test_a_whitespace_only_message_gets_the_normal_reply(
    day: SchoolDay, linked: dict[str, Persona]
) -> None:
    """A message of U+3000 (Chinese input's space) is answered, not dropped with an error."""
    zhang = linked["zhang"]
    day.telegram.send_text(zhang.user, "\u3000")
    reply = await day.telegram.wait_message(zhang.chat_id)
    assert "/help" in (reply.text or "")


async def test_an_invite_for_someone_no_longer_in_the_config_is_refused_and_kept(
    day: SchoolDay, telegram: FakeTelegram, invite
) -> None:
    """The code is not consumed, so it works again if the person comes back to the file."""
    code = invite("zhou")
    config = day.services.config
    day.services.config = config.model_copy(
        update={"staff": [s for s in config.staff if s.id != "zhou"]}
    )
    someone = telegram.user(4242, "Zhou")
    telegram.send_text(someone, f"/start {code}")
    assert "无效" in ((await telegram.wait_message(someone.id)).text or "")
    with day.services.session() as session:
        row = session.get(Invite, code)
        assert row is not None and row.used_at is None


async def test_a_tap_on_a_message_that_no_longer_exists_is_answered_and_recorded(
    day: SchoolDay, linked: dict[str, Persona]
) -> None:
    """The edit fails ("message to edit not found"); the answer still counts and is confirmed."""
    zhang, tg = linked["zhang"], day.telegram
    await day.at("07:20")
    reminder = tg.last(zhang.chat_id)
    gone = dataclasses.replace(reminder, message_id=reminder.message_id + 1000)
    answer = await tg.wait_answer(
        tg.tap(zhang.user, gone, reminder.button("全部正常")["callback_data"])
    )
    assert "text" not in answer or not answer.get("show_alert")
    with day.services.session() as session:
        occ = session.exec(
            select(Occurrence).where(
                Occurrence.duty_id == "gate", Occurrence.day == date(2026, 12, 1)
            )
        ).one()
    assert occ.state == "answered"


async def test_a_failing_tap_tells_the_teacher_at_once_and_the_admin_once_an_hour(
    day: SchoolDay, linked: dict[str, Persona], monkeypatch: pytest.MonkeyPatch
) -> None:
    """An unexpected error: the tap gets "may not have been recorded"; each admin hears once."""
    zhang, zhou, tg = linked["zhang"], linked["zhou"], day.telegram
    await day.at("07:20")
    reminder = tg.last(zhang.chat_id)

    def broken(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(duty_commands, "answer", broken)  # a fault injected below the handler
    for _ in range(2):
        answer = await tg.press(zhang.user, reminder, "全部正常")
        assert answer["text"] == t(ZH, "not_recorded") and answer["show_alert"]
    alert = await tg.wait_for(
        lambda: [m for m in tg.chat(zhou.chat_id) if "机器人出错" in (m.text or "")]
    )
    assert len(alert) == 1 and "RuntimeError" in (alert[0].text or "")
    with day.services.session() as session:
        alerts = session.exec(select(Delivery).where(Delivery.kind == "alert")).all()
    assert sorted(a.recipient for a in alerts) == ["chen", "zhou"]  # the admins, once each


async def test_the_heartbeat_is_requested_after_every_good_tick(
    day: SchoolDay, linked: dict[str, Persona]
) -> None:
    """[monitoring] heartbeat_url gets a GET per tick, so a monitor notices when they stop."""
    pings: list[str] = []

    async def ping(request: web.Request) -> web.Response:
        pings.append(request.path)
        return web.Response(text="OK")

    app = web.Application()
    app.router.add_get("/ping/{uuid}", ping)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    try:
        config = day.services.config
        monitoring = config.monitoring.model_copy(
            update={"heartbeat_url": f"http://127.0.0.1:{port}/ping/abc"}
        )
        day.services.config = config.model_copy(update={"monitoring": monitoring})
        assert (await day.at("07:20")).heartbeat is True
        assert (await day.at("07:21")).heartbeat is True
    finally:
        await runner.cleanup()
    assert pings == ["/ping/abc", "/ping/abc"]
    assert (await day.at("07:22")).heartbeat is False  # the monitor is gone: logged, tick fine


async def test_status_shows_when_the_duty_check_last_ran(
    day: SchoolDay, linked: dict[str, Persona]
) -> None:
    """The principal can see that the bot is alive, not only what it did."""
    chen, tg = linked["chen"], day.telegram
    await day.at("07:20")
    tg.send_text(chen.user, "/status")
    status = (await tg.wait_message(chen.chat_id)).text or ""
    assert "上次正常运行检查：12-01 07:20:00" in status


async def test_one_bad_row_is_put_off_and_reported_while_the_others_go_on(
    day: SchoolDay, linked: dict[str, Persona]
) -> None:
    """A corrupt occurrence (edited behind the bot) never stops the tick for the others."""
    await day.at("07:00")  # planned
    with day.services.engine.begin() as conn:
        conn.exec_driver_sql(
            "UPDATE occurrence SET ladder = '[[\"x\", \"assignee\"]]' WHERE duty_id = 'gate'"
        )
    report = await day.at("11:30")
    assert "canteen/wu/2026-12-01 reminder" in report.actions
    assert not any(a.startswith("gate/") for a in report.actions)
    zhou = linked["zhou"]
    alert = await day.telegram.wait_for(
        lambda: (
            [m for m in day.telegram.chat(zhou.chat_id) if "机器人出错" in (m.text or "")]
            or [m for m in day.telegram.chat(zhou.chat_id) if "occurrence" in (m.text or "")]
        )
    )
    assert "occurrence" in (alert[0].text or "")
    with day.services.session() as session:
        gate = session.exec(
            select(Occurrence).where(
                Occurrence.duty_id == "gate", Occurrence.day == date(2026, 12, 1)
            )
        ).one()
    assert gate.next_action_at is not None
    assert gate.next_action_at > day.local("11:30")  # put off, not retried every tick
