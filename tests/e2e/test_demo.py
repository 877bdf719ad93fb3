"""``safeduty demo``, the README's first command, plays a whole school day and exits 0."""

from __future__ import annotations

import pytest

from safeduty.cli import main

pytestmark = pytest.mark.slow


def test_demo_plays_the_day_in_chinese(capsys: pytest.CaptureFixture[str]) -> None:
    """Reminder, all clear, a problem, every escalation step and the summary, in order."""
    assert main(["demo", "--date", "2026-12-01"]) == 0
    out = capsys.readouterr().out
    steps = [
        "机器人 → 张老师: 🔔 值班提醒：校门值守",
        "机器人 → 张老师: ⏰ 还有 10 分钟截止：校门值守",
        "机器人 → 张老师: ⏫ 已过截止时间：校门值守",
        "机器人 → 李主任: ⏫ 升级提醒（第 2 级）",
        "机器人 → 陈校长: ⏫ 升级提醒（第 3 级）",
        "吴师傅 → 机器人: (点按) 📨 提交",
        "机器人 → 李主任: ⚠️ 问题报告：午餐食品安全",
        "李主任 → 机器人: (点按) ✅ 全部正常",
        "机器人 → 陈校长: 📋 阳光实验小学",
    ]
    positions = [out.find(step) for step in steps]
    assert -1 not in positions, [s for s, p in zip(steps, positions, strict=True) if p == -1]
    assert positions == sorted(positions)
    assert "[07:20] 机器人 → 张老师" in out and "[17:30] 机器人 → 陈校长: 📋" in out


def test_demo_speaks_english_with_lang_en(capsys: pytest.CaptureFixture[str]) -> None:
    """``--lang en`` plays the same day in English."""
    assert main(["demo", "--lang", "en", "--date", "2026-12-01"]) == 0
    out = capsys.readouterr().out
    for text in (
        "bot → 张老师: 🔔 Duty reminder",
        "Escalation (level 2)",
        "Problem reported",
        "(taps) ✅ All clear",
        "duty summary for Tue 1 Dec",
    ):
        assert text in out
