"""A school day over real HTTP: reminders, one-tap answers, problems, the escalation ladder.

Tuesday 1 December 2026 in Shanghai: 张老师 (zhang) has gate duty (07:20, due 07:50, nudge
10 minutes before, ladder +10m assignee, +20m safety officer, +40m principal).
"""

from __future__ import annotations

import asyncio
import hashlib
import json
from datetime import date
from pathlib import Path

from sqlmodel import select

from bot.callbacks import encode
from safeduty.storage import duties
from safeduty.storage.tables import Delivery, Event, ItemAnswer, Occurrence
from safeduty.testing.fake_telegram import FakeTelegram
from tests.conftest import Persona, SchoolDay


def gate(day: SchoolDay) -> Occurrence:
    with day.services.session() as session:
        query = select(Occurrence).where(
            Occurrence.duty_id == "gate", Occurrence.day == date(2026, 12, 1)
        )
        return session.exec(query).one()


def deliveries(day: SchoolDay, kind: str | None = None) -> list[Delivery]:
    with day.services.session() as session:
        rows = list(session.exec(select(Delivery).order_by(Delivery.id)))  # type: ignore[arg-type]
    return [d for d in rows if kind is None or d.kind == kind]


async def test_gate_reminder_arrives_at_0720_school_time(
    day: SchoolDay, linked: dict[str, Persona]
) -> None:
    """Nothing at 07:19; at 07:20 Shanghai time 张老师 gets the checklist with its buttons."""
    zhang = linked["zhang"].chat_id
    before = len(day.telegram.chat(zhang))
    await day.at("07:19")
    assert len(day.telegram.chat(zhang)) == before
    report = await day.at("07:20")
    assert report.actions == ["gate/zhang/2026-12-01 reminder"]
    reminder = day.telegram.last(zhang)
    assert "校门值守" in (reminder.text or "") and "截止 07:50" in (reminder.text or "")
    assert "小门已上锁" in (reminder.text or "")
    assert reminder.button("全部正常") and reminder.button("提交")
    assert (
        day.telegram.chat(linked["li"].chat_id)[-1].text
        == day.telegram.chat(linked["li"].chat_id)[0].text
    )


async def test_all_clear_is_one_tap_and_recorded(
    day: SchoolDay, linked: dict[str, Persona]
) -> None:
    """One tap answers every item OK, on time; the ladder never starts."""
    zhang = linked["zhang"]
    await day.at("07:20")
    reminder = day.telegram.last(zhang.chat_id)
    day.clock.set(day.local("07:31"))
    query = day.telegram.tap(zhang.user, reminder, reminder.button("全部正常")["callback_data"])
    await day.telegram.wait_answer(query)
    edited = day.telegram.last(zhang.chat_id)
    assert edited.message_id == reminder.message_id
    assert "已提交" in (edited.text or "") and "07:31" in (edited.text or "") and not edited.buttons
    occ = gate(day)
    assert (occ.state, occ.late, occ.answered_by) == ("answered", False, "zhang")
    with day.services.session() as session:
        answers = duties.answers(session=session, occurrence_id=occ.id or 0)
    assert [a.ok for a in answers.values()] == [True, True, True]
    for hhmm in ("07:40", "08:00", "08:10", "08:30", "23:59"):
        await day.at(hhmm)
    assert [d.kind for d in deliveries(day) if d.occurrence_id == occ.id] == ["reminder"]


async def test_all_clear_over_a_drafted_problem_is_one_event_and_no_problem(
    day: SchoolDay, linked: dict[str, Persona]
) -> None:
    """Item 1 drafted as a problem, then "all clear": every item OK, nobody is asked for a
    note or told of a problem, and the answer with its items is one event in the chain."""
    zhang, tg = linked["zhang"], day.telegram
    await day.at("07:20")
    msg = tg.last(zhang.chat_id)
    for label in ("1. 小门", "1. 小门"):  # unset -> OK -> problem
        await tg.press(zhang.user, msg, label)
    assert "1. ⚠️ 小门已上锁" in (tg.last(zhang.chat_id).text or "")
    with day.services.session() as session:
        events_before = len(session.exec(select(Event)).all())
    await tg.press(zhang.user, msg, "全部正常")
    await day.at("07:21")
    occ = gate(day)
    assert occ.state == "answered"
    with day.services.session() as session:
        answers = duties.answers(session=session, occurrence_id=occ.id or 0)
        events = session.exec(select(Event).order_by(Event.seq)).all()[events_before:]  # type: ignore[arg-type]
    assert [a.ok for a in answers.values()] == [True, True, True]
    assert [e.kind for e in events] == ["occurrence.answered"]
    payload = json.loads(events[0].payload)
    assert (payload["items"], payload["problems"]) == ({"0": True, "1": True, "2": True}, [])
    assert [d.kind for d in deliveries(day) if d.occurrence_id == occ.id] == ["reminder"]


async def test_problem_with_note_and_photo_reaches_the_safety_officer(
    day: SchoolDay, linked: dict[str, Persona], tmp_path: Path
) -> None:
    """Item 1 marked as a problem: a note and a photo are stored and sent to 李主任 at once."""
    zhang, li = linked["zhang"], linked["li"]
    tg = day.telegram
    await day.at("07:20")
    msg = tg.last(zhang.chat_id)
    for label in ("1. 小门", "1. 小门", "2. 访客", "3. 家长"):  # item 1: unset -> OK -> problem
        await tg.press(zhang.user, msg, label)
    assert "1. ⚠️ 小门已上锁" in (tg.last(zhang.chat_id).text or "")
    await tg.press(zhang.user, msg, "提交")
    ask = await tg.wait_for(
        lambda: (
            "小门已上锁" in (tg.last(zhang.chat_id).text or "")
            and "回复" in (tg.last(zhang.chat_id).text or "")
        )
    )
    assert ask
    tg.send_text(zhang.user, "小门锁扣坏了，已用链条临时锁住")
    ask_photo = await tg.wait_message(zhang.chat_id)
    assert ask_photo.button("不需要照片")
    file_id = tg.send_photo(zhang.user, b"\xff\xd8 a jpeg of the broken lock")
    done = await tg.wait_message(zhang.chat_id)
    assert "已上报" in (done.text or "")
    notice = await tg.wait_for(lambda: [m for m in tg.chat(li.chat_id) if m.method == "sendPhoto"])
    assert "小门锁扣坏了" in (notice[0].text or "") and "张老师" in (notice[0].text or "")
    with day.services.session() as session:
        answer = session.exec(select(ItemAnswer).where(ItemAnswer.item == 0)).one()
    assert (answer.ok, answer.note, answer.photo_file_id) == (
        False,
        "小门锁扣坏了，已用链条临时锁住",
        file_id,
    )
    assert answer.photo_path
    stored = await asyncio.to_thread((day.services.data_dir / answer.photo_path).read_bytes)
    assert stored == b"\xff\xd8 a jpeg of the broken lock"
    assert answer.photo_sha256 == hashlib.sha256(stored).hexdigest()
    assert answer.photo_path == f"photos/{answer.photo_sha256}.jpg"


async def test_problem_without_photo_is_reported_with_its_note(
    day: SchoolDay, linked: dict[str, Persona]
) -> None:
    """Tapping "no photo" sends the note alone to the safety officer."""
    zhang, li = linked["zhang"], linked["li"]
    tg = day.telegram
    await day.at("07:20")
    msg = tg.last(zhang.chat_id)
    for label in ("1. 小门", "2. 访客", "2. 访客", "3. 家长"):
        await tg.press(zhang.user, msg, label)
    await tg.press(zhang.user, msg, "提交")
    await tg.wait_for(
        lambda: (
            "访客登记簿" in (tg.last(zhang.chat_id).text or "")
            and "回复" in (tg.last(zhang.chat_id).text or "")
        )
    )
    tg.send_text(zhang.user, "登记簿用完了")
    ask_photo = await tg.wait_message(zhang.chat_id)
    await tg.press(zhang.user, ask_photo, "不需要照片")
    notice = await tg.wait_for(
        lambda: [m for m in tg.chat(li.chat_id) if "问题报告" in (m.text or "")]
    )
    assert "登记簿用完了" in (notice[0].text or "") and notice[0].method == "sendMessage"


async def test_unanswered_gate_duty_climbs_the_ladder_until_a_late_answer(
    day: SchoolDay, linked: dict[str, Persona]
) -> None:
    """Nudge 07:40, overdue 08:00, safety officer 08:10, principal 08:30; a late answer stops it."""
    zhang, li, chen = linked["zhang"], linked["li"], linked["chen"]
    tg = day.telegram
    await day.at("07:20")
    reminder = tg.last(zhang.chat_id)
    counts = {p: len(tg.chat(linked[p].chat_id)) for p in ("zhang", "li", "chen")}
    await day.at("07:39")
    assert len(tg.chat(zhang.chat_id)) == counts["zhang"]
    await day.at("07:40")
    assert "还有 10 分钟截止" in (tg.last(zhang.chat_id).text or "")
    await day.at("07:59")
    assert "已过截止时间" not in (tg.last(zhang.chat_id).text or "")
    await day.at("08:00")
    assert "已过截止时间" in (tg.last(zhang.chat_id).text or "")
    await day.at("08:09")
    assert len(tg.chat(li.chat_id)) == counts["li"]
    await day.at("08:10")
    to_li = tg.last(li.chat_id)
    assert (
        "第 2 级" in (to_li.text or "")
        and "张老师" in (to_li.text or "")
        and "07:50" in (to_li.text or "")
    )
    assert to_li.button("联系张老师")["url"] == f"tg://user?id={zhang.user.id}"
    await day.at("08:30")
    assert "第 3 级" in (tg.last(chen.chat_id).text or "")
    day.clock.set(day.local("08:35"))
    await tg.press(zhang.user, reminder, "全部正常")
    told_li = await tg.wait_for(
        lambda: "已于" in (tg.last(li.chat_id).text or "") and tg.last(li.chat_id)
    )
    told_chen = await tg.wait_for(
        lambda: "已于" in (tg.last(chen.chat_id).text or "") and tg.last(chen.chat_id)
    )
    for told in (told_li, told_chen):
        assert "张老师已于 08:35 完成「校门值守」" in (told.text or "") and "迟交" in (
            told.text or ""
        )
    occ = gate(day)
    assert (occ.state, occ.late) == ("answered", True)
    kinds = [(d.kind, d.recipient) for d in deliveries(day) if d.occurrence_id == occ.id]
    assert kinds == [
        ("reminder", "zhang"),
        ("nudge", "zhang"),
        ("escalation", "zhang"),
        ("escalation", "li"),
        ("escalation", "chen"),
        ("resolved", "chen"),
        ("resolved", "li"),
    ]
    await day.at("23:00")
    assert len(deliveries(day)) == len(kinds) + len(
        [d for d in deliveries(day) if d.occurrence_id != occ.id]
    )


async def test_unanswered_duty_is_missed_at_midnight_and_stays_missed(
    day: SchoolDay, linked: dict[str, Persona]
) -> None:
    """No answer by the end of the day: missed; a later tap is refused and changes nothing."""
    zhang = linked["zhang"]
    await day.at("07:20")
    reminder = day.telegram.last(zhang.chat_id)
    await day.at("23:59")
    assert gate(day).state == "reminded"
    await day.at("00:00", date(2026, 12, 2))
    assert gate(day).state == "missed"
    query = day.telegram.tap(zhang.user, reminder, reminder.button("全部正常")["callback_data"])
    answer = await day.telegram.wait_answer(query)
    assert "缺失" in answer["text"]
    assert gate(day).state == "missed" and gate(day).answered_at is None


async def test_forged_and_foreign_buttons_change_nothing(
    day: SchoolDay, linked: dict[str, Persona]
) -> None:
    """A mangled signature, an unknown version, or someone else's duty: refused, nothing stored."""
    zhang, li = linked["zhang"], linked["li"]
    tg = day.telegram
    await day.at("07:20")
    reminder = tg.last(zhang.chat_id)
    real = reminder.button("全部正常")["callback_data"]
    occ = gate(day)
    for forged in (
        real[:-2] + ("AA" if not real.endswith("AA") else "BB"),
        "2" + real[1:],
        "1.a.1",
        "garbage",
    ):
        answer = await tg.wait_answer(tg.tap(zhang.user, reminder, forged))
        assert answer["text"] == "这个按钮已失效。" and answer["show_alert"] in (True, "true")
    with day.services.session() as session:
        foreign = encode(duties.secret(session=session), "a", occ.id or 0)
    answer = await tg.wait_answer(tg.tap(li.user, reminder, foreign))
    assert answer["text"] == "这不是您的值班。"
    assert gate(day).state == "reminded"
    with day.services.session() as session:
        assert duties.answers(session=session, occurrence_id=occ.id or 0) == {}


async def test_submit_with_unmarked_items_is_refused(
    day: SchoolDay, linked: dict[str, Persona]
) -> None:
    """Submit needs every item marked; the teacher is told how many are left."""
    zhang = linked["zhang"]
    tg = day.telegram
    await day.at("07:20")
    msg = tg.last(zhang.chat_id)
    await tg.press(zhang.user, msg, "1. 小门")
    answer = await tg.press(zhang.user, msg, "提交")
    assert answer["text"] == "还有 2 项未标记。"
    assert gate(day).state == "reminded"


async def test_today_lists_my_duties_and_opens_the_checklist(
    day: SchoolDay, linked: dict[str, Persona]
) -> None:
    """/today shows state per duty and a button that brings up the checklist to answer."""
    li = linked["li"]
    tg = day.telegram
    await day.at("07:20")
    tg.send_text(li.user, "/today")
    listing = await tg.wait_message(li.chat_id)
    assert "每月校园隐患排查" in (listing.text or "") and "待提醒" in (listing.text or "")
    tg.tap(li.user, listing, listing.button("填写")["callback_data"])
    checklist = await tg.wait_message(li.chat_id)
    assert "消防器材" in (checklist.text or "")
    await tg.press(li.user, checklist, "全部正常")
    tg.send_text(li.user, "/today")
    assert "已完成" in ((await tg.wait_message(li.chat_id)).text or "")
    await day.at("15:30")
    assert not [d for d in deliveries(day, "reminder") if d.recipient == "li"]


async def test_blocked_assignee_moves_straight_to_the_next_rung(
    day: SchoolDay, linked: dict[str, Persona]
) -> None:
    """张老师 blocked the bot: the reminder fails, she is flagged, and 李主任 hears at once."""
    zhang, li = linked["zhang"], linked["li"]
    tg = day.telegram
    tg.block(zhang.user)
    report = await day.at("07:20")
    assert "zhang" in report.unreachable
    to_li = tg.last(li.chat_id)
    assert "第 2 级" in (to_li.text or "") and "联系不上张老师" in (to_li.text or "")
    statuses = [
        (d.kind, d.recipient, d.status) for d in deliveries(day) if d.occurrence_id == gate(day).id
    ]
    assert statuses == [("reminder", "zhang", "unreachable"), ("escalation", "li", "sent")]
    with day.services.session() as session:
        from safeduty.storage.links import link_of

        link = link_of(session=session, staff_id="zhang")
        assert link is not None and link.unreachable_since is not None


async def test_unlinked_assignee_is_escalated_at_once(
    day: SchoolDay, linked: dict[str, Persona], telegram: FakeTelegram
) -> None:
    """吴师傅 never linked... here: canteen duty for wu, who is linked; 孙老师 is not linked."""
    # The example's Friday gate duty is sun's, who has no Telegram account linked.
    report = await day.at("07:20", date(2026, 12, 4))
    assert "sun" in report.unreachable
    assert "第 2 级" in (telegram.last(linked["li"].chat_id).text or "")
