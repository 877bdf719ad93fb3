"""N reminders due in the same minute, sent by a real ``safeduty run`` against Telegram's limits.

A generated district (``bench/district.py``, N teachers in 10 gate duties at 07:20, all
linked before the process starts) plus one extra teacher whose duty is reminded at 07:21.
The bot runs as its own process on a simulated clock started ``--lead`` seconds before
07:20, against the fake Bot API in this process with its flood limit on: ``--rate``
messages a second overall (the bot is told the same rate in ``SAFEDUTY_TELEGRAM_RATE``),
one a second per chat. Prints, for the burst: the time from 07:20 to the last reminder
delivered, as a ratio of the ideal N/rate; messages a second; the 429s the fake answered;
reminders lost and duplicated; and when the 07:21 reminder came, and the bot's peak RSS.

    uv run python bench/fanout.py [--staff 1000] [--rate 30] [--latency 0.05] [--database URL]
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
import time
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from os import environ
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from bench.chaos import BotProcess
from bench.district import district_config, link_everyone, scratch_engine
from bench.tally import Tally, peak_rss_mb, process_url
from safeduty.clock import FakeClock
from safeduty.config import load_config
from safeduty.services import Services
from safeduty.storage.db import migrate
from safeduty.testing.fake_telegram import FakeTelegram

DAY = date(2026, 12, 1)  # a Tuesday
EXTRA = """
[[staff]]
id = "solo"
name = "单老师"
roles = ["teacher"]

[[duties]]
id = "late_gate"
name = "校门值守 加班"
remind_at = "07:21"
deadline = "07:50"
nudge_before = "10m"
assignees = ["solo"]
checklist = ["小门已上锁"]
[[duties.escalation]]
after = "10m"
notify = "assignee"
"""


@dataclass(frozen=True)
class FanoutRun:
    """One run's settings."""

    staff: int = 1000
    rate: float = 30.0  # messages/s overall, for the fake and the bot
    burst: float = 5.0  # messages the fake's overall bucket lets through at once
    latency: float = 0.0  # seconds the fake adds to every answer
    lead: float = 20.0  # simulated seconds between the start and 07:20
    speed: float = 1.0  # the process's simulated clock speed
    database: str | None = None  # default: a temporary SQLite file
    seed: int = 1


@dataclass(frozen=True)
class FanoutFigures:
    """What a run measured (times in wall seconds)."""

    staff: int
    rate: float
    backend: str
    elapsed: float | None  # 07:20 to the last burst reminder delivered; None: some never came
    first: float | None  # 07:20 to the first burst reminder delivered
    steady: float | None  # msg/s between the first and the last tenth of the burst
    tally: Tally
    refused: dict[str, int]  # 429s the fake answered, overall / per chat
    extra_delay: float | None  # the 07:21 reminder after its due time; None: never came
    extra_tally: Tally
    rss_mb: float | None

    @property
    def ideal(self) -> float:
        return self.staff / self.rate

    @property
    def ratio(self) -> float | None:
        """Achieved share of the rate: ideal time / measured time (target >= 0.95)."""
        return self.ideal / self.elapsed if self.elapsed else None

    def lines(self, latency: float) -> list[str]:
        per_second = f"{self.staff / self.elapsed:.1f}" if self.elapsed else "-"
        elapsed = f"{self.elapsed:.1f} s" if self.elapsed is not None else "never finished"
        ratio = f"{self.ratio:.2f}" if self.ratio is not None else "-"
        extra = f"{self.extra_delay:+.1f} s" if self.extra_delay is not None else "never sent"
        rss = f"{self.rss_mb:.0f} MB" if self.rss_mb is not None else "-"
        return [
            f"fanout: {self.staff} reminders at 07:20, rate {self.rate:g}/s, "
            f"latency {latency * 1000:.0f} ms, {self.backend}",
            f"  last delivered after {elapsed} (ideal {self.ideal:.1f} s), ratio {ratio}"
            f" (target >= 0.95), {per_second} msg/s",
            f"  first delivered after {_seconds(self.first)}, "
            f"steady rate {_rate(self.steady)} msg/s (the middle 80%)",
            f"  429s answered: {sum(self.refused.values())} {dict(self.refused)}",
            f"  lost {self.tally.lost + self.extra_tally.lost}, "
            f"duplicated {self.tally.duplicated + self.extra_tally.duplicated}",
            f"  07:21 reminder sent {extra} after its due time (target < 60 s)",
            f"  peak RSS of the bot process: {rss}",
        ]


def _seconds(value: float | None) -> str:
    return f"{value:.1f} s" if value is not None else "-"


def _rate(value: float | None) -> str:
    return f"{value:.1f}" if value is not None else "-"


def _steady(arrivals: tuple[float, ...]) -> float | None:
    """Messages a second between the arrivals at 10% and at 90% of the burst."""
    if len(arrivals) < 10:
        return None
    low, high = len(arrivals) // 10, len(arrivals) * 9 // 10
    span = arrivals[high] - arrivals[low]
    return (high - low) / span if span > 0 else None


class RatedBotProcess(BotProcess):
    """``safeduty run`` told Telegram's overall rate (SAFEDUTY_TELEGRAM_RATE)."""

    rate: float = 30.0

    def env(self, at: datetime) -> dict[str, str]:
        return super().env(at) | {"SAFEDUTY_TELEGRAM_RATE": f"{self.rate:g}"}


async def _wait(telegram: FakeTelegram, chats: list[int], until: float) -> Tally:
    """Poll (cheaply) until every chat has its reminder or ``until`` (monotonic) passes."""
    while True:
        tally = Tally.of(telegram, chats)
        if not tally.lost or time.monotonic() >= until:
            return tally
        await asyncio.sleep(0.1)


async def fanout(run: FanoutRun, folder: Path) -> FanoutFigures:
    """Run the burst once and measure it."""
    config_path = folder / "district.toml"
    text = district_config(run.staff, groups=10, seed=run.seed, remind_at="07:20") + EXTRA
    config_path.write_text(text, "utf-8")
    config = load_config(config_path)
    zone = ZoneInfo(config.school.timezone)
    due = datetime(DAY.year, DAY.month, DAY.day, 7, 20, tzinfo=zone)
    start = due - timedelta(seconds=run.lead)
    with scratch_engine(run.database, folder) as engine:
        migrate(engine)
        services = Services(config=config, engine=engine, clock=FakeClock(start), data_dir=folder)
        async with FakeTelegram(latency=run.latency) as telegram:
            chats = link_everyone(services, telegram)
            flood = telegram.flood_limit(run.rate, burst=run.burst)
            bot = RatedBotProcess(folder, config_path, telegram, run.speed)
            bot.database, bot.rate = process_url(engine, folder), run.rate
            await bot.start(start)
            try:
                figures = await _measure(run, bot, telegram, chats, due)
            finally:
                await bot.stop()
            return FanoutFigures(
                staff=run.staff,
                rate=run.rate,
                backend=engine.dialect.name,
                refused=dict(flood.refused),
                **figures,
            )


async def _measure(
    run: FanoutRun,
    bot: RatedBotProcess,
    telegram: FakeTelegram,
    chats: dict[str, int],
    due: datetime,
) -> dict[str, Any]:
    def wall(moment: datetime) -> float:  # the monotonic time the process's clock shows it
        return time.monotonic() + (moment - bot.now()).total_seconds() / run.speed

    due_at, extra_due_at = wall(due), wall(due + timedelta(minutes=1))
    burst = [chat for staff_id, chat in chats.items() if staff_id.startswith("t")]
    patience = 60 + 3 * run.staff / min(run.rate, 28)
    tally = await _wait(telegram, burst, due_at + patience)
    extra = await _wait(telegram, [chats["solo"]], max(extra_due_at, time.monotonic()) + patience)
    rss = peak_rss_mb(bot.proc.pid) if bot.proc else None
    await asyncio.sleep(1.0)  # late duplicates would show up here
    tally, extra = Tally.of(telegram, burst), Tally.of(telegram, [chats["solo"]])
    return {
        "elapsed": tally.last_at - due_at if tally.last_at and not tally.lost else None,
        "first": tally.arrivals[0] - due_at if tally.arrivals else None,
        "steady": _steady(tally.arrivals),
        "tally": tally,
        "extra_delay": extra.last_at - extra_due_at if extra.last_at else None,
        "extra_tally": extra,
        "rss_mb": rss,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--staff", type=int, default=1000, help="reminders in the burst")
    parser.add_argument("--rate", type=float, default=30.0, help="Telegram's overall msg/s")
    parser.add_argument("--burst", type=float, default=5.0, help="the fake's overall burst")
    parser.add_argument(
        "--latency", type=float, action="append", help="seconds per answer (repeatable)"
    )
    parser.add_argument("--lead", type=float, default=20.0, help="simulated s before 07:20")
    parser.add_argument("--speed", type=float, default=1.0, help="simulated clock speed")
    parser.add_argument("--database", help="a database URL (default: a temporary SQLite file)")
    args = parser.parse_args()
    environ.setdefault("PTB_TIMEDELTA", "1")
    for latency in args.latency or [0.0, 0.05]:
        run = FanoutRun(
            staff=args.staff,
            rate=args.rate,
            burst=args.burst,
            latency=latency,
            lead=args.lead,
            speed=args.speed,
            database=args.database,
        )
        with tempfile.TemporaryDirectory() as folder:
            figures = asyncio.run(fanout(run, Path(folder)))
        print("\n".join(figures.lines(latency)), flush=True)


if __name__ == "__main__":
    main()
