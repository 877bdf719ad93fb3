"""Hazards over real HTTP (隐患排查 → 整改 → 复查销号), on SQLite and PostgreSQL.

Tuesday 1 December 2026: 张老师 (zhang) has gate duty; 李主任 (li) is the safety officer
and does the monthly inspection (the sweep) at 15:30; 陈校长 (chen) is the principal;
王老师 (wang) and 周老师 (zhou, no duty at all) are teachers.
"""

from __future__ import annotations

import asyncio
import hashlib
from datetime import date

from sqlmodel import select

from safeduty.domain.states import DeliveryKind
from safeduty.storage.tables import Delivery, ItemAnswer
from safeduty.verify import verify
from tests.conftest import Persona, SchoolDay
from tests.e2e.hazard_steps import (
    assign,
    check,
    fix,
    forged_tap,
    hazard_number,
    hazard_row,
    newest,
    photos,
    report,
    steps,
)

LATCH = b"\xff\xd8 the broken latch"
NEW_LATCH = b"\xff\xd8 a new latch, screwed in"


def recipients(day: SchoolDay, kind: DeliveryKind, hazard_id: int) -> list[str]:
    with day.services.session() as session:
        query = select(Delivery).where(Delivery.kind == kind, Delivery.hazard_id == hazard_id)
        return sorted(d.recipient for d in session.exec(query))


async def test_a_problem_answer_becomes_a_hazard_fixed_with_an_after_photo_and_verified(
    day: SchoolDay, linked: dict[str, Persona]
) -> None:
    """⚠️ answer → "track as hazard" → li names wang, 3 days → wang fixes it with an
    after-photo → chen verifies → closed; wang and zhang hear of it; verify agrees."""
    tg = day.telegram
    zhang, li, wang, chen = linked["zhang"], linked["li"], linked["wang"], linked["chen"]
    await day.at("07:20")
    msg = tg.last(zhang.chat_id)
    for label in ("1. 小门", "1. 小门", "2. 访客", "3. 家长"):
        await tg.press(zhang.user, msg, label)
    await tg.press(zhang.user, msg, "提交")
    await newest(tg, zhang, "回复")
    tg.send_text(zhang.user, "小门锁扣坏了")
    await newest(tg, zhang, "可以再发一张照片")
    tg.send_photo(zhang.user, LATCH)
    offer = await newest(tg, zhang, "登记为隐患，跟踪到整改复查")
    assert "小门已上锁" in (offer.text or "")
    await tg.press(zhang.user, offer, "📌 登记为隐患")
    hazard_id = hazard_number(await newest(tg, zhang, "已登记为隐患 #"))
    notice = await newest(tg, li, f"新隐患 #{hazard_id}")
    assert "小门已上锁: 小门锁扣坏了" in (notice.text or "") and "校门值守" in (notice.text or "")
    assert "附 1 张照片" in (notice.text or "")
    assert {"王老师", "李主任", "陈校长"} <= {b["text"] for b in notice.buttons}

    day.clock.set(day.local("10:00"))
    await assign(day, li, hazard_id, "王老师", "3 天内")
    told = await newest(tg, wang, f"隐患 #{hazard_id} 交给您整改")
    assert "12月4日" in (told.text or "")
    day.clock.set(day.local("14:00"))
    await fix(day, wang, hazard_id, "换了新锁扣", NEW_LATCH)
    assert recipients(day, DeliveryKind.HAZARD_FIXED, hazard_id) == ["chen", "li"]
    answer = await check(day, chen, hazard_id, "复查合格")
    assert not answer.get("show_alert")
    await newest(tg, wang, f"隐患 #{hazard_id} 已复查销号")
    await newest(tg, zhang, f"隐患 #{hazard_id} 已复查销号")

    row = hazard_row(day, hazard_id)
    assert (row.state, row.owner, row.deadline, row.verified_by, row.fix_note) == (
        "closed",
        "wang",
        date(2026, 12, 4),
        "chen",
        "换了新锁扣",
    )
    assert (row.reported_by, row.source_item, row.place) == ("zhang", 0, "校门值守")
    assert steps(day, hazard_id) == [
        ("opened", "zhang"),
        ("assigned", "li"),
        ("fixed", "wang"),
        ("closed", "chen"),
    ]
    before, after = photos(day, hazard_id)
    with day.services.session() as session:
        latch = session.exec(select(ItemAnswer).where(ItemAnswer.item == 0)).one()
    assert (before.kind, before.path, before.sha256) == (
        "before",
        latch.photo_path,
        latch.photo_sha256,
    )
    assert after.kind == "after" and after.sha256 == hashlib.sha256(NEW_LATCH).hexdigest()
    assert after.path == f"photos/{after.sha256}.jpg"
    stored = await asyncio.to_thread((day.services.data_dir / after.path).read_bytes)
    assert stored == NEW_LATCH
    assert verify(day.services.engine, day.services.data_dir).findings == []

    tg.send_text(wang.user, f"/hazard {hazard_id}")  # the owner sees the whole timeline
    timeline = await newest(tg, wang, "经过：")
    for line in (
        "张老师：上报",
        "李主任：指定王老师负责",
        "王老师：整改：换了新锁扣",
        "陈校长：复查合格",
    ):
        assert line in (timeline.text or ""), timeline.text
    shown = await tg.wait_for(
        lambda: (sent := [m for m in tg.chat(wang.chat_id) if m.method == "sendPhoto"])[1:] and sent
    )
    assert [m.text for m in shown] == [f"#{hazard_id} 整改前", f"#{hazard_id} 整改后"]


async def test_the_owner_cannot_verify_their_own_fix(
    day: SchoolDay, linked: dict[str, Persona]
) -> None:
    """li gives the hazard to herself and fixes it: her verify is refused, chen's closes it."""
    li, chen = linked["li"], linked["chen"]
    hazard_id = await report(day, li, "实验室插座冒火花", place="实验楼", category="用电安全")
    await assign(day, li, hazard_id, "李主任", "今天")
    await fix(day, li, hazard_id, "更换了插座", None)
    assert recipients(day, DeliveryKind.HAZARD_FIXED, hazard_id) == ["chen"]
    refused = await forged_tap(day, li, "v", hazard_id)
    assert refused["show_alert"] and "不能复查自己整改的隐患" in str(refused["text"])
    assert hazard_row(day, hazard_id).state == "fixed"
    teacher = await forged_tap(day, linked["wang"], "v", hazard_id)
    assert "只有安全主任和校长" in str(teacher["text"])
    await check(day, chen, hazard_id, "复查合格")
    assert hazard_row(day, hazard_id).state == "closed"
    assert hazard_row(day, hazard_id).verified_by == "chen"


async def test_a_reopened_hazard_goes_back_to_its_owner_with_the_reason(
    day: SchoolDay, linked: dict[str, Persona]
) -> None:
    """chen finds the fix wanting: wang is told why, with a new deadline, fixes it again."""
    tg = day.telegram
    wang, li, chen = linked["wang"], linked["li"], linked["chen"]
    hazard_id = await report(day, wang, "楼梯扶手松动", place="教学楼", category="校舍建筑")
    await assign(day, li, hazard_id, "王老师", "3 天内")
    await fix(day, wang, hazard_id, "拧紧了螺丝", None)
    await check(day, chen, hazard_id, "不合格")
    await newest(tg, chen, f"隐患 #{hazard_id}：请写明退回的原因")
    tg.send_text(chen.user, "还是会晃，需要换支架")
    done = await newest(tg, chen, f"隐患 #{hazard_id} 已退回王老师")
    assert "12月4日" in (done.text or "")
    told = await newest(tg, wang, f"隐患 #{hazard_id} 退回重新整改")
    assert "还是会晃，需要换支架" in (told.text or "") and told.button("已整改")
    await newest(tg, li, f"隐患 #{hazard_id} 退回重新整改")  # the officers hear of it too
    row = hazard_row(day, hazard_id)
    assert (row.state, row.reopen_reason, row.cycle) == ("reopened", "还是会晃，需要换支架", 2)
    await fix(day, wang, hazard_id, "换了新支架", NEW_LATCH)
    await check(day, li, hazard_id, "复查合格")
    assert hazard_row(day, hazard_id).state == "closed"
    assert [a for a, _ in steps(day, hazard_id)] == [
        "opened",
        "assigned",
        "fixed",
        "reopened",
        "fixed",
        "closed",
    ]


async def test_an_overdue_hazard_climbs_its_ladder(
    day: SchoolDay, linked: dict[str, Persona]
) -> None:
    """Due today: Wed 08:00 wang hears it is overdue, Thu the safety officer, Sat the
    principal (the default ladder: 0d owner, 1d safety officer, 3d principal)."""
    tg = day.telegram
    zhou, li, wang, chen = linked["zhou"], linked["li"], linked["wang"], linked["chen"]
    hazard_id = await report(day, zhou, "操场围栏松动", place="操场", category="周边环境")
    await assign(day, li, hazard_id, "王老师", "今天")
    wed, thu, sat = date(2026, 12, 2), date(2026, 12, 3), date(2026, 12, 5)
    report_ = await day.at("07:59", wed)
    assert not [a for a in report_.actions if a.startswith("hazard")]
    report_ = await day.at("08:00", wed)
    assert f"hazard {hazard_id} overdue step 0" in report_.actions
    assert "已逾期" in ((await newest(tg, wang, f"隐患 #{hazard_id} 已逾期")).text or "")
    await day.at("08:00", thu)
    escalated = await newest(tg, li, "隐患逾期（第 2 级）")
    assert f"#{hazard_id}" in (escalated.text or "") and "王老师" in (escalated.text or "")
    await newest(tg, wang, f"隐患 #{hazard_id} 还未整改")  # Thursday's reminder
    await day.at("08:00", sat)
    await newest(tg, chen, "隐患逾期（第 3 级）")
    assert recipients(day, DeliveryKind.HAZARD_OVERDUE, hazard_id) == ["chen", "li", "wang"]
    tg.send_text(wang.user, "/hazards")
    listed = await newest(tg, wang, "未销号的隐患")
    assert f"#{hazard_id} ⏫逾期" in (listed.text or "")
    assert [a for a, _ in steps(day, hazard_id)].count("escalated") == 3


async def test_a_major_hazard_reaches_the_principal_at_once(
    day: SchoolDay, linked: dict[str, Persona]
) -> None:
    """重大: the principal and the safety officer get it as soon as it is reported."""
    wang, li, chen = linked["wang"], linked["li"], linked["chen"]
    hazard_id = await report(
        day, wang, "食堂燃气管道有气味", place="食堂", category="消防安全", level="重大"
    )
    for who in (chen, li):
        notice = await newest(day.telegram, who, f"新隐患 #{hazard_id}")
        assert "重大隐患" in (notice.text or "")
    assert recipients(day, DeliveryKind.HAZARD_NEW, hazard_id) == ["chen", "li"]


async def test_a_teacher_with_no_duty_reports_one_with_hazard(
    day: SchoolDay, linked: dict[str, Persona]
) -> None:
    """周老师 has no duty: /hazard with a typed place and a photo; the safety officer hears."""
    zhou, li = linked["zhou"], linked["li"]
    photo = b"\xff\xd8 a loose tile"
    hazard_id = await report(
        day, zhou, "二楼走廊地砖翘起", place="二楼走廊", photo=photo, category="校舍建筑"
    )
    row = hazard_row(day, hazard_id)
    assert (row.reported_by, row.place, row.category, row.level, row.state) == (
        "zhou",
        "二楼走廊",
        "buildings",
        "general",
        "open",
    )
    (kept,) = photos(day, hazard_id)
    assert kept.sha256 == hashlib.sha256(photo).hexdigest() and kept.kind == "before"
    notice = await newest(day.telegram, li, f"新隐患 #{hazard_id}")
    assert "二楼走廊地砖翘起" in (notice.text or "") and "周老师" in (notice.text or "")
    assert recipients(day, DeliveryKind.HAZARD_NEW, hazard_id) == ["li"]


async def test_a_photo_over_the_limit_is_refused(
    day: SchoolDay, linked: dict[str, Persona]
) -> None:
    """A picture larger than photo_max_kb is not kept, and the reporter is told why."""
    tg, zhou = day.telegram, linked["zhou"]
    tg.send_text(zhou.user, "/hazard 围墙有裂缝")
    ask = await newest(tg, zhou, "地点在哪里")
    await tg.press(zhou.user, ask, "围墙与周边")
    await newest(tg, zhou, "可以发一张或几张照片")
    tg.send_photo(zhou.user, b"\xff" * (day.services.config.hazards.photo_max_kb * 1024 + 1))
    refused = await newest(tg, zhou, "这张照片太大")
    assert "5120 KB" in (refused.text or "")
    assert not list((day.services.data_dir / "photos").glob("*.jpg"))


async def test_the_next_sweep_re_asks_about_closed_hazards_and_a_no_reopens(
    day: SchoolDay, linked: dict[str, Persona]
) -> None:
    """Dec 1: #1 is closed before li's 15:30 inspection, which asks about it ("still
    fixed"); an inspection ⚠️ becomes #2 by itself, closed later that day. Jan 4, the next
    inspection asks about #2 only; "no" reopens it and wang is told."""
    tg = day.telegram
    wang, li, chen = linked["wang"], linked["li"], linked["chen"]
    first = await report(day, wang, "消防通道堆放杂物", place="教学楼", category="消防安全")
    await assign(day, li, first, "王老师", "今天")
    await fix(day, wang, first, "清理了杂物", None)
    await check(day, chen, first, "复查合格")

    await day.at("15:30")
    question = await newest(tg, li, f"复查隐患 #{first}")
    assert "消防通道堆放杂物" in (question.text or "")
    await tg.press(li.user, question, "仍然正常")
    await newest(tg, li, f"隐患 #{first} 仍然正常")
    assert hazard_row(day, first).rechecked_by == "li"

    inspection = next(
        m
        for m in reversed(tg.chat(li.chat_id))
        if "每月校园隐患排查" in (m.text or "") and m.buttons
    )
    for label in ("1. 教室", "2. 楼梯", "3. 消防", "3. 消防", "4. 食堂", "5. 实验室"):
        await tg.press(li.user, inspection, label)
    await tg.press(li.user, inspection, "提交")
    await newest(tg, li, "「消防器材」有问题")
    tg.send_text(li.user, "三楼灭火器过期")
    await tg.press(li.user, await newest(tg, li, "可以再发一张照片"), "不需要照片")
    swept = hazard_number(await newest(tg, li, "已登记为隐患 #"))
    assert swept == first + 1
    row = hazard_row(day, swept)
    assert (row.description, row.reported_by, row.place) == (
        "消防器材: 三楼灭火器过期",
        "li",
        "每月校园隐患排查",
    )
    day.clock.set(day.local("16:00"))
    await assign(day, li, swept, "王老师", "1 天内")
    await fix(day, wang, swept, "换了新灭火器", NEW_LATCH)
    await check(day, chen, swept, "复查合格")

    jan4 = date(2027, 1, 4)
    await day.at("15:30", jan4)
    again = await newest(tg, li, f"复查隐患 #{swept}")
    assert not [m for m in tg.chat(li.chat_id) if f"复查隐患 #{first}" in (m.text or "")][1:]
    await tg.press(li.user, again, "又有问题")
    await newest(tg, li, f"隐患 #{swept} 已退回王老师")
    told = await newest(tg, wang, f"隐患 #{swept} 退回重新整改")
    assert "每月校园隐患排查复查未通过" in (told.text or "")
    row = hazard_row(day, swept)
    assert (row.state, row.deadline) == ("reopened", date(2027, 1, 5))
    assert recipients(day, DeliveryKind.HAZARD_RECHECK, first) == ["li"]  # asked once only
    assert verify(day.services.engine, day.services.data_dir).findings == []
