"""/week across National Day 2026: holidays named, the holiday roster shown. Pure reads."""

from __future__ import annotations

from datetime import datetime

import pytest

from safeduty.clock import FakeClock
from tests.conftest import SHANGHAI, Persona, SchoolDay
from tests.e2e.test_swap_and_week import ask


@pytest.fixture
def clock() -> FakeClock:
    """Monday 28 September 2026, 07:00 in Shanghai: National Day is on Thursday."""
    return FakeClock(datetime(2026, 9, 28, 7, 0, tzinfo=SHANGHAI))


async def test_week_names_holidays_and_shows_my_duties(
    day: SchoolDay, linked: dict[str, Persona]
) -> None:
    """From Monday 28 September 2026: gate Monday, class safety Wednesday (the month's last
    school day), National Day from Thursday by name, no duties on those days."""
    text = await ask(day.telegram, linked["wang"], "/week")
    assert text.splitlines() == [
        "未来七天您的值班（9月28日 周一 至 10月4日 周日）：",
        "9月28日 周一",
        "  • 07:20 校门值守",
        "9月29日 周二",
        "  （无值班）",
        "9月30日 周三",
        "  • 15:40 班级安全教育课",
        "10月1日 周四 · 国庆节放假",
        "  （无值班）",
        "10月2日 周五 · 国庆节放假",
        "  （无值班）",
        "10月3日 周六 · 国庆节放假",
        "  （无值班）",
        "10月4日 周日 · 国庆节放假",
        "  （无值班）",
    ]
    holiday = await ask(day.telegram, linked["chen"], "/week")
    assert "10月1日 周四 · 国庆节放假\n  • 08:30 假期值班" in holiday
