"""Leave and substitutes over real HTTP: /leave with buttons, a colleague asked, accepting or
declining, the deputy, the unstaffed escalation 24 hours ahead and the principal's summary.

Tuesday 1 December 2026 in Shanghai. 吴师傅 (wu) has canteen duty every school day at 11:30
(no deputy); gate duty (07:20) has 周老师 (zhou) as its deputy, 王老师 (wang) on Mondays.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from sqlmodel import select

from safeduty.storage.tables import Cover, Event, Occurrence, StaffLeave
from safeduty.testing.fake_telegram import FakeTelegram, Sent
from tests.conftest import EXAMPLE, Persona, SchoolDay

WED, THU, MON = date(2026, 12, 2), date(2026, 12, 3), date(2026, 12, 7)


async def take_leave(tg: FakeTelegram, who: Persona, start: str, length: str) -> Sent:
    """``who`` sends /leave, taps the first day and the length; returns the answer."""
    tg.send_text(who.user, "/leave")
    picker = await tg.wait_message(who.chat_id)
    await tg.press(who.user, picker, start)
    await tg.press(who.user, picker, length)
    return next(m for m in tg.chat(who.chat_id) if m.message_id == picker.message_id)


async def ask_colleague(tg: FakeTelegram, who: Persona, message: Sent, colleague: str) -> Sent:
    """Tap "find cover" on ``message``, then the colleague's name; returns the list message."""
    await tg.press(who.user, message, "找人代班")
    names = tg.last(who.chat_id)
    assert names.message_id != message.message_id
    await tg.press(who.user, names, colleague)
    return next(m for m in tg.chat(who.chat_id) if m.message_id == names.message_id)


def occurrences(day: SchoolDay, duty: str, on: date) -> list[Occurrence]:
    with day.services.session() as session:
        query = select(Occurrence).where(Occurrence.duty_id == duty, Occurrence.day == on)
        return list(session.exec(query))


def events(day: SchoolDay, kind: str) -> list[dict[str, object]]:
    with day.services.session() as session:
        rows = session.exec(select(Event).where(Event.kind == kind).order_by(Event.seq))  # type: ignore[arg-type]
        return [json.loads(e.payload) for e in rows]


async def test_leave_with_a_colleague_who_accepts_and_then_gets_the_reminder(
    day: SchoolDay, linked: dict[str, Persona]
) -> None:
    """吴师傅 is away tomorrow; 张老师 accepts the canteen duty and gets its reminder, not wu."""
    tg, wu, zhang, li = day.telegram, linked["wu"], linked["zhang"], linked["li"]
    await day.at("07:00")  # today and tomorrow are planned for wu
    answer = await take_leave(tg, wu, "明天", "1 天")
    assert "已登记请假：吴师傅，12月2日 周三 至 12月2日 周三" in (answer.text or "")
    assert "午餐食品安全 → 暂无人代班" in (answer.text or "")
    needed = await tg.wait_for(
        lambda: [m for m in tg.chat(li.chat_id) if "还没有人负责" in (m.text or "")]
    )
    assert "吴师傅请假" in (needed[0].text or "") and needed[0].button("找人代班")
    assert [o.state for o in occurrences(day, "canteen", WED)] == ["dropped"]  # nobody yet
    asked = await ask_colleague(tg, wu, answer, "张老师")
    assert "已请张老师代班" in (asked.text or "") and not asked.buttons
    question = await tg.wait_for(
        lambda: [m for m in tg.chat(zhang.chat_id) if "请您代班" in (m.text or "")]
    )
    assert "吴师傅请您代班：12月2日 周三 11:30 午餐食品安全（吴师傅请假），12:30 前完成" in (
        question[0].text or ""
    )
    await tg.press(zhang.user, question[0], "接受")
    assert "您已接受" in (tg.last(zhang.chat_id).text or "")
    told = await tg.wait_for(
        lambda: [m for m in tg.chat(wu.chat_id) if "已接受代班" in (m.text or "")]
    )
    assert "张老师已接受代班：12月2日 周三 11:30 午餐食品安全" in (told[0].text or "")
    before_wu = len(tg.chat(wu.chat_id))
    report = await day.at("11:30", WED)
    assert "canteen/zhang/2026-12-02 reminder" in report.actions
    assert "午餐食品安全" in (tg.last(zhang.chat_id).text or "") and tg.last(zhang.chat_id).button(
        "全部正常"
    )
    assert len(tg.chat(wu.chat_id)) == before_wu
    assert {(o.assignee, o.state) for o in occurrences(day, "canteen", WED)} == {
        ("wu", "dropped"),
        ("zhang", "reminded"),
    }
    accepted = events(day, "cover.accepted")
    assert [(e["absent"], e["substitute"], e["reason"]) for e in accepted] == [
        ("wu", "zhang", "leave")
    ]


async def test_a_colleague_who_declines_leaves_it_unstaffed_and_24_hours_ahead_the_officer_hears(
    day: SchoolDay, linked: dict[str, Persona]
) -> None:
    """张老师 declines Thursday's canteen duty: wu is told; Wednesday 11:30 (24 h before) the
    safety officer gets "nobody on duty", the principal's summary names it, nobody is reminded."""
    tg = day.telegram
    wu, zhang, li, chen = (linked[p] for p in ("wu", "zhang", "li", "chen"))
    answer = await take_leave(tg, wu, "12月3日", "1 天")
    asked = await ask_colleague(tg, wu, answer, "张老师")
    assert "等待答复" in (asked.text or "")
    question = await tg.wait_for(
        lambda: [m for m in tg.chat(zhang.chat_id) if "请您代班" in (m.text or "")]
    )
    await tg.press(zhang.user, question[0], "不行")
    assert "已答复不能接" in (tg.last(zhang.chat_id).text or "")
    told = await tg.wait_for(
        lambda: [m for m in tg.chat(wu.chat_id) if "不能代班" in (m.text or "")]
    )
    assert "张老师不能代班：12月3日 周四 11:30 午餐食品安全" in (told[0].text or "")
    assert told[0].button("找人代班")  # ask somebody else from here

    def alarms() -> list[Sent]:
        return [m for m in tg.chat(li.chat_id) if "无人值班" in (m.text or "")]

    await day.at("11:29", WED)
    assert alarms() == []
    await day.at("11:30", WED)
    (alarm,) = alarms()
    assert "无人值班：12月3日 周四 11:30 午餐食品安全（吴师傅请假）" in (alarm.text or "")
    assert alarm.button("找人代班")
    await day.at("17:30", WED)
    summary = next(
        m.text or "" for m in tg.chat(chen.chat_id) if "12月2日 周三 值班汇总" in (m.text or "")
    )
    assert "无人值班" in summary and "12月3日 周四 11:30 午餐食品安全（吴师傅请假）" in summary
    report = await day.at("11:30", THU)
    assert not [a for a in report.actions if a.startswith("canteen/") and "12-03" in a]
    assert occurrences(day, "canteen", THU) == []
    with day.services.session() as session:
        (cover,) = session.exec(select(Cover)).all()
    assert (cover.state, cover.substitute, cover.escalate_at) == ("declined", "zhang", None)


async def test_the_deputy_stands_in_at_once_and_gets_the_reminder(
    day: SchoolDay, linked: dict[str, Persona]
) -> None:
    """王老师 is away Monday: gate duty goes straight to its deputy 周老师, who is told; Sunday
    evening's heads-up and Monday's reminder go to zhou (naming wang), none to wang."""
    tg, wang, zhou = day.telegram, linked["wang"], linked["zhou"]
    tg.send_text(wang.user, "/leave")
    picker = await tg.wait_message(wang.chat_id)
    await tg.press(wang.user, picker, "12月7日")
    await tg.press(wang.user, picker, "1 天")
    answer = next(m for m in tg.chat(wang.chat_id) if m.message_id == picker.message_id)
    assert "校门值守 → 周老师代班（代班人）" in (answer.text or "") and not answer.buttons
    notice = await tg.wait_for(
        lambda: [m for m in tg.chat(zhou.chat_id) if "由您值班" in (m.text or "")]
    )
    assert "王老师请假，12月7日 周一 07:20 由您值班，07:50 前完成" in (notice[0].text or "")
    before_wang = len(tg.chat(wang.chat_id))
    await day.at("19:00", date(2026, 12, 6))
    heads_up = tg.last(zhou.chat_id)
    assert heads_up.text == "🌙 明天值班：12月7日 周一 07:20 校门值守，07:50 前完成。（代 王老师）"
    report = await day.at("07:20", MON)
    assert "gate/zhou/2026-12-07 reminder" in report.actions
    assert len(tg.chat(wang.chat_id)) == before_wang
    with day.services.session() as session:
        (leave,) = session.exec(select(StaffLeave)).all()
        (cover,) = session.exec(select(Cover)).all()
    assert (leave.staff_id, leave.first_day, leave.last_day, leave.requested_by) == (
        "wang",
        MON,
        MON,
        "wang",
    )
    assert (cover.state, cover.substitute, cover.deputy) == ("accepted", "zhou", True)


async def test_an_admin_records_leave_for_a_teacher_who_is_told(
    day: SchoolDay, linked: dict[str, Persona]
) -> None:
    """周老师 (admin) picks 吴师傅 with a button; wu hears of it; a teacher cannot do the same."""
    tg, zhou, wu, wang = day.telegram, linked["zhou"], linked["wu"], linked["wang"]
    tg.send_text(zhou.user, "/leave")
    who = await tg.wait_message(zhou.chat_id)
    assert who.text == "替谁请假？" and who.buttons[0]["text"] == "我自己"
    await tg.press(zhou.user, who, "吴师傅")
    await tg.press(zhou.user, who, "明天")
    await tg.press(zhou.user, who, "2 天")
    shown = next(m for m in tg.chat(zhou.chat_id) if m.message_id == who.message_id)
    assert "已登记请假：吴师傅，12月2日 周三 至 12月3日 周四" in (shown.text or "")
    notice = await tg.wait_for(
        lambda: [m for m in tg.chat(wu.chat_id) if "为您登记了请假" in (m.text or "")]
    )
    assert "周老师为您登记了请假：12月2日 周三 至 12月3日 周四" in (notice[0].text or "")
    assert (notice[0].text or "").count("午餐食品安全 → 暂无人代班") == 2
    tg.send_text(wang.user, "/leave")
    mine = await tg.wait_message(wang.chat_id)
    assert "王老师从哪天开始请假" in (mine.text or "")  # a teacher only picks their own dates
    with day.services.session() as session:
        assert [(s.staff_id, s.requested_by) for s in session.exec(select(StaffLeave))] == [
            ("wu", "zhou")
        ]


async def test_a_reload_keeps_substitutions_and_replans_them(
    day: SchoolDay, linked: dict[str, Persona], tmp_path: Path
) -> None:
    """zhang covers wu's Wednesday canteen duty; /reload moves canteen to 11:40: zhang is still
    the one reminded, at the new time."""
    tg, wu, zhang, zhou = day.telegram, linked["wu"], linked["zhang"], linked["zhou"]
    await day.at("07:00")
    answer = await take_leave(tg, wu, "明天", "1 天")
    await ask_colleague(tg, wu, answer, "张老师")
    question = await tg.wait_for(
        lambda: [m for m in tg.chat(zhang.chat_id) if "请您代班" in (m.text or "")]
    )
    await tg.press(zhang.user, question[0], "接受")
    config = tmp_path / "school.toml"
    config.write_text(
        EXAMPLE.read_text("utf-8").replace('remind_at = "11:30"', 'remind_at = "11:40"'), "utf-8"
    )
    day.services.config_path = config
    tg.send_text(zhou.user, "/reload")
    assert "配置已重新加载" in ((await tg.wait_message(zhou.chat_id)).text or "")
    early = (await day.at("11:30", WED)).actions
    assert not [a for a in early if a.startswith("canteen/") and "2026-12-02" in a]
    report = await day.at("11:40", WED)
    assert "canteen/zhang/2026-12-02 reminder" in report.actions
    assert not [a for a in report.actions if a.startswith("canteen/wu/2026-12-02")]
    (mine,) = [o for o in occurrences(day, "canteen", WED) if o.assignee == "zhang"]
    assert mine.remind_at == day.local("11:40", WED)


async def test_a_leave_taken_back_gives_the_duty_back_and_tells_the_substitute(
    day: SchoolDay, linked: dict[str, Persona]
) -> None:
    """wu takes Wednesday's leave back from /leave: zhang is told, wu is reminded, not zhang."""
    tg, wu, zhang = day.telegram, linked["wu"], linked["zhang"]
    answer = await take_leave(tg, wu, "明天", "1 天")
    await ask_colleague(tg, wu, answer, "张老师")
    question = await tg.wait_for(
        lambda: [m for m in tg.chat(zhang.chat_id) if "请您代班" in (m.text or "")]
    )
    await tg.press(zhang.user, question[0], "接受")
    await tg.wait_for(lambda: [m for m in tg.chat(wu.chat_id) if "已接受代班" in (m.text or "")])
    tg.send_text(wu.user, "/leave")
    picker = await tg.wait_message(wu.chat_id)
    await tg.press(wu.user, picker, "撤销请假 12月2日 周三–12月2日 周三")
    shown = next(m for m in tg.chat(wu.chat_id) if m.message_id == picker.message_id)
    assert "已撤销请假：吴师傅，12月2日 周三 至 12月2日 周三" in (shown.text or "")
    told = await tg.wait_for(
        lambda: [m for m in tg.chat(zhang.chat_id) if "不用代班了" in (m.text or "")]
    )
    assert "12月2日 周三 11:30 午餐食品安全（吴师傅撤销了请假）" in (told[0].text or "")
    report = await day.at("11:30", WED)
    assert "canteen/wu/2026-12-02 reminder" in report.actions
    assert not [a for a in report.actions if a.startswith("canteen/zhang")]


async def test_a_duty_handed_on_leaves_my_today_and_the_summary_names_only_who_did_it(
    day: SchoolDay, linked: dict[str, Persona]
) -> None:
    """wu is away today and zhang covers: wu's /today has nothing; the summary shows the canteen
    duty once, as zhang's, never as wu's duty left undone."""
    tg, wu, zhang, chen = day.telegram, linked["wu"], linked["zhang"], linked["chen"]
    await day.at("07:00")
    answer = await take_leave(tg, wu, "今天", "1 天")
    await ask_colleague(tg, wu, answer, "张老师")
    question = await tg.wait_for(
        lambda: [m for m in tg.chat(zhang.chat_id) if "请您代班" in (m.text or "")]
    )
    await tg.press(zhang.user, question[0], "接受")
    await tg.wait_for(lambda: [m for m in tg.chat(wu.chat_id) if "已接受代班" in (m.text or "")])
    tg.send_text(wu.user, "/today")
    assert (await tg.wait_message(wu.chat_id)).text == "今天您没有值班。"
    await day.at("11:30")
    await tg.press(zhang.user, tg.last(zhang.chat_id), "全部正常")
    await day.at("17:30")
    summary = next(m.text or "" for m in tg.chat(chen.chat_id) if "值班汇总" in (m.text or ""))
    assert "• 午餐食品安全 — 张老师：✅ 按时（11:30）" in summary
    assert "吴师傅" not in summary
