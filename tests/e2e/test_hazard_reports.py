"""The hazard reports agree with the database: the daily summary, the weekly chart,
``/hazards``, ``safeduty hazards --json`` and the export's hazard sheet.

Tuesday 1 December 2026: wang reports A (li gives it to wang, due today: overdue from
Wednesday); zhou reports B, major (li takes it herself, fixes it, chen closes it); zhang
reports C (nobody assigned yet).
"""

from __future__ import annotations

import io
import json
import re
import shutil
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from openpyxl import load_workbook
from sqlmodel import select

from safeduty.cli import main
from safeduty.storage.tables import Hazard, HazardStep
from tests.conftest import EXAMPLE, Persona, SchoolDay
from tests.e2e.hazard_steps import assign, check, fix, newest, report
from tests.e2e.test_verify import cli_url

SH = ZoneInfo("Asia/Shanghai")


async def play(day: SchoolDay, linked: dict[str, Persona]) -> tuple[int, int, int]:
    wang, zhou, zhang, li, chen = (linked[k] for k in ("wang", "zhou", "zhang", "li", "chen"))
    day.clock.set(day.local("09:00"))
    a = await report(day, wang, "A 203 窗户插销坏了", place="教学楼", category="校舍建筑")
    await assign(day, li, a, "王老师", "今天")
    b = await report(day, zhou, "B 配电箱门没锁", place="实验楼", category="用电安全", level="重大")
    await assign(day, li, b, "李主任", "3 天内")
    await fix(day, li, b, "上了锁", None)
    await check(day, chen, b, "复查合格")
    c = await report(day, zhang, "C 校门口地面坑洼", place="校门", category="周边环境")
    return a, b, c


def db_counts(day: SchoolDay, on: date, now: datetime) -> dict[str, int]:
    """The summary's figures counted straight from the tables, another way round."""
    with day.services.session() as session:
        steps = list(session.exec(select(HazardStep)))
        hazards = list(session.exec(select(Hazard)))
    local = [(s.action, s.at.astimezone(SH).date()) for s in steps]
    closed_by_then = {s.hazard_id for s in steps if s.action == "closed" and s.at <= now}
    alive = [h for h in hazards if h.id not in closed_by_then and h.reported_at <= now]
    return {
        "opened": local.count(("opened", on)),
        "fixed": local.count(("fixed", on)),
        "verified": local.count(("closed", on)),
        "overdue": sum(
            1
            for h in alive
            if h.state in ("assigned", "reopened") and h.deadline and h.deadline < on
        ),
        "open": len(alive),
    }


def figures(text: str) -> dict[str, int]:
    line = next(line for line in text.splitlines() if line.startswith("🧯"))
    words = ("新报", "已整改", "已销号", "逾期", "未销号")
    numbers = [int(re.search(rf"{w} (\d+)", line)[1]) for w in words]  # type: ignore[index]
    return dict(zip(("opened", "fixed", "verified", "overdue", "open"), numbers, strict=True))


async def test_summary_status_list_chart_json_and_sheet_agree_with_the_database(
    day: SchoolDay,
    linked: dict[str, Persona],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    tg = day.telegram
    chen, wang, zhou, zhang = (linked[k] for k in ("chen", "wang", "zhou", "zhang"))
    a, b, c = await play(day, linked)

    await day.at("17:30")
    summary = await newest(tg, chen, "值班汇总")
    tuesday = figures(summary.text or "")
    assert tuesday == db_counts(day, date(2026, 12, 1), day.local("17:30"))
    assert tuesday == {"opened": 3, "fixed": 1, "verified": 1, "overdue": 0, "open": 2}

    wednesday = date(2026, 12, 2)
    await day.at("17:30", wednesday)
    summary = await newest(tg, chen, "值班汇总", 2)
    assert figures(summary.text or "") == db_counts(day, wednesday, day.local("17:30", wednesday))
    assert figures(summary.text or "")["overdue"] == 1
    tg.send_text(chen.user, "/status")
    status = await newest(tg, chen, "截至")
    assert figures(status.text or "") == figures(summary.text or "")

    tg.send_text(chen.user, "/hazards")
    listed = (await newest(tg, chen, "未销号的隐患（2）")).text or ""
    assert listed.index(f"#{a} ⏫逾期") < listed.index(f"#{c} ")  # overdue first
    assert f"#{b} " not in listed  # closed
    for person, wanted in ((wang, [a]), (zhang, [c]), (zhou, [])):
        tg.send_text(person.user, "/hazards")
        text = (await newest(tg, person, "未销号的隐患")).text or ""
        shown = sorted(int(n) for n in re.findall(r"#(\d+)", text))
        assert shown == wanted, (person.staff_id, text)

    config = tmp_path / "config.toml"
    shutil.copy(EXAMPLE, config)
    monkeypatch.setenv("SAFEDUTY_DATABASE_URL", cli_url(day.services.engine))
    capsys.readouterr()
    assert main(["hazards", "--config", str(config), "--json"]) == 0
    listed_json = json.loads(capsys.readouterr().out)
    with day.services.session() as session:
        rows = {h.id: h for h in session.exec(select(Hazard))}
        step_counts = {
            h: len(list(session.exec(select(HazardStep).where(HazardStep.hazard_id == h))))
            for h in rows
        }
    assert sorted(h["id"] for h in listed_json) == sorted(rows)
    for item in listed_json:
        row = rows[item["id"]]
        assert item["state"] in ("open", "assigned", "fixed", "closed", "reopened")
        assert (item["state"], item["owner"], item["level"], item["category"]) == (
            row.state,
            row.owner,
            row.level,
            row.category,
        )
        assert (item["description"], item["place"], item["reported_by"]) == (
            row.description,
            row.place,
            row.reported_by,
        )
        assert item["deadline"] == (row.deadline.isoformat() if row.deadline else None)
        assert len(item["timeline"]) == step_counts[row.id]
        assert all({"at", "actor", "action", "note"} <= set(s) for s in item["timeline"])
    assert [h["id"] for h in listed_json][-1] == b  # the closed one last, as in /hazards
    assert main(["hazards", "--config", str(config), "--open", "--json"]) == 0
    assert sorted(h["id"] for h in json.loads(capsys.readouterr().out)) == sorted([a, c])
    assert main(["hazards", "--config", str(config), "--open"]) == 0
    plain = capsys.readouterr().out.splitlines()
    overdue = " OVERDUE" if datetime.now(SH).date() > date(2026, 12, 1) else ""  # real clock
    assert (
        plain[0]
        == f"#{a}\tassigned{overdue}\tgeneral\t2026-12-01\twang\t教学楼\tA 203 窗户插销坏了"
    )

    tg.send_text(chen.user, "/export")
    document = await tg.wait_for(
        lambda: next((m for m in tg.chat(chen.chat_id) if m.method == "sendDocument"), None)
    )
    sheet = list(load_workbook(io.BytesIO(document.content or b""))["隐患台账"].values)
    assert sheet[0] == (
        "编号",
        "发现日期",
        "地点",
        "隐患描述",
        "等级",
        "类别",
        "上报人",
        "责任人",
        "整改期限",
        "整改措施",
        "整改日期",
        "复查人",
        "销号日期",
        "照片",
        "状态",
    )
    by_number = {r[0]: r for r in sheet[1:]}
    assert sorted(by_number) == sorted(rows)
    closed = by_number[b]
    assert closed[1:9] == (
        "2026-12-01",
        "实验楼",
        "B 配电箱门没锁",
        "重大",
        "用电安全",
        "周老师",
        "李主任",
        "2026-12-04",
    )
    assert closed[9:13] == ("上了锁", "2026-12-01", "陈校长", "2026-12-01")
    assert closed[14] == "已销号" and by_number[c][14] == "待指派" and by_number[a][14] == "整改中"

    await day.at("08:00", date(2026, 12, 7))  # Monday: last week's chart
    chart = await tg.wait_for(
        lambda: next((m for m in tg.chat(chen.chat_id) if m.method == "sendPhoto"), None)
    )
    with day.services.session() as session:
        open_now = len([h for h in session.exec(select(Hazard)) if h.state != "closed"])
    assert f"隐患：未销号 {open_now} · 逾期 1" in (chart.text or "")
