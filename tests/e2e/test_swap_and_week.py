"""Swaps, /week, the evening heads-up and /start's list of duties, over real HTTP.

Tuesday 1 December 2026 in Shanghai: 张老师 (zhang) has gate duty at 07:20 (Tuesdays),
王老师 (wang) on Mondays; gate duty sends a heads-up at 19:00 the evening before.
"""

from __future__ import annotations

import json
from datetime import date

from sqlmodel import select

from safeduty.storage.tables import Event
from safeduty.testing.fake_telegram import FakeTelegram, Sent
from tests.conftest import Persona, SchoolDay
from tests.e2e.test_leave import take_leave

TUE, SUN, MON = date(2026, 12, 1), date(2026, 12, 6), date(2026, 12, 7)


def now_shown(tg: FakeTelegram, message: Sent) -> Sent:
    return next(m for m in tg.chat(message.chat_id) if m.message_id == message.message_id)


async def ask(tg: FakeTelegram, who: Persona, command: str) -> str:
    tg.send_text(who.user, command)
    return (await tg.wait_message(who.chat_id)).text or ""


async def test_a_swap_accepted_hands_the_duty_over_and_both_see_it(
    day: SchoolDay, linked: dict[str, Persona]
) -> None:
    """张老师 offers today's gate duty to 王老师, who accepts: wang gets the 07:20 reminder, zhang
    is told and not reminded, /week shows it on both sides, the record says who swapped with whom."""
    tg, zhang, wang = day.telegram, linked["zhang"], linked["wang"]
    await day.at("07:00")  # today's gate duty is planned for zhang
    tg.send_text(zhang.user, "/swap")
    picker = await tg.wait_message(zhang.chat_id)
    assert picker.text == "要把哪项值班换给同事？"
    assert [b["text"] for b in picker.buttons] == [
        "12月1日 周二 07:20 校门值守",
        "12月8日 周二 07:20 校门值守",
    ]
    await tg.press(zhang.user, picker, "12月1日")
    assert now_shown(tg, picker).text == "把 12月1日 周二 07:20 校门值守 换给谁？"
    assert "张老师" not in [b["text"] for b in now_shown(tg, picker).buttons]
    await tg.press(zhang.user, picker, "王老师")
    assert "已把 12月1日 周二 07:20 校门值守 提给王老师" in (now_shown(tg, picker).text or "")
    offer = await tg.wait_for(
        lambda: [m for m in tg.chat(wang.chat_id) if "换给您" in (m.text or "")]
    )
    assert "张老师想把值班换给您：12月1日 周二 07:20 校门值守，07:50 前完成" in (
        offer[0].text or ""
    )
    assert "  • 07:20 校门值守（已提给王老师，等待答复）" in await ask(tg, zhang, "/week")
    await tg.press(wang.user, offer[0], "接受")
    assert "您已接受：12月1日 周二 07:20 校门值守（代 张老师）" in (
        tg.last(wang.chat_id).text or ""
    )
    told = await tg.wait_for(
        lambda: [m for m in tg.chat(zhang.chat_id) if "接受了换班" in (m.text or "")]
    )
    assert "王老师接受了换班：12月1日 周二 07:20 校门值守 现在由王老师负责" in (told[0].text or "")
    zhang_seen = len(tg.chat(zhang.chat_id))
    report = await day.at("07:20")
    assert "gate/wang/2026-12-01 reminder" in report.actions
    assert not [a for a in report.actions if a.startswith("gate/zhang")]
    assert len(tg.chat(zhang.chat_id)) == zhang_seen
    assert "  • 07:20 校门值守（代 张老师）" in await ask(tg, wang, "/week")
    assert "  • 07:20 校门值守（王老师代班）" in await ask(tg, zhang, "/week")
    with day.services.session() as session:
        accepted = session.exec(select(Event).where(Event.kind == "cover.accepted")).one()
    facts = json.loads(accepted.payload)
    assert (accepted.actor, facts["reason"], facts["absent"], facts["substitute"]) == (
        "wang",
        "swap",
        "zhang",
        "wang",
    )


async def test_a_declined_swap_keeps_the_duty_where_it_was(
    day: SchoolDay, linked: dict[str, Persona]
) -> None:
    """王老师 declines: zhang is told the duty stays theirs, and zhang is reminded at 07:20."""
    tg, zhang, wang = day.telegram, linked["zhang"], linked["wang"]
    tg.send_text(zhang.user, "/swap")
    picker = await tg.wait_message(zhang.chat_id)
    await tg.press(zhang.user, picker, "12月1日")
    await tg.press(zhang.user, picker, "王老师")
    offer = await tg.wait_for(
        lambda: [m for m in tg.chat(wang.chat_id) if "换给您" in (m.text or "")]
    )
    accept = offer[0].button("接受")["callback_data"]
    await tg.press(wang.user, offer[0], "不行")
    told = await tg.wait_for(
        lambda: [m for m in tg.chat(zhang.chat_id) if "没有接受换班" in (m.text or "")]
    )
    assert "仍由您负责" in (told[0].text or "")
    again = tg.tap(wang.user, offer[0], accept)  # the old question, tapped again
    assert (await tg.wait_answer(again))["text"] == "这个请求已经处理过了。"
    report = await day.at("07:20")
    assert "gate/zhang/2026-12-01 reminder" in report.actions


async def test_week_shows_my_leave_and_the_duty_nobody_covers_yet(
    day: SchoolDay, linked: dict[str, Persona]
) -> None:
    """吴师傅 is away Thursday: /week marks the day and the canteen duty without a substitute."""
    tg, wu = day.telegram, linked["wu"]
    await take_leave(tg, wu, "12月3日", "1 天")
    text = await ask(tg, wu, "/week")
    assert "12月3日 周四 · 请假\n  • 11:30 午餐食品安全（请假，暂无人代班）" in text
    assert "12月2日 周三\n  • 11:30 午餐食品安全\n" in text


async def test_the_evening_heads_up_reaches_the_gate_teacher_the_day_before(
    day: SchoolDay, linked: dict[str, Persona]
) -> None:
    """Sunday 19:00: 王老师 learns of Monday's 07:20 gate duty; once only, never in the night."""
    tg, wang = day.telegram, linked["wang"]
    await day.at("18:59", SUN)
    assert not [m for m in tg.chat(wang.chat_id) if "明天值班" in (m.text or "")]
    await day.at("19:00", SUN)
    assert tg.last(wang.chat_id).text == "🌙 明天值班：12月7日 周一 07:20 校门值守，07:50 前完成。"
    await day.at("21:00", SUN)
    await day.at("07:20", MON)
    assert len([m for m in tg.chat(wang.chat_id) if "明天值班" in (m.text or "")]) == 1


async def test_a_heads_up_the_bot_was_down_for_is_not_sent_in_the_night(
    day: SchoolDay, linked: dict[str, Persona]
) -> None:
    """Down from Sunday afternoon until 00:30 Monday: no heads-up at night; the reminder comes."""
    tg, wang = day.telegram, linked["wang"]
    await day.at("15:00", SUN)
    await day.at("00:30", MON)
    await day.at("07:20", MON)
    assert not [m for m in tg.chat(wang.chat_id) if "明天值班" in (m.text or "")]
    assert "校门值守" in (tg.last(wang.chat_id).text or "")


async def test_start_lists_rota_rotation_group_and_holiday_duties_with_the_next_date(
    day: SchoolDay, linked: dict[str, Persona]
) -> None:
    """王老师's greeting: gate on Mondays, class safety (as a class teacher), the holiday roster
    in turn, each with the next date; 李主任 is the holiday roster's deputy."""
    greeting = day.telegram.chat(linked["wang"].chat_id)[0].text or ""
    assert greeting.splitlines()[2:6] == [
        "您的值班：",
        "• 校门值守：周一，07:20 提醒，07:50 前完成（下次 12月7日 周一）",
        "• 班级安全教育课：每月最后一个上课日，15:40 提醒，16:30 前完成（下次 12月31日 周四）",
        "• 假期值班：假期和节假日、轮流值班（6 人），08:30 提醒，09:30 前完成（下次 1月25日 周一）",
    ]
    li = day.telegram.chat(linked["li"].chat_id)[0].text or ""
    assert "• 假期值班：代班人（有人请假时顶班）" in li
