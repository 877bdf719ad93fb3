"""The principal's view over the fake Bot API: summary, /status, weekly chart, /export."""

from __future__ import annotations

import io
from datetime import date

from openpyxl import load_workbook

from tests.conftest import Persona, SchoolDay


async def play_tuesday(day: SchoolDay, linked: dict[str, Persona]) -> None:
    """Gate answered late after the ladder reached 李主任; canteen a problem; inspection silent."""
    tg = day.telegram
    zhang, wu = linked["zhang"], linked["wu"]
    await day.at("07:20")
    reminder = tg.last(zhang.chat_id)
    for hhmm in ("07:40", "08:00", "08:10"):
        await day.at(hhmm)
    day.clock.set(day.local("08:12"))
    await tg.press(zhang.user, reminder, "全部正常")
    await day.at("11:30")
    msg = tg.last(wu.chat_id)
    for label in ("1. 今日留样", "2. 餐具", "2. 餐具", "3. 厨房"):
        await tg.press(wu.user, msg, label)
    await tg.press(wu.user, msg, "提交")
    await tg.wait_for(lambda: "回复" in (tg.last(wu.chat_id).text or ""))
    tg.send_text(wu.user, "消毒柜温度不够")
    ask = await tg.wait_message(wu.chat_id)
    await tg.press(wu.user, ask, "不需要照片")
    await tg.wait_for(lambda: "已上报" in (tg.last(wu.chat_id).text or ""))
    for hhmm in ("15:30", "17:00", "17:29"):
        await day.at(hhmm)


async def test_summary_at_its_minute_lists_exactly_what_happened(
    day: SchoolDay, linked: dict[str, Persona]
) -> None:
    """17:30: the principal gets on time / late / missed, the problem with its note, escalations."""
    chen = linked["chen"]
    await play_tuesday(day, linked)
    before = len(day.telegram.chat(chen.chat_id))
    report = await day.at("17:30")
    assert report.sent
    new = day.telegram.chat(chen.chat_id)[before:]
    summary = next(m.text or "" for m in new if "值班汇总" in (m.text or ""))
    assert "12月1日 周二" in summary
    assert "按时 1 · 迟交 1 · 未完成 1 · 问题 1" in summary
    assert "校门值守 — 张老师：⏰ 迟交（08:12）" in summary
    assert "午餐食品安全 — 吴师傅：✅ 按时（11:" in summary
    assert "每月校园隐患排查 — 李主任：❌ 超时未完成" in summary
    assert "午餐食品安全 / 餐具已消毒（吴师傅）：消毒柜温度不够" in summary
    assert "08:10 校门值守（张老师）第 2 级 → 李主任" in summary
    assert "每月校园隐患排查（李主任）第 1 级 → 陈校长" in summary
    assert "已发提醒 3 条" in summary and "未绑定：周老师" not in summary
    assert "孙老师" in summary  # never linked
    await day.at("17:31")
    assert len([m for m in day.telegram.chat(chen.chat_id) if "值班汇总" in (m.text or "")]) == 1


async def test_status_matches_mid_day_and_refuses_a_teacher(
    day: SchoolDay, linked: dict[str, Persona]
) -> None:
    """/status at 09:00 shows the gate answered late and the rest not yet due; teachers refused."""
    tg, chen, wang = day.telegram, linked["chen"], linked["wang"]
    await day.at("07:20")
    await day.at("08:00")
    reminder = next(m for m in tg.chat(linked["zhang"].chat_id) if "值班提醒" in (m.text or ""))
    day.clock.set(day.local("08:05"))
    await tg.wait_answer(
        tg.tap(linked["zhang"].user, reminder, reminder.button("全部正常")["callback_data"])
    )
    day.clock.set(day.local("09:00"))
    tg.send_text(chen.user, "/status")
    status = (await tg.wait_message(chen.chat_id)).text or ""
    assert "截至 09:00" in status
    assert "校门值守 — 张老师：⏰ 迟交（08:05）" in status
    assert "午餐食品安全 — 吴师傅：⏳ 未到截止" in status
    tg.send_text(wang.user, "/status")
    assert "只有校长、安全主任和管理员" in ((await tg.wait_message(wang.chat_id)).text or "")


async def test_no_summary_on_a_day_without_duties(
    day: SchoolDay, linked: dict[str, Persona]
) -> None:
    """Saturday: nothing planned, nothing to report, nothing sent."""
    chen = linked["chen"]
    before = len(day.telegram.chat(chen.chat_id))
    report = await day.at("17:30", date(2026, 12, 5))
    assert report.sent == []
    assert len(day.telegram.chat(chen.chat_id)) == before


async def test_weekly_chart_arrives_as_a_photo_on_the_first_school_day(
    day: SchoolDay, linked: dict[str, Persona]
) -> None:
    """Monday 08:00 after a week with a missed duty: a PNG via sendPhoto with a one-line caption."""
    await play_tuesday(day, linked)
    for d in (2, 3, 4):
        await day.at("23:59", date(2026, 12, d))
    await day.at("07:59", date(2026, 12, 7))
    assert not [m for m in day.telegram.chat(linked["chen"].chat_id) if m.method == "sendPhoto"]
    await day.at("08:00", date(2026, 12, 7))
    photos = [m for m in day.telegram.chat(linked["chen"].chat_id) if m.method == "sendPhoto"]
    assert len(photos) == 1
    assert photos[0].content is not None and photos[0].content.startswith(b"\x89PNG")
    caption = photos[0].text or ""
    assert "\n" not in caption and "上周" in caption and "迟交 1" in caption


async def test_export_arrives_as_a_document_that_opens(
    day: SchoolDay, linked: dict[str, Persona]
) -> None:
    """/export sends this month's XLSX; openpyxl reads a summary sheet and one per duty."""
    tg, chen = day.telegram, linked["chen"]
    await play_tuesday(day, linked)
    tg.send_text(chen.user, "/export")
    document = await tg.wait_message(chen.chat_id)
    assert document.method == "sendDocument" and document.file_name == "safeduty-2026-12.xlsx"
    book = load_workbook(io.BytesIO(document.content or b""))
    assert book.sheetnames == ["汇总", "校门值守", "午餐食品安全", "每月校园隐患排查", "隐患台账"]
    gate = list(book["校门值守"].values)
    assert gate[0][:5] == ("日期", "值班人", "提醒时间", "回答时间", "结果")
    tuesday = next(r for r in gate[1:] if "张老师" in r)
    assert tuesday[3] == "2026-12-01 08:12" and tuesday[4] == "迟交"
    canteen = list(book["午餐食品安全"].values)
    assert "有问题" in canteen[1] and any("消毒柜温度不够" in str(c) for c in canteen[1])
    tg.send_text(linked["wang"].user, "/export")
    assert "只有校长和管理员" in ((await tg.wait_message(linked["wang"].chat_id)).text or "")
    tg.send_text(chen.user, "/export 2026-13")
    assert "YYYY-MM" in ((await tg.wait_message(chen.chat_id)).text or "")
