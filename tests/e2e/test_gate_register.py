"""The gate register over real HTTP: visitors in and out, one left inside, a leave slip.

Tuesday 1 December 2026 in Shanghai: 张老师 (zhang) has gate duty from its reminder at
07:20 to its deadline at 07:50 ([gate] duty = "gate"); its ladder is +10m the assignee,
+20m the safety officer 李主任 (li), +40m the principal 陈校长 (chen).
"""

from __future__ import annotations

import hashlib
import re

from sqlmodel import col, select

from safeduty.storage.tables import LeaveSlip, Visit
from safeduty.testing.fake_telegram import Sent
from safeduty.texts import t
from safeduty.verify import verify
from tests.conftest import Persona, SchoolDay

ZH = "zh-CN"


def visits(day: SchoolDay) -> list[Visit]:
    with day.services.session() as session:
        return list(session.exec(select(Visit).order_by(col(Visit.id))))


def slips(day: SchoolDay) -> list[LeaveSlip]:
    with day.services.session() as session:
        return list(session.exec(select(LeaveSlip).order_by(col(LeaveSlip.id))))


async def on_gate_duty(day: SchoolDay, zhang: Persona) -> None:
    """07:20: the reminder comes and 张老师 answers it all clear (the duty itself is done)."""
    await day.at("07:20")
    await day.telegram.press(zhang.user, day.telegram.last(zhang.chat_id), "全部正常")


async def say(day: SchoolDay, persona: Persona, text: str) -> Sent:
    day.telegram.send_text(persona.user, text)
    return await day.telegram.wait_message(persona.chat_id)


async def test_a_visitor_is_checked_in_and_out_during_gate_duty(
    day: SchoolDay, linked: dict[str, Persona]
) -> None:
    """Refused before the reminder and for anyone not on gate duty; in at 07:25 from one
    line (time in automatic), out at 07:40 with the button naming the visitor; nothing is
    asked about them at the deadline."""
    zhang, wang = linked["zhang"], linked["wang"]
    day.clock.set(day.local("07:19"))
    refused = await say(day, zhang, "/visitor 张三，自来水公司，抄水表，李主任")
    assert refused.text == t(ZH, "gate_off_duty")
    await on_gate_duty(day, zhang)
    assert (await say(day, wang, "/visitor 张三")).text == t(ZH, "gate_off_duty")
    day.clock.set(day.local("07:25"))
    card = await say(day, zhang, "/visitor 张三，自来水公司，抄水表，李主任")
    assert "访客：张三" in (card.text or "") and "进校：07:25（张老师登记）" in (card.text or "")
    assert "单位：自来水公司" in (card.text or "") and "拜访：李主任" in (card.text or "")
    (visit,) = visits(day)
    assert (visit.name, visit.organisation, visit.purpose, visit.host, visit.state) == (
        "张三",
        "自来水公司",
        "抄水表",
        "李主任",
        "inside",
    )
    assert visit.time_in == day.local("07:25")
    day.clock.set(day.local("07:40"))
    await day.telegram.press(zhang.user, card, "张三 已离校")
    assert "07:40 离校（张老师确认）" in (day.telegram.last(zhang.chat_id).text or "")
    (visit,) = visits(day)
    assert (visit.state, visit.time_out, visit.out_by) == ("left", day.local("07:40"), "zhang")
    before = len(day.telegram.chat(zhang.chat_id))
    for hhmm in ("07:50", "08:00", "08:30"):
        await day.at(hhmm)
    assert len(day.telegram.chat(zhang.chat_id)) == before
    assert verify(day.services.engine, day.services.data_dir).ok


async def test_a_visitor_left_inside_is_asked_about_then_escalated_like_the_duty(
    day: SchoolDay, linked: dict[str, Persona]
) -> None:
    """The guided flow (/visitor, then the line); at 07:50 张老师 is asked about the
    visitor still inside; silence climbs the gate duty's ladder (张老师 at 08:00, 李主任 at
    08:10); 李主任 confirms they are still inside and 陈校长 is never bothered."""
    zhang, li, chen = linked["zhang"], linked["li"], linked["chen"]
    await on_gate_duty(day, zhang)
    day.clock.set(day.local("07:30"))
    asked = await say(day, zhang, "/visitor")
    assert (asked.text or "").startswith(t(ZH, "visitor_ask"))
    card = await say(day, zhang, "李四，顺丰快递，送教材，周老师")
    assert "访客：李四" in (card.text or "")
    await day.at("07:49")
    await day.at("07:50")
    question = day.telegram.last(zhang.chat_id)
    assert "校门值守已结束：李四（顺丰快递）07:30 进校" in (question.text or "")
    assert question.button("李四 已离校") and question.button("仍在校内")
    assert visits(day)[0].state == "asked"
    await day.at("08:00")
    assert "第 1 级" in (day.telegram.last(zhang.chat_id).text or "")
    chen_before = len(day.telegram.chat(chen.chat_id))
    await day.at("08:10")
    escalation = day.telegram.last(li.chat_id)
    assert "访客未确认（第 2 级）：李四（顺丰快递，拜访周老师）07:30 由张老师登记进校" in (
        escalation.text or ""
    )
    day.clock.set(day.local("08:15"))
    await day.telegram.press(li.user, escalation, "仍在校内")
    assert "仍在校内（李主任 08:15 确认）" in (day.telegram.last(li.chat_id).text or "")
    told = await day.telegram.wait_for(
        lambda: "仍在校内（李主任 08:15 确认）" in (day.telegram.last(zhang.chat_id).text or "")
    )
    assert told and not day.telegram.last(zhang.chat_id).buttons, "张老师 hears who settled it"
    for hhmm in ("08:30", "09:00"):
        await day.at(hhmm)
    assert len(day.telegram.chat(chen.chat_id)) == chen_before, "confirmed: no third rung"
    (visit,) = visits(day)
    assert (visit.state, visit.confirmed_by) == ("confirmed", "li")
    report = verify(day.services.engine, day.services.data_dir)
    assert report.ok, [f.what for f in report.findings]


async def test_a_usual_visitor_of_the_week_is_one_tap(
    day: SchoolDay, linked: dict[str, Persona]
) -> None:
    """A visitor seen this week is offered as a button under /visitor; a tap registers them."""
    zhang = linked["zhang"]
    await on_gate_duty(day, zhang)
    card = await say(day, zhang, "/visitor 王师傅, 绿化公司, 修剪树木")
    await day.telegram.press(zhang.user, card, "已离校")
    offer = await say(day, zhang, "/visitor")
    day.clock.set(day.local("07:45"))
    await day.telegram.press(zhang.user, offer, "王师傅 · 绿化公司")
    again = await day.telegram.wait_for(
        lambda: "进校：07:45" in (day.telegram.last(zhang.chat_id).text or "")
    )
    assert again
    first, second = visits(day)
    assert (second.name, second.organisation, second.purpose, second.state) == (
        "王师傅",
        "绿化公司",
        "修剪树木",
        "inside",
    )
    assert first.state == "left"


async def test_a_leave_slip_is_recorded_with_its_photo(
    day: SchoolDay, linked: dict[str, Persona]
) -> None:
    """Pupil, class, signing teacher and time out from one line; the slip's photo is kept by
    its hash and verify re-hashes it (a changed file is named)."""
    zhang = linked["zhang"]
    await on_gate_duty(day, zhang)
    day.clock.set(day.local("07:35"))
    recorded = await say(day, zhang, "/slip 王小明，三(2)班，刘老师")
    assert "学生离校：王小明，三(2)班，签字老师：刘老师，07:35 离校" in (recorded.text or "")
    assert recorded.button("不需要照片")
    content = b"\xff\xd8 the signed slip"
    day.telegram.send_photo(zhang.user, content)
    kept = await day.telegram.wait_message(zhang.chat_id)
    assert kept.text == t(ZH, "leave_photo_kept", pupil="王小明")
    (slip,) = slips(day)
    assert (slip.pupil, slip.class_name, slip.signed_by, slip.time_out) == (
        "王小明",
        "三(2)班",
        "刘老师",
        day.local("07:35"),
    )
    digest = hashlib.sha256(content).hexdigest()
    assert slip.photo_sha256 == digest and slip.photo_path == f"photos/{digest}.jpg"
    assert verify(day.services.engine, day.services.data_dir).ok
    (day.services.data_dir / slip.photo_path).write_bytes(b"another picture")
    found = [f.what for f in verify(day.services.engine, day.services.data_dir).findings]
    assert any(re.search(r"photo of leave_slip \d+ was changed", what) for what in found), found


async def test_a_leave_slip_without_a_photo(day: SchoolDay, linked: dict[str, Persona]) -> None:
    """ "No photo" ends the slip's conversation; a later photo is not filed on it."""
    zhang = linked["zhang"]
    await on_gate_duty(day, zhang)
    await say(day, zhang, "/slip")
    recorded = await say(day, zhang, "赵小红, 一(1)班, 孙老师")
    await day.telegram.press(zhang.user, recorded, "不需要照片")
    assert day.telegram.last(zhang.chat_id).text == t(ZH, "leave_no_photo", pupil="赵小红")
    day.telegram.send_photo(zhang.user, b"\xff\xd8 stray")
    await day.telegram.wait_message(zhang.chat_id)
    (slip,) = slips(day)
    assert slip.photo_file_id is None
