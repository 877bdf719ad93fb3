"""The reports benchmark runs end to end at a tiny size (CI keeps it from rotting)."""

from __future__ import annotations

from bench.reports import measure, table


def test_reports_benchmark_produces_its_figures_at_a_tiny_size() -> None:
    """20 staff, 3 school days on SQLite: every figure is there and every output has content."""
    figures = measure(20, None, days=3)
    assert figures["occurrences"] == 60
    assert figures["rows"] == figures["occurrences"]
    assert figures["summary_chars"] > 0
    assert figures["png_bytes"] > 0
    assert figures["xlsx_bytes"] > 0
    assert figures["csv_bytes"] > 0
    for name in ("seed_s", "summary_s", "chart_s", "xlsx_s", "csv_s", "rss_mb"):
        assert figures[name] >= 0
    assert "sqlite" in table([figures])
