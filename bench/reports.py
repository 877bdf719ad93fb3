"""How long the reports take for a district: the daily summary, the weekly chart, the export.

For each size, a subprocess of its own (so its peak RSS is that size's) builds the district
(``bench/district``), seeds November 2026's school days in bulk (``bench/history``: the chain
does not vouch for those rows), then times the daily summary (compute and render), last
week's chart (PNG) and the monthly export as XLSX and as CSV. It prints a table; it never
judges the figures. Peak RSS is given before the chart and at the end: matplotlib with the
bundled CJK font adds a fixed ~35 MB whatever the district's size. Of the rest, the imports
are ~110 MB, and at 10,000 staff the parsed school config ~27 MB and the day's summary
(10,000 occurrence rows and lines) ~26 MB; the export itself streams (a few MB).

    uv run python -m bench.reports [--sizes 100,1000,10000] [--database URL]
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from bench.district import district_config, scratch_engine
from bench.history import seed_month
from safeduty.clock import FakeClock
from safeduty.config import parse_config
from safeduty.ledger import export_month
from safeduty.services import Services
from safeduty.storage.db import migrate

YEAR, MONTH = 2026, 11
SUMMARY_DAY, CHART_MONDAY = date(2026, 11, 25), date(2026, 11, 23)
COLUMNS = (
    "staff",
    "db",
    "rows",
    "seed_s",
    "summary_s",
    "chart_s",
    "xlsx_s",
    "csv_s",
    "rss_pre_chart_mb",
    "rss_mb",
)
T = TypeVar("T")


def _timed(figures: dict[str, Any], name: str, work: Callable[[], T]) -> T:
    started = time.perf_counter()
    result = work()
    figures[name] = round(time.perf_counter() - started, 3)
    return result


def measure(staff: int, database: str | None, *, days: int | None = None) -> dict[str, Any]:
    """Seed one district and time each report on it; return the figures (and the outputs)."""
    from bot.summary_text import day_summary, render_summary, weekly_chart

    config = parse_config(district_config(staff, groups=10, seed=1))
    zone = ZoneInfo(config.school.timezone)
    now = datetime(2026, 11, 30, 8, 0, tzinfo=zone)
    figures: dict[str, Any] = {"staff": staff}
    with tempfile.TemporaryDirectory() as tmp, scratch_engine(database, Path(tmp)) as engine:
        figures["db"] = engine.dialect.name
        migrate(engine)
        seeded = _timed(
            figures, "seed_s", lambda: seed_month(engine, config, YEAR, MONTH, days=days)
        )
        services = Services(config=config, engine=engine, clock=FakeClock(now), data_dir=Path(tmp))
        day = SUMMARY_DAY if days is None else date(YEAR, MONTH, 2)

        def summary() -> str:
            with services.session() as session:
                found = day_summary(session, day, now)
                return render_summary(
                    services, session, found, config.school.language, status_at=None
                )

        def chart() -> tuple[bytes, str]:
            with services.session() as session:
                return weekly_chart(services, session, CHART_MONDAY, config.school.language, now)

        text = _timed(figures, "summary_s", summary)
        xlsx, csv = Path(tmp) / "ledger.xlsx", Path(tmp) / "ledger.csv"
        rows = _timed(
            figures, "xlsx_s", lambda: export_month(config, engine, YEAR, MONTH, out=xlsx, now=now)
        )
        _timed(
            figures, "csv_s", lambda: export_month(config, engine, YEAR, MONTH, out=csv, now=now)
        )
        figures["rss_pre_chart_mb"] = _peak_mb()  # the chart's font and figure add a fixed amount
        png, _ = _timed(figures, "chart_s", chart)
        figures.update(
            rows=rows,
            occurrences=seeded.occurrences,
            summary_chars=len(text),
            png_bytes=len(png),
            xlsx_bytes=xlsx.stat().st_size,
            csv_bytes=csv.stat().st_size,
        )
    figures["rss_mb"] = _peak_mb()
    return figures


def _peak_mb() -> int:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)


def run_in_subprocess(staff: int, database: str | None) -> dict[str, Any]:
    """``measure`` in a fresh interpreter, so the peak RSS is this size's alone."""
    command = [sys.executable, "-m", "bench.reports", "--one", str(staff)]
    if database:
        command += ["--database", database]
    done = subprocess.run(command, capture_output=True, text=True, check=True)  # noqa: S603  # our own module
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def table(results: list[dict[str, Any]]) -> str:
    """The figures as an aligned text table (seconds; seeding apart from the measured work)."""
    lines = ["  ".join(f"{c:>9}" for c in COLUMNS)]
    lines += ["  ".join(f"{r[c]!s:>{max(9, len(c))}}" for c in COLUMNS) for r in results]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--sizes", default="100,1000,10000", help="staff counts, comma-separated")
    parser.add_argument("--database", help="a PostgreSQL URL (default: a temporary SQLite file)")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)  # the per-size subprocess
    args = parser.parse_args(argv)
    if args.one is not None:
        print(json.dumps(measure(args.one, args.database)))
        return
    results = []
    for size in (int(s) for s in args.sizes.split(",")):
        results.append(run_in_subprocess(size, args.database))
        print(
            table(results[-1:]).splitlines()[-1] if len(results) > 1 else table(results), flush=True
        )


if __name__ == "__main__":
    main()
