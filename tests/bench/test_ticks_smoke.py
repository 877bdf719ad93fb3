"""The planning benchmark still runs end to end (a tiny district, SQLite; no timings checked)."""

from __future__ import annotations

import pytest

from bench.ticks import main


def test_the_ticks_benchmark_prints_every_figure(capsys: pytest.CaptureFixture[str]) -> None:
    """Four staff: the planning, restart and quiet ticks and a real run's peak RSS are printed."""
    assert main(["--sizes", "4", "--send-wait", "3"]) == 0
    out = capsys.readouterr().out
    for figure in ("planning tick", "restart tick", "quiet tick", "peak RSS"):
        assert figure in out
    assert "planned 8 rows" in out
