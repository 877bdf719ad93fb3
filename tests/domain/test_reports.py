"""Charts render Chinese without missing glyphs; long summaries split cleanly at line ends."""

from __future__ import annotations

import warnings
from collections import Counter
from datetime import date, timedelta

from bot.summary_text import split_message
from safeduty.chart import weekly_png
from safeduty.domain.summary import WeekSummary

DAYS = [date(2026, 11, 23) + timedelta(days=n) for n in range(5)]


def test_chinese_labels_render_without_missing_glyph_warnings() -> None:
    """The bundled CJK font covers the labels: matplotlib warns about nothing."""
    week = WeekSummary(
        DAYS,
        {d: Counter(on_time=2, late=1, missed=n % 2) for n, d in enumerate(DAYS)},
        Counter(zhang=2, sun=1),
    )
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        png = weekly_png(
            week,
            day_labels=["周一", "周二", "周三", "周四", "周五"],
            outcome_labels={"on_time": "按时", "late": "迟交", "missed": "缺失"},
            title="上周值班情况",
            missed_title="缺失最多",
            none_missed="上周无缺失",
            names={"zhang": "张老师", "sun": "孙老师"},
            footer="未销号隐患 3 · 逾期 1",
        )
    assert [str(w.message) for w in caught] == []
    assert png.startswith(b"\x89PNG")


def test_default_font_would_miss_the_glyphs() -> None:
    """The check above can fail: DejaVu (matplotlib's default) lacks CJK glyphs."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure()
    FigureCanvasAgg(figure)
    figure.text(0.5, 0.5, "周一", fontfamily="DejaVu Sans")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        figure.canvas.draw()
    assert any("missing from font" in str(w.message) for w in caught)


def test_long_summary_splits_at_line_ends_under_the_limit() -> None:
    """Every chunk fits in 4096 characters and no line is cut."""
    lines = [f"• 第 {n} 行：校门值守 — 张老师：✅ 按时（07:31）" for n in range(400)]
    chunks = split_message("\n".join(lines))
    assert len(chunks) > 1
    assert all(len(c) <= 4096 for c in chunks)
    assert "\n".join(chunks).split("\n") == lines


def test_one_overlong_line_is_wrapped_not_lost() -> None:
    """A single line longer than a message is sent in pieces."""
    chunks = split_message("x" * 9000)
    assert [len(c) for c in chunks] == [4096, 4096, 808]


def test_answered_checklist_fits_one_message_even_with_long_notes() -> None:
    """Twenty 100-character problem items with 1000-character notes still fit one message."""
    from datetime import UTC, date, datetime
    from zoneinfo import ZoneInfo

    from bot.render import answered_message
    from safeduty.storage.tables import ItemAnswer, Occurrence

    now = datetime(2026, 12, 1, 0, 0, tzinfo=UTC)
    occ = Occurrence(
        id=1,
        duty_id="d",
        duty_name="校门值守",
        day=date(2026, 12, 1),
        assignee="wang",
        remind_at=now,
        deadline=now,
        closes_at=now,
        checklist=[f"{n:02d}" + "检" * 98 for n in range(20)],
        ladder=[],
        state="answered",
        answered_at=now,
        answered_by="wang",
        created_at=now,
    )
    answers = {
        n: ItemAnswer(occurrence_id=1, item=n, ok=False, note="很长的备注" * 200, answered_at=now)
        for n in range(20)
    }
    text = answered_message(
        occ=occ, answers=answers, lang="zh-CN", zone=ZoneInfo("Asia/Shanghai"), by_name="王老师"
    )
    assert len(text) <= 4096
