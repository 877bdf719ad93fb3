"""``safeduty export`` on a month of simulated data: XLSX and CSV rows match the database."""

from __future__ import annotations

import csv
import io
import os
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from openpyxl import load_workbook
from sqlmodel import Session, select

from safeduty.cli import main
from safeduty.commands.duties import answer, mark_items, step
from safeduty.commands.plan_sync import sync_plan
from safeduty.commands.problems import add_note
from safeduty.config import SchoolConfig
from safeduty.domain.escalation import end_of_day
from safeduty.domain.plan import plan_days
from safeduty.storage import chain
from safeduty.storage.db import make_engine, migrate
from safeduty.storage.tables import Occurrence
from tests.conftest import EXAMPLE

SH = ZoneInfo("Asia/Shanghai")


def simulate_december(school: SchoolConfig, url: str) -> list[Occurrence]:
    """Plan December 2026; answer most on time, some late, one with a problem, leave some missed."""
    engine = make_engine(url)
    migrate(engine)
    planned = plan_days(school, date(2026, 12, 1), 31)
    closes = {p.day: end_of_day(p.day, SH) for p in planned}
    with Session(engine) as session:
        sync_plan(session, planned=planned, closes=closes, now=datetime(2026, 11, 30, tzinfo=UTC))
        rows = list(session.exec(select(Occurrence).order_by(Occurrence.id)))  # type: ignore[arg-type]
        for n, occ in enumerate(rows):
            assert occ.id is not None
            if n % 7 == 6:
                step(session, config=school, occ=occ, now=occ.closes_at)
                continue
            late = n % 5 == 4
            at = occ.deadline + (timedelta(minutes=20) if late else -timedelta(minutes=5))
            items = {item: not (n == 3 and item == 0) for item in range(len(occ.checklist))}
            mark_items(session, occurrence_id=occ.id, items=items, by=occ.assignee, now=at)
            assert answer(session, occurrence_id=occ.id, by=occ.assignee, now=at).ok
            if n == 3:
                assert add_note(session, staff_id=occ.assignee, text="锁坏了", now=at)
        result = list(
            session.exec(select(Occurrence).order_by(Occurrence.day, Occurrence.remind_at))
        )  # type: ignore[arg-type]
    engine.dispose()
    return result


def chain_row() -> tuple[str, str, str]:
    """The row that names the record chain's head the export was made from."""
    engine = make_engine(os.environ["SAFEDUTY_DATABASE_URL"])
    with Session(engine) as session:
        head = chain.head(session)
    engine.dispose()
    assert head.seq > 0
    return ("记录链头", f"共 {head.seq} 条", head.hash)


@pytest.fixture
def december(
    school: SchoolConfig, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> list[Occurrence]:
    url = f"sqlite:///{tmp_path / 'ledger.db'}"
    monkeypatch.setenv("SAFEDUTY_DATABASE_URL", url)
    return simulate_december(school, url)


def test_xlsx_rows_match_the_database(
    december: list[Occurrence], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """One row per occurrence in its duty's sheet, outcomes and the summary counts agree."""
    out = tmp_path / "ledger.xlsx"
    assert main(["export", "--config", str(EXAMPLE), "--month", "2026-12", "--out", str(out)]) == 0
    captured = capsys.readouterr()
    assert f"{len(december)}/{len(december)} occurrences" in captured.err
    book = load_workbook(out)
    sheet_rows = {name: list(book[name].values)[1:] for name in book.sheetnames[1:]}
    assert sum(len(r) for r in sheet_rows.values()) == len(december)
    words = {"answered": {False: "按时", True: "迟交"}, "missed": {False: "缺失", True: "缺失"}}
    for duty_name, rows in sheet_rows.items():
        mine = [o for o in december if o.duty_name == duty_name]
        assert [(r[0].date() if isinstance(r[0], datetime) else r[0]) for r in rows] == [
            o.day for o in mine
        ]
        assert [r[4] for r in rows] == [words[o.state][o.late] for o in mine]
    summary = list(book["汇总"].values)
    total = summary[-3]
    assert summary[-1][:3] == chain_row()
    answered = [o for o in december if o.state == "answered"]
    assert total == (
        "合计",
        len(december),
        sum(not o.late for o in answered),
        sum(o.late for o in answered),
        sum(o.state == "missed" for o in december),
    )


def test_csv_rows_match_the_database(december: list[Occurrence], tmp_path: Path) -> None:
    """The CSV has a header and one row per occurrence, with answers and notes."""
    out = tmp_path / "ledger.csv"
    assert main(["export", "--config", str(EXAMPLE), "--month", "2026-12", "--out", str(out)]) == 0
    text = out.read_bytes().decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == [
        "日期",
        "值班",
        "值班人",
        "提醒时间",
        "回答时间",
        "结果",
        "清单回答",
        "备注",
        "照片",
    ]
    assert rows[-1] == list(chain_row())
    assert [(r[0], r[1]) for r in rows[1:-1]] == [
        (o.day.isoformat(), o.duty_name) for o in december
    ]
    problem = next(r for r in rows[1:] if "锁坏了" in r[7])
    assert "有问题" in problem[6]


def test_export_refuses_a_bad_month_or_extension(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Clear errors, exit 2, no file written."""
    assert (
        main(
            [
                "export",
                "--config",
                str(EXAMPLE),
                "--month",
                "2026-13",
                "--out",
                str(tmp_path / "a.xlsx"),
            ]
        )
        == 2
    )
    assert (
        main(
            [
                "export",
                "--config",
                str(EXAMPLE),
                "--month",
                "2026-12",
                "--out",
                str(tmp_path / "a.pdf"),
            ]
        )
        == 2
    )
    assert list(tmp_path.iterdir()) == []
