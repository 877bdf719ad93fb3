"""A school day while Telegram fails one send in ten: all delivered, every repeat marked.

The real bot (handlers, tick, database) runs in this process against the fake Bot API on a
fake clock, ticking every 20 simulated seconds as in production. The fake answers a share
of the bot's sends and edits with 5xx, timeouts (``late``: delivered anyway; ``hang``: not),
dropped connections and bursts of 429, drawn from a seeded generator; and the third
message is always delivered but answered after the timeout, so every run has a repeat to
mark. The example school's staff answer as in the chaos run; then the audit holds the
record against what the day owed.

    uv run python bench/faults.py [--rate 0.1] [--seed 1] [--database URL]
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import logging
import tempfile
import time
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from datetime import time as clock_time
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import Engine
from sqlmodel import Session, col, select

from bench.district import scratch_engine
from bot.app import polling
from jobs.tick import tick
from safeduty.clock import FakeClock
from safeduty.config import SchoolConfig, load_config
from safeduty.domain.states import DeliveryStatus
from safeduty.services import Services
from safeduty.storage.db import migrate
from safeduty.storage.tables import Delivery
from safeduty.testing.audit import Figures, audit
from safeduty.testing.fake_telegram import FakeTelegram
from safeduty.testing.staff_sim import Staff, example_day, link_staff

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "config.example.toml"
DAY = date(2026, 12, 1)  # a Tuesday, and the month's first school day (the inspection)
STEP = timedelta(seconds=20)  # the production tick
USER_IDS = 5000
DRAIN = timedelta(hours=6)  # after the day, how long the last retries may take at most


@dataclass(frozen=True)
class FaultRun:
    """One run's settings: the share of failing sends, the seed, the simulated hours."""

    rate: float = 0.1
    seed: int = 1
    start: clock_time = clock_time(7, 0)
    stop: clock_time = clock_time(18, 0)
    database: str | None = None  # an SQLite file in ``folder`` unless given
    config: Path = EXAMPLE
    late_send: int | None = 2  # this many sends in, one is delivered but answered too late


async def fault_day(run: FaultRun, folder: Path) -> tuple[Figures, float]:
    """Play the day on a fresh database; return its figures and the wall time it took."""
    started = time.perf_counter()
    config = load_config(run.config)
    clock = FakeClock(datetime.combine(DAY, run.start, tzinfo=ZoneInfo(config.school.timezone)))
    with scratch_engine(run.database, folder) as engine:
        migrate(engine)
        figures = await _play(run, config, clock, engine, folder)
    return figures, time.perf_counter() - started


async def _play(
    run: FaultRun, config: SchoolConfig, clock: FakeClock, engine: Engine, folder: Path
) -> Figures:
    zone = ZoneInfo(config.school.timezone)
    services = Services(
        config=config,
        engine=engine,
        clock=clock,
        data_dir=folder / "data",
        config_path=run.config,
        config_sha256=hashlib.sha256(run.config.read_bytes()).hexdigest(),
    )
    stop = datetime.combine(DAY, run.stop, tzinfo=zone)
    async with FakeTelegram() as telegram:
        users = {
            s.id: telegram.user(USER_IDS + n, s.id.title()) for n, s in enumerate(config.staff)
        }
        link_staff(engine, users, clock.now())
        staff = Staff(telegram, users, lang=config.school.language, patience=30.0)
        async with polling(services, token=telegram.token, api_root=telegram.root) as app:
            timeout = app.bot.request.read_timeout or 5.0
            telegram.chaos(run.rate, seed=run.seed, delay=timeout + 1.0)
            if run.late_send is not None:  # whatever the draw, one send arrives unconfirmed
                telegram.fail("sendMessage", "late", delay=timeout + 1.0, skip=run.late_send)
            plan = sorted(example_day(config), key=lambda p: p.at)
            people: list[asyncio.Task[None]] = []

            def busy() -> bool:  # a person at it, or the bot still handling what they sent
                return any(not p.done() for p in people) or telegram.confirmed < telegram.newest

            while clock.now() < stop or (
                (busy() or _owed(engine, clock.now())) and clock.now() < stop + DRAIN
            ):
                while plan and datetime.combine(DAY, plan[0].at, tzinfo=zone) <= clock.now():
                    people.append(asyncio.create_task(staff.answer(plan.pop(0).intent)))
                began = time.monotonic()
                await tick(services, app.bot)
                if busy():
                    # Time runs as on the wall while someone talks to the bot (a timeout
                    # takes its seconds, not twenty simulated minutes), a tick a second.
                    await asyncio.sleep(max(0.0, 1.0 - (time.monotonic() - began)))
                    clock.advance(timedelta(seconds=time.monotonic() - began))
                else:
                    clock.advance(STEP)
            for person in people:
                await person  # raises what went wrong in a person's script
        if telegram.violations:
            raise AssertionError(f"Bot API spec violations: {telegram.violations}")
    return audit(
        engine=engine,
        config=config,
        telegram=telegram,
        staff=staff,
        day=DAY,
        end=stop,
        slack=2 * STEP,
    )


def _owed(engine: Engine, now: datetime) -> bool:
    """Whether a message is still owed and due (after the day, the last retries go out)."""
    with Session(engine) as session:
        waiting = select(Delivery.id).where(
            col(Delivery.status).in_((DeliveryStatus.PENDING, DeliveryStatus.SENDING)),
            col(Delivery.due_at) <= now,
        )
        return session.exec(waiting).first() is not None


def report(figures: Figures, run: FaultRun, seconds: float) -> list[str]:
    """The figures as printed."""
    faults = ", ".join(f"{kind} {n}" for kind, n in sorted(figures.faults.items())) or "none"
    return [
        f"fault run: {DAY} {run.start:%H:%M}-{run.stop:%H:%M}, {run.rate:.0%} of sends failing "
        f"(seed {run.seed}), {seconds:.0f} s",
        f"faults injected: {sum(figures.faults.values())} ({faults}); "
        f"429s answered {figures.faults['flood']}",
        *figures.lines(),
        *(f"FAIL {line}" for line in figures.failures),
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rate", type=float, default=0.1)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--runs", type=int, default=1, help="days, with seeds seed, seed+1, ...")
    parser.add_argument("--database", help="e.g. postgresql+psycopg://postgres@127.0.0.1/test")
    parser.add_argument("--log", type=Path, help="write the bot's log here (else no log)")
    args = parser.parse_args()
    logging.basicConfig(filename=args.log, level=logging.INFO if args.log else logging.CRITICAL + 1)
    total, seconds = Figures(), 0.0
    for seed in range(args.seed, args.seed + args.runs):
        run = FaultRun(rate=args.rate, seed=seed, database=args.database)
        with tempfile.TemporaryDirectory() as folder:
            figures, took = asyncio.run(fault_day(run, Path(folder)))
        print("\n".join(report(figures, run, took)), end="\n\n", flush=True)
        total.add(figures)
        seconds += took
    if args.runs > 1:
        run = FaultRun(rate=args.rate, seed=args.seed)
        print(f"TOTAL over {args.runs} days (seeds {args.seed}-{args.seed + args.runs - 1}):")
        print("\n".join(report(total, run, seconds)[1:]))
    return 1 if total.failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
