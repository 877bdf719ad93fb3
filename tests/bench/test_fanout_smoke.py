"""``bench/fanout.py``, tiny: a burst through a real ``safeduty run`` under the flood limit
loses no reminder and repeats none (timings are the full bench's business, not CI's)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.fanout import FanoutRun, fanout

pytestmark = pytest.mark.slow


async def test_a_small_burst_under_the_flood_limit_loses_and_repeats_nothing(
    tmp_path: Path,
) -> None:
    """30 reminders at 07:20 and one at 07:21, a fast clock, 300 msg/s: every teacher gets
    exactly one reminder, the 07:21 one too, and nothing breaks the spec."""
    run = FanoutRun(staff=30, rate=300, latency=0.01, lead=30, speed=60)
    figures = await fanout(run, tmp_path)
    assert (figures.tally.delivered, figures.tally.lost, figures.tally.duplicated) == (30, 0, 0)
    assert (figures.extra_tally.delivered, figures.extra_tally.duplicated) == (1, 0)
    assert sum(figures.refused.values()) == 0  # paced under the limit: no 429 at all
    assert figures.elapsed is not None
    assert figures.extra_delay is not None
