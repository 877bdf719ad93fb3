"""The chaos and fault runs of ``bench/``, short: kills and failing sends lose nothing.

The example school's day pressed into 07:10-11:00 (``pressed_day``): the gate duty's
teacher stays silent, the canteen cook reports two problems with notes (one with a
photo), the inspection is answered late. Each run fails on any answer lost, any owed
message missing, any repeat without the repeat mark.
"""

from __future__ import annotations

from datetime import time
from pathlib import Path

import pytest

from bench.chaos import ChaosRun, chaos_day
from bench.chaos import report as chaos_report
from bench.faults import FaultRun, fault_day
from bench.faults import report as fault_report
from safeduty.testing.staff_sim import pressed_day
from tests.conftest import EXAMPLE

pytestmark = pytest.mark.slow


async def test_kills_at_random_and_chosen_moments_lose_nothing(tmp_path: Path) -> None:
    """3 random SIGKILLs, one inside a send, two with taps on a stalled database: every
    answer recorded, every owed message delivered, at most one repeat per kill, marked."""
    run = ChaosRun(
        kills=3,
        seed=2,
        speed=600,
        stop=time(11, 0),
        patience=15.0,
        config_text=pressed_day(EXAMPLE.read_text("utf-8")),
    )
    outcome = await chaos_day(run, tmp_path)
    print("\n".join(chaos_report(outcome, run, verbose=True)))
    assert outcome.failures == []
    assert [k.why for k in outcome.kills].count("random") == 3
    assert len(outcome.kills) == 6
    assert any(k.sending for k in outcome.kills if k.why == "inside a send")
    assert outcome.figures.repeats["escalation"] >= 1  # the send cut short came twice
    assert outcome.figures.given == outcome.figures.recorded == 2
    assert outcome.figures.owed["summary"] == 1


async def test_one_send_in_five_failing_loses_nothing(tmp_path: Path) -> None:
    """5xx, timeouts (some delivered anyway), dropped connections and 429 bursts on a
    fifth of the sends and edits: all delivered, every repeat marked."""
    config = tmp_path / "school.toml"
    config.write_text(pressed_day(EXAMPLE.read_text("utf-8")), "utf-8")
    run = FaultRun(rate=0.2, seed=3, stop=time(11, 0), config=config)
    figures, seconds = await fault_day(run, tmp_path)
    print("\n".join(fault_report(figures, run, seconds)))
    assert figures.failures == []
    assert sum(figures.delivered.values()) == sum(figures.owed.values())
    assert len(figures.faults) >= 4  # most kinds of fault came up
    assert sum(figures.repeats.values()) >= 1  # a timed-out send that did arrive, sent again
    assert figures.given == figures.recorded == 2
