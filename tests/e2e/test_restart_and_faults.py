"""Restarts lose nothing and send nothing twice; Telegram faults are sorted correctly."""

from __future__ import annotations

import json
from datetime import date, timedelta

from sqlmodel import select

from jobs.tick import tick
from safeduty.cli import main
from safeduty.services import Services
from safeduty.storage import duties
from safeduty.storage.tables import Delivery, Occurrence
from tests.conftest import EXAMPLE, Persona, SchoolDay
from tests.harness import running_bot, stop_bot


def rows(services: Services) -> list[Delivery]:
    with services.session() as session:
        return list(session.exec(select(Delivery).order_by(Delivery.id)))  # type: ignore[arg-type]


async def test_restart_sends_what_fell_due_once_in_order_and_late(
    day: SchoolDay, linked: dict[str, Persona]
) -> None:
    """Down from 07:21 to 08:15: one honest "overdue, sent late" to 张老师, the 08:10 step to 李主任."""
    services, tg, zhang = day.services, day.telegram, linked["zhang"]
    await day.at("07:20")
    reminder = tg.last(zhang.chat_id)
    await stop_bot(day.application)  # the process is gone
    day.clock.set(day.local("08:15"))
    async with running_bot(services, tg) as application:
        report = await tick(services, application.bot)
        assert report.actions == [
            "gate/zhang/2026-12-01 nudge",
            "gate/zhang/2026-12-01 escalation",
            "gate/zhang/2026-12-01 escalation",
        ]
        sent = [(d.kind, d.recipient, d.late) for d in rows(services) if d.kind != "reminder"]
        assert sent == [("escalation", "zhang", True), ("escalation", "li", True)]
        reminders = [m for m in tg.chat(zhang.chat_id) if "值班提醒" in (m.text or "")]
        assert len(reminders) == 1
        caught_up = tg.last(zhang.chat_id)
        assert "已过截止时间" in (caught_up.text or "") and "现在补发" in (caught_up.text or "")
        assert "还剩" not in (caught_up.text or "")
        assert (await tick(services, application.bot)).sent == []
        query = tg.tap(zhang.user, reminder, reminder.button("全部正常")["callback_data"])
        await tg.wait_answer(query)
    with services.session() as session:
        occ = session.exec(
            select(Occurrence).where(
                Occurrence.duty_id == "gate", Occurrence.day == date(2026, 12, 1)
            )
        ).one()
    assert (occ.state, occ.late) == ("answered", True)


def crashed_mid_send(day: SchoolDay, kind: str, recipient: str) -> None:
    """Leave a delivery in "sending", as a process killed inside its HTTP call does."""
    with day.services.session() as session:
        occ = session.exec(select(Occurrence).where(Occurrence.duty_id == "gate")).first()
        assert occ is not None
        session.add(
            Delivery(
                key="crash",
                occurrence_id=occ.id,
                kind=kind,
                recipient=recipient,
                due_at=day.clock.now(),
                status="sending",
            )
        )
        session.commit()


async def test_a_send_interrupted_by_a_crash_is_sent_again_marked_as_a_repeat(
    day: SchoolDay, linked: dict[str, Persona]
) -> None:
    """At least once: a reminder cut off by a crash goes out on start, saying it may repeat."""
    services, tg, zhang = day.services, day.telegram, linked["zhang"]
    await day.at("07:19")
    crashed_mid_send(day, "reminder", "zhang")
    await stop_bot(day.application)
    async with running_bot(services, tg) as application:
        await tick(services, application.bot)
    crashed = next(d for d in rows(services) if d.key == "crash")
    assert (crashed.status, crashed.repeat) == ("sent", True)
    assert (tg.last(zhang.chat_id).text or "").startswith("🔁 可能重复")


async def test_an_interrupted_reminder_for_an_answered_duty_is_not_resent(
    day: SchoolDay, linked: dict[str, Persona]
) -> None:
    """Its reason is gone: it stays interrupted (kept as evidence), nothing is sent."""
    services, tg, zhang = day.services, day.telegram, linked["zhang"]
    await day.at("07:20")
    await tg.press(zhang.user, tg.last(zhang.chat_id), "全部正常")
    crashed_mid_send(day, "nudge", "zhang")
    before = len(tg.chat(zhang.chat_id))
    await stop_bot(day.application)
    async with running_bot(services, tg) as application:
        await tick(services, application.bot)
    assert next(d for d in rows(services) if d.key == "crash").status == "interrupted"
    assert len(tg.chat(zhang.chat_id)) == before


async def test_flood_control_waits_exactly_retry_after_and_delivers(
    day: SchoolDay, linked: dict[str, Persona]
) -> None:
    """A 429 puts the reminder back for exactly its retry_after (not a backoff), and the
    next try after it is sent unmarked: a refused message surely did not arrive."""
    day.telegram.fail("sendMessage", "flood", chat_id=linked["zhang"].chat_id, retry_after=3)
    first = await day.at("07:20")
    assert first.sent == [] and len(first.retry) == 1
    (row,) = [d for d in rows(day.services) if d.kind == "reminder"]
    assert row.retry_at is not None
    assert (row.retry_at - day.clock.now()).total_seconds() == 3
    day.clock.advance(timedelta(seconds=3))
    second = await tick(day.services, day.application.bot)
    assert second.sent == first.retry
    text = day.telegram.last(linked["zhang"].chat_id).text or ""
    assert "值班提醒" in text and not text.startswith("🔁")


async def test_server_error_leaves_the_reminder_pending_for_the_next_tick(
    day: SchoolDay, linked: dict[str, Persona]
) -> None:
    """A 5xx is transient: the delivery stays pending and the next tick sends it once."""
    day.telegram.fail("sendMessage", "server", chat_id=linked["zhang"].chat_id)
    first = await day.at("07:20")
    assert first.sent == [] and len(first.retry) == 1
    assert (await day.at("07:20")).sent == []  # backing off
    second = await day.at("07:21")
    assert second.sent == first.retry
    reminder = [d for d in rows(day.services) if d.kind == "reminder"]
    assert [(d.status, d.attempts, d.repeat) for d in reminder] == [("sent", 2, True)]
    assert (day.telegram.last(linked["zhang"].chat_id).text or "").startswith("🔁 可能重复")


async def test_timeout_leaves_the_reminder_pending(
    day: SchoolDay, linked: dict[str, Persona]
) -> None:
    """An answer slower than the client's timeout is retried, marked as a possible repeat."""
    day.telegram.fail("sendMessage", "slow", chat_id=linked["zhang"].chat_id, delay=6)
    first = await day.at("07:20")
    assert first.sent == [] and len(first.retry) == 1
    assert (await day.at("07:21")).sent == first.retry
    assert (day.telegram.last(linked["zhang"].chat_id).text or "").startswith("🔁 可能重复")


async def test_dropped_connection_is_retried(day: SchoolDay, linked: dict[str, Persona]) -> None:
    """A connection dropped mid-request is a network error, retried next tick."""
    day.telegram.fail("sendMessage", "drop", chat_id=linked["zhang"].chat_id)
    first = await day.at("07:20")
    assert len(first.retry) == 1
    assert (await day.at("07:21")).sent == first.retry


async def test_plan_json_matches_what_the_tick_sends(
    day: SchoolDay, linked: dict[str, Persona], capsys
) -> None:
    """Every reminder ``plan --json`` lists goes out at exactly its remind_at, to its assignee."""
    assert (
        main(["plan", "--config", str(EXAMPLE), "--from", "2026-12-01", "--days", "1", "--json"])
        == 0
    )
    planned = json.loads(capsys.readouterr().out)
    for entry in planned:
        hhmm = entry["remind_at"][11:16]
        before = (day.local(hhmm) - timedelta(minutes=1)).strftime("%H:%M")
        assert (
            f"{entry['duty']}/{entry['assignee']}/2026-12-01 reminder"
            not in (await day.at(before)).actions
        )
        assert (
            f"{entry['duty']}/{entry['assignee']}/2026-12-01 reminder"
            in (await day.at(hhmm)).actions
        )
    sent = [(d.recipient, d.sent_at) for d in rows(day.services) if d.kind == "reminder"]
    assert [(e["assignee"], e["remind_at"]) for e in planned] == [
        (who, at.astimezone(day.local("00:00").tzinfo).isoformat()) for who, at in sent if at
    ]


async def test_reload_refuses_a_broken_config_and_keeps_the_old(
    day: SchoolDay, linked: dict[str, Persona], tmp_path
) -> None:
    """/reload from the admin: errors as check-config prints them; a fix takes effect."""
    config = tmp_path / "school.toml"
    config.write_text(
        EXAMPLE.read_text("utf-8").replace('tue = "zhang"', 'tue = "zhangg"'), "utf-8"
    )
    day.services.config_path = config
    tg, zhou = day.telegram, linked["zhou"]
    tg.send_text(zhou.user, "/reload")
    refused = await tg.wait_message(zhou.chat_id)
    assert "继续使用原来的配置" in (refused.text or "")
    assert f"{config}:" in (
        refused.text or ""
    ) and "duties[0].rota.tue: unknown staff id 'zhangg'" in (refused.text or "")
    assert day.services.config.duties[0].rota == {
        "mon": "wang",
        "tue": "zhang",
        "wed": "liu",
        "thu": "zhao",
        "fri": "sun",
    }
    await day.at("07:05")
    config.write_text(EXAMPLE.read_text("utf-8").replace('tue = "zhang"', 'tue = "wang"'), "utf-8")
    tg.send_text(zhou.user, "/reload")
    assert "配置已重新加载" in ((await tg.wait_message(zhou.chat_id)).text or "")
    report = await day.at("07:20")
    assert "gate/wang/2026-12-01 reminder" in report.actions
    tg.send_text(linked["wang"].user, "/reload")
    assert "只有管理员" in ((await tg.wait_message(linked["wang"].chat_id)).text or "")


async def test_reload_leaves_a_running_escalation_alone(
    day: SchoolDay, linked: dict[str, Persona], tmp_path
) -> None:
    """An edit at noon changes tomorrow, not the ladder already climbing today."""
    config = tmp_path / "school.toml"
    await day.at("07:20")
    config.write_text(EXAMPLE.read_text("utf-8").replace('after = "20m"', 'after = "25m"'), "utf-8")
    day.services.config_path = config
    tg = day.telegram
    tg.send_text(linked["zhou"].user, "/reload")
    await tg.wait_message(linked["zhou"].chat_id)
    assert "gate/zhang/2026-12-01 escalation" in " ".join((await day.at("08:10")).actions)
    with day.services.session() as session:
        tomorrow = duties.occurrences_on(session=session, day=date(2026, 12, 2))
    assert [o.ladder for o in tomorrow if o.duty_id == "gate"] == [
        [[10, "assignee"], [25, "role:safety_officer"], [40, "role:principal"]]
    ]


async def test_migrated_chat_gets_its_new_id(day: SchoolDay, linked: dict[str, Persona]) -> None:
    """Telegram says the chat moved to a supergroup: the new id is stored and used next tick."""
    zhang = linked["zhang"]
    day.telegram.fail("sendMessage", "migrate", chat_id=zhang.chat_id)
    first = await day.at("07:20")
    assert len(first.retry) == 1
    with day.services.session() as session:
        from safeduty.storage.links import link_of

        link = link_of(session=session, staff_id="zhang")
        assert link is not None
        new_chat = link.chat_id
    assert new_chat == -1000000000000 + zhang.chat_id
    assert first.sent == first.retry  # sent again at once, to the new chat
    assert "值班提醒" in (day.telegram.last(new_chat).text or "")
    assert (await day.at("07:21")).sent == []


async def test_restart_between_problem_and_note_keeps_the_conversation(
    day: SchoolDay, linked: dict[str, Persona]
) -> None:
    """The bot asked for a note, then restarted: the reply still lands on the right item."""
    services, tg, zhang, li = day.services, day.telegram, linked["zhang"], linked["li"]
    await day.at("07:20")
    msg = tg.last(zhang.chat_id)
    for label in ("1. 小门", "1. 小门", "2. 访客", "3. 家长", "提交"):
        await tg.press(zhang.user, msg, label)
    await tg.wait_for(lambda: "回复" in (tg.last(zhang.chat_id).text or ""))
    await stop_bot(day.application)
    async with running_bot(services, tg):
        tg.send_text(zhang.user, "锁坏了")
        ask_photo = await tg.wait_message(zhang.chat_id)
        assert ask_photo.button("不需要照片")
        await tg.press(zhang.user, ask_photo, "不需要照片")
        notice = await tg.wait_for(
            lambda: [m for m in tg.chat(li.chat_id) if "问题报告" in (m.text or "")]
        )
    assert "锁坏了" in (notice[0].text or "")


async def test_reload_keeps_an_occurrence_someone_already_started(
    day: SchoolDay, linked: dict[str, Persona], tmp_path
) -> None:
    """A duty opened early from /today and half-answered survives a reload untouched."""
    tg, li = day.telegram, linked["li"]
    await day.at("07:20")
    tg.send_text(li.user, "/today")
    listing = await tg.wait_message(li.chat_id)
    tg.tap(li.user, listing, listing.button("填写")["callback_data"])
    checklist = await tg.wait_message(li.chat_id)
    await tg.press(li.user, checklist, "1. 教室")
    config = tmp_path / "school.toml"
    config.write_text(EXAMPLE.read_text("utf-8"), "utf-8")
    day.services.config_path = config
    tg.send_text(linked["zhou"].user, "/reload")
    assert "配置已重新加载" in ((await tg.wait_message(linked["zhou"].chat_id)).text or "")
    with day.services.session() as session:
        kept = [
            o
            for o in duties.occurrences_on(session=session, day=date(2026, 12, 1))
            if o.duty_id == "inspection"
        ]
        assert len(kept) == 1
        assert len(duties.answers(session=session, occurrence_id=kept[0].id or 0)) == 1


async def test_escalation_survives_a_refused_contact_button(
    day: SchoolDay, linked: dict[str, Persona]
) -> None:
    """Privacy settings forbid the tg://user link: the escalation still goes out, without it."""
    li = linked["li"]
    day.telegram.fail("sendMessage", "privacy", chat_id=li.chat_id)
    for hhmm in ("07:20", "07:40", "08:00"):
        await day.at(hhmm)
    report = await day.at("08:10")
    assert len(report.sent) == 1 and report.failed == []
    escalation = day.telegram.last(li.chat_id)
    assert "第 2 级" in (escalation.text or "") and escalation.buttons == []
