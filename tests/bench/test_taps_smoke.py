"""``bench/taps.py``, tiny: every tap is answered and its message edited, for our bot and the
bare baseline, also while a fan-out is being sent (timings are not asserted)."""

from __future__ import annotations

from pathlib import Path

from bench.taps import TapsRun, bare, ours


async def test_every_tap_is_answered_and_edited_by_our_bot_and_the_baseline(
    tmp_path: Path,
) -> None:
    """20 teachers tap "all clear" at once: 20 answers and 20 edits from each bot."""
    run = TapsRun(taps=20, rate=300, others=0, timeout=60)
    for result in (await ours(run, tmp_path, during_fanout=False), await bare(run)):
        assert (result.taps, result.answered, result.edited, result.violations) == (20, 20, 20, 0)


async def test_taps_during_a_fanout_are_all_answered_and_the_fanout_completes(
    tmp_path: Path,
) -> None:
    """20 taps while 30 other reminders go out: all taps done, every reminder sent once."""
    run = TapsRun(taps=20, rate=300, others=30, timeout=60)
    result = await ours(run, tmp_path, during_fanout=True)
    assert result.done
    assert result.others is not None
    assert (result.others.delivered, result.others.lost, result.others.duplicated) == (30, 0, 0)
