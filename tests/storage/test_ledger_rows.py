"""The monthly ledger at district shape: one row per occurrence, each with its own outcome,
answers and reminder time, on both backends, and built in a worker thread."""

from __future__ import annotations

import asyncio
import csv
import io
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from openpyxl import load_workbook
from sqlalchemy import Engine
from sqlmodel import Session, col, select

from bench.district import district_config
from bench.history import seed_month
from safeduty.config import parse_config
from safeduty.ledger import export_month, month_xlsx
from safeduty.storage.tables import Delivery, ItemAnswer, Occurrence

SH = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 11, 30, 8, 0, tzinfo=SH)
WORDS = {("answered", False): "按时", ("answered", True): "迟交", ("missed", False): "缺失"}


def seeded(engine: Engine) -> list[tuple[str, str, str, str, str]]:
    """30 staff, 4 school days; the expected (day, duty, reminded, outcome, answers) per
    occurrence, worked out from the rows themselves."""
    config = parse_config(district_config(30, groups=3, seed=5))
    seed_month(engine, config, 2026, 11, days=4, seed=7)
    expected = []
    with Session(engine) as session:
        occurrences = session.exec(
            select(Occurrence).order_by(col(Occurrence.day), col(Occurrence.id))
        ).all()
        for occ in occurrences:
            answers = session.exec(select(ItemAnswer).where(ItemAnswer.occurrence_id == occ.id))
            ok = {a.item: a.ok for a in answers}
            reminder = session.exec(
                select(Delivery).where(
                    Delivery.occurrence_id == occ.id, Delivery.kind == "reminder"
                )
            ).one()
            assert reminder.sent_at is not None
            words = [
                "未回答" if n not in ok else "正常" if ok[n] else "有问题"
                for n in range(len(occ.checklist))
            ]
            expected.append(
                (
                    occ.day.isoformat(),
                    occ.duty_name,
                    f"{reminder.sent_at.astimezone(SH):%Y-%m-%d %H:%M}",
                    WORDS[occ.state, occ.late],
                    "; ".join(f"{i}: {w}" for i, w in zip(occ.checklist, words, strict=True)),
                )
            )
    return expected


def test_csv_has_one_row_per_occurrence_with_its_outcome(engine: Engine, tmp_path: Path) -> None:
    """Every occurrence once, in day order, with its reminder time, outcome and answers;
    the month has all three outcomes and at least one problem."""
    expected = seeded(engine)
    config = parse_config(district_config(30, groups=3, seed=5))
    out = tmp_path / "ledger.csv"
    assert export_month(config, engine, 2026, 11, out=out, now=NOW) == len(expected) == 120
    rows = list(csv.reader(io.StringIO(out.read_bytes().decode("utf-8-sig"))))[1:-1]
    got = [(r[0], r[1], r[3], r[5], r[6]) for r in rows]
    assert sorted(got) == sorted(expected)
    assert [r[0] for r in got] == sorted(r[0] for r in got)
    assert {r[3] for r in got} == {"按时", "迟交", "缺失"}
    assert any("有问题" in r[4] for r in got)


def test_xlsx_built_in_a_worker_thread_matches_the_database(engine: Engine) -> None:
    """``month_xlsx`` in ``asyncio.to_thread`` (as /export runs it), with its own session:
    each duty's sheet has its occurrences' outcomes, and the summary counts them."""
    expected = seeded(engine)
    config = parse_config(district_config(30, groups=3, seed=5))

    async def build() -> bytes:
        return await asyncio.to_thread(month_xlsx, config, engine, 2026, 11, now=NOW)

    book = load_workbook(io.BytesIO(asyncio.run(build())))
    *sheets, hazards = book.sheetnames[1:]
    assert sheets == sorted({e[1] for e in expected})
    assert hazards == "隐患台账"  # always there, empty this month
    for name in sheets:
        rows = list(book[name].values)[1:]
        mine = [e for e in expected if e[1] == name]
        assert sorted((r[2], r[4]) for r in rows) == sorted((e[2], e[3]) for e in mine)
    total = list(book[book.sheetnames[0]].values)[-3]
    outcomes = [e[3] for e in expected]
    assert total[1:] == (
        120,
        outcomes.count("按时"),
        outcomes.count("迟交"),
        outcomes.count("缺失"),
    )
