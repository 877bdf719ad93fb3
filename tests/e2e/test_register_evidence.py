# ruff: noqa: S608  (tamper SQL built in tests)
"""Incidents and the gate register in the reports and the evidence: the daily summary, the
monthly export, and ``safeduty verify`` catching each edit made behind the bot's back.

Tuesday 1 December 2026 (config.example.toml): 张老师 (zhang) keeps the gate register
from 07:20 to 07:50; 王老师 (wang) reports an injury at 10:00 that 李主任 (li)
acknowledges at 10:03 and closes; the summary goes to 陈校长 (chen) at 17:30.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import Engine, text

from safeduty.ledger import export_month
from safeduty.testing.fake_telegram import Sent
from safeduty.verify import verify
from tests.conftest import Persona, SchoolDay
from tests.e2e.test_verify import sql
from tests.e2e.test_verify_hardening import forge_tail_event

NEW_YEAR = date(2027, 1, 1)


@dataclass
class Played:
    """A played Tuesday with incidents and the register, and the summary chen got."""

    day: SchoolDay
    engine: Engine
    data_dir: Path
    summary: str


async def play(day: SchoolDay, linked: dict[str, Persona]) -> str:
    tg = day.telegram
    zhang, wang, li, chen = linked["zhang"], linked["wang"], linked["li"], linked["chen"]
    await day.at("07:20")
    await tg.press(zhang.user, tg.last(zhang.chat_id), "全部正常")
    day.clock.set(day.local("07:25"))
    tg.send_text(zhang.user, "/visitor 张三，自来水公司，抄水表，李主任")
    card = await tg.wait_message(zhang.chat_id)
    tg.send_text(zhang.user, "/visitor 李四，顺丰快递，送教材")
    await tg.wait_message(zhang.chat_id)
    day.clock.set(day.local("07:35"))
    await tg.press(zhang.user, card, "张三 已离校")
    tg.send_text(zhang.user, "/slip 王小明，三(2)班，刘老师")
    await tg.wait_message(zhang.chat_id)
    tg.send_photo(zhang.user, b"\xff\xd8 the slip")
    await tg.wait_message(zhang.chat_id)
    for hhmm in ("07:50", "08:00"):
        await day.at(hhmm)

    day.clock.set(day.local("10:00"))
    tg.send_text(wang.user, "/incident")
    picker = await tg.wait_message(wang.chat_id)
    await tg.press(wang.user, picker, "受伤")
    message = await tg.wait_for(lambda: _newest(tg.chat(li.chat_id), "紧急事件 #1"))
    tg.send_photo(wang.user, b"\xff\xd8 the playground")
    await tg.wait_for(lambda: tg.last(li.chat_id).method == "sendPhoto")
    day.clock.set(day.local("10:03"))
    await tg.press(li.user, message, "收到")
    await tg.press(li.user, message, "1. 先处置伤情")
    day.clock.set(day.local("10:30"))
    await tg.press(li.user, message, "结案")
    tg.send_text(li.user, "已处理")
    await tg.wait_for(lambda: "已结案" in (tg.last(li.chat_id).text or ""))
    for hhmm in ("11:30", "15:30", "17:00", "17:30"):
        await day.at(hhmm)
    return next(m.text or "" for m in tg.chat(chen.chat_id) if "值班汇总" in (m.text or ""))


@pytest.fixture
async def played(day: SchoolDay, linked: dict[str, Persona]) -> Played:
    summary = await play(day, linked)
    return Played(day, day.services.engine, day.services.data_dir, summary)


def _newest(messages: list[Sent], fragment: str) -> Sent | None:
    return next((m for m in reversed(messages) if fragment in (m.text or "")), None)


async def test_the_daily_summary_lists_the_incidents_and_the_register(played: Played) -> None:
    """The day's incident with who acknowledged when, and the register's counts."""
    assert "🚨 紧急事件：" in played.summary
    assert "• 10:00 #1 受伤（王老师）🏁 已结案；确认：李主任 10:03" in played.summary
    assert "🚪 校门登记：访客 2 人，仍在校内 1 人，学生离校 1 人" in played.summary


async def test_the_monthly_export_has_an_incident_sheet_and_a_gate_register_sheet(
    played: Played, tmp_path: Path
) -> None:
    """Beside the duties' sheets: each incident in a row, each visitor and slip in a row."""
    out = tmp_path / "ledger.xlsx"
    now = played.day.services.clock.now()
    export_month(played.day.services.config, played.engine, 2026, 12, out=out, now=now)
    book = load_workbook(io.BytesIO(out.read_bytes()))
    assert book.sheetnames[-2:] == ["紧急事件", "校门登记"]
    incidents = list(book["紧急事件"].values)
    assert incidents[0][:4] == ("编号", "类型", "报告人", "报告时间")
    (row,) = incidents[1:]
    assert row[:4] == (1, "受伤", "王老师", "2026-12-01 10:00")
    assert row[5].startswith("photos/") and row[6] == "李主任 10:03"
    assert row[7] == "先处置伤情，必要时呼叫急救 (李主任 10:03)"
    assert row[8:] == ("🏁 已结案", "2026-12-01 10:30", "李主任", "已处理")
    gate = list(book["校门登记"].values)
    assert [r[1:4] for r in gate[1:]] == [
        ("访客", "张三", "自来水公司"),
        ("访客", "李四", "顺丰快递"),
        ("学生离校", "王小明", "三(2)班"),
    ]
    assert gate[1][6:10] == ("07:25", "07:35", "张老师", "已离校")
    assert gate[2][7] == "" or gate[2][7] is None
    assert str(gate[3][10]).startswith("photos/")


async def test_an_incident_on_a_holiday_gets_a_summary(
    day: SchoolDay, linked: dict[str, Persona]
) -> None:
    """An incident at 10:00 on New Year's Day: that day's 17:30 summary lists it (a
    holiday without duties would otherwise send none)."""
    tg, wang, chen = day.telegram, linked["wang"], linked["chen"]
    day.clock.set(day.local("10:00", NEW_YEAR))
    tg.send_text(wang.user, "/incident")
    picker = await tg.wait_message(wang.chat_id)
    await tg.press(wang.user, picker, "火情")
    await tg.wait_for(lambda: _newest(tg.chat(chen.chat_id), "紧急事件 #1"))
    await day.at("17:30", NEW_YEAR)
    summary = _newest(tg.chat(chen.chat_id), "值班汇总")
    assert summary is not None and "#1 火情或烟雾（王老师）" in (summary.text or "")


async def test_an_untouched_day_with_incidents_and_visits_verifies(played: Played) -> None:
    """Every incident and register step is an event, and the tables agree with them."""
    report = verify(played.engine, played.data_dir)
    assert report.ok, [f.what for f in report.findings]
    with played.engine.connect() as conn:
        kinds = {k for (k,) in conn.execute(text("SELECT DISTINCT kind FROM event"))}
    assert {
        "incident.reported",
        "incident.acknowledged",
        "incident.step_done",
        "incident.photo",
        "incident.outcome_asked",
        "incident.closed",
        "visit.in",
        "visit.out",
        "visit.asked",
        "visit.escalated",
        "slip.recorded",
        "slip.photo",
    } <= kinds


TAMPERS: dict[str, tuple[list[str], str]] = {
    "outcome edited": (
        ["UPDATE incident SET outcome = '无事' WHERE id = 1"],
        r"incident 1: outcome is '无事', the record says '已处理'",
    ),
    "acknowledgement moved earlier": (
        [
            "UPDATE incident_responder SET acked_at = (SELECT reported_at FROM incident "
            "WHERE incident.id = incident_responder.incident_id) WHERE staff_id = 'li'"
        ],
        r"incident_responder \d+: acked_at is",
    ),
    "playbook step deleted": (
        ["DELETE FROM incident_step"],
        r"incident_step \d+ is gone",
    ),
    "incident deleted": (
        [
            "DELETE FROM delivery WHERE incident_id = 1",
            "DELETE FROM incident_photo",
            "DELETE FROM incident_step",
            "DELETE FROM incident_responder",
            "DELETE FROM incident",
        ],
        r"(delivery|incident|incident_photo|incident_responder|incident_step) \d+ is gone",
    ),
    "visitor checked out behind the bot": (
        ["UPDATE visit SET state = 'left' WHERE name = '李四'"],
        r"visit \d+: state is 'left', the record says 'asked'",
    ),
    "visitor added": (
        [
            "INSERT INTO visit (occurrence_id, day, name, organisation, purpose, host, "
            "recorded_by, time_in, state, deadline, ladder, step) SELECT occurrence_id, day, "
            "'王五', '', '', '', recorded_by, time_in, 'left', deadline, ladder, 0 FROM visit "
            "WHERE name = '张三'"
        ],
        r"visit \d+ is not in the record \(added\)",
    ),
    "leave slip edited": (
        ["UPDATE leave_slip SET signed_by = '校长'"],
        r"leave_slip \d+: signed_by is '校长', the record says '刘老师'",
    ),
}


@pytest.mark.parametrize("tamper", list(TAMPERS))
async def test_tampering_with_incidents_or_the_register_is_caught(
    played: Played, tamper: str
) -> None:
    """Each edit of the new tables behind the bot's back fails verify, naming the row."""
    statements, expected = TAMPERS[tamper]
    sql(played.engine, *statements)
    found = [f.what for f in verify(played.engine, played.data_dir).findings]
    assert any(re.search(expected, what) for what in found), found


async def test_a_forged_event_reopening_a_closed_incident_is_caught(played: Played) -> None:
    """A well-hashed event appended after the fact cannot move a closed incident back."""
    sql(played.engine, "UPDATE incident SET state = 'reported', closed_at = NULL WHERE id = 1")
    forge_tail_event(
        played.engine,
        [{"t": "incident", "id": 1, "set": {"state": "reported", "closed_at": None}}],
        incident=1,
    )
    found = [f.what for f in verify(played.engine, played.data_dir).findings]
    assert any("moves incident 1 from 'closed' to 'reported'" in what for what in found), found


async def test_a_forged_event_bringing_a_visitor_back_inside_is_caught(played: Played) -> None:
    """Left is final: no rule moves a visitor who left back inside."""
    with played.engine.connect() as conn:
        visit_id = conn.execute(text("SELECT id FROM visit WHERE name = '张三'")).scalar_one()
    sql(played.engine, f"UPDATE visit SET state = 'inside', time_out = NULL WHERE id = {visit_id}")
    forge_tail_event(
        played.engine,
        [{"t": "visit", "id": visit_id, "set": {"state": "inside", "time_out": None}}],
        visit=visit_id,
    )
    found = [f.what for f in verify(played.engine, played.data_dir).findings]
    assert any(f"moves visit {visit_id} from 'left' to 'inside'" in w for w in found), found


async def test_an_incident_photo_changed_or_removed_is_caught(played: Played) -> None:
    """The incident's photo must still hash to its record."""
    with played.engine.connect() as conn:
        path = conn.execute(text("SELECT path FROM incident_photo")).scalar_one()
    photo = played.data_dir / path
    photo.write_bytes(b"\xff\xd8 another playground")
    found = [f.what for f in verify(played.engine, played.data_dir).findings]
    assert any(re.search(r"photo of incident_photo \d+ was changed", w) for w in found), found
    photo.unlink()
    found = [f.what for f in verify(played.engine, played.data_dir).findings]
    assert any(re.search(r"photo of incident_photo \d+ is missing", w) for w in found), found
