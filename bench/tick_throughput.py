"""How long one tick takes for a district-sized school day, against the fake Bot API.

Plans N teachers' duties for one day (each its own occurrence at 07:20), then times the
tick that sends every reminder, and a quiet tick with nothing due. Prints the figures.

    uv run python bench/tick_throughput.py [--teachers 200] [--database URL]
"""

from __future__ import annotations

import argparse
import asyncio
import resource
import tempfile
import time
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from bench.district import link_everyone, scratch_engine
from bot.app import polling
from jobs.tick import tick
from safeduty.clock import FakeClock
from safeduty.config import parse_config
from safeduty.services import Services
from safeduty.storage.db import migrate
from safeduty.testing.fake_telegram import FakeTelegram

ROOT = Path(__file__).resolve().parents[1]


def school_with(teachers: int) -> str:
    """The example school with ``teachers`` extra teachers all on the gate duty."""
    text = (ROOT / "config.example.toml").read_text("utf-8")
    ids = [f"t{n:04d}" for n in range(teachers)]
    staff = "".join(
        f'\n[[staff]]\nid = "{i}"\nname = "教师{i}"\nroles = ["teacher"]\n' for i in ids
    )
    text = text.replace(
        'rota = { mon = "wang", tue = "zhang", wed = "liu", thu = "zhao", fri = "sun" }',
        f"assignees = {ids!r}".replace("'", '"'),
    )
    return text.replace(
        "# ---------------------------------------------------------------- 值班 / duties",
        staff + "\n# duties",
    )


async def main(teachers: int, database: str | None) -> None:
    config = parse_config(school_with(teachers))
    zone = ZoneInfo(config.school.timezone)
    clock = FakeClock(datetime(2026, 12, 1, 7, 0, tzinfo=zone))
    with tempfile.TemporaryDirectory() as tmp, scratch_engine(database, Path(tmp)) as engine:
        migrate(engine)
        services = Services(config=config, engine=engine, clock=clock, data_dir=Path(tmp))
        async with FakeTelegram() as telegram:
            link_everyone(services, telegram)
            async with polling(
                services, token=telegram.token, api_root=telegram.root
            ) as application:
                started = time.perf_counter()
                await tick(services, application.bot)
                plan_seconds = time.perf_counter() - started
                clock.set(datetime(2026, 12, 1, 7, 20, tzinfo=zone))
                started = time.perf_counter()
                report = await tick(services, application.bot)
                busy_seconds = time.perf_counter() - started
                clock.set(datetime(2026, 12, 1, 7, 21, tzinfo=zone))
                started = time.perf_counter()
                await tick(services, application.bot)
                quiet_seconds = time.perf_counter() - started
    sent = len(report.sent)
    print(f"teachers: {teachers}, database: {engine.dialect.name}")
    print(f"planning tick: {plan_seconds * 1000:.0f} ms")
    print(
        f"07:20 tick: {sent} reminders in {busy_seconds:.2f} s "
        f"({sent / busy_seconds:.0f} per second; AIORateLimiter allows 30)"
    )
    print(f"quiet tick: {quiet_seconds * 1000:.1f} ms")
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS of the whole run: {peak_mb:.0f} MB")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--teachers", type=int, default=200)
    parser.add_argument("--database", help="a database URL (default: a temporary SQLite file)")
    args = parser.parse_args()
    asyncio.run(main(args.teachers, args.database))
