"""SIGKILL a real ``safeduty run`` all through a school day: nothing lost, repeats marked.

One ``safeduty run`` process at a time plays Tuesday 1 December 2026 of the example school
on a simulated clock against the fake Bot API in this process. It is killed with SIGKILL
at random moments and at two chosen ones, and restarted each time where its clock stopped
(plus up to a few simulated minutes down):

- inside a send: the fake takes the gate duty's escalation to the safety officer and keeps
  the bot waiting for the answer (``late``), and the bot is killed while it waits;
- while taps wait on a locked database: this script holds SQLite's write lock, the
  canteen cook taps two items in a row, and the bot is killed before it could write;
- after a database stall: the same with the inspection, but the lock is let go after a
  second and the bot killed the moment it tells Telegram it has the taps.

Meanwhile the staff answer as people would (``safeduty.testing.staff_sim``): the gate duty
stays silent, the canteen gets two problems with notes (one with a photo), the inspection
is answered late. At the end the audit holds the record and every chat against what the
day owed, and ``safeduty verify`` checks the chain.

    uv run python bench/chaos.py [--kills 20] [--seed 1] [--speed 120]
"""

from __future__ import annotations

import argparse
import asyncio
import random
import signal
import sqlite3
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from contextlib import suppress
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from datetime import time as clock_time
from functools import partial
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import func
from sqlmodel import Session, select

from safeduty.config import load_config
from safeduty.config.model import SchoolConfig
from safeduty.storage import health
from safeduty.storage.db import make_engine, migrate
from safeduty.storage.tables import Delivery, Event
from safeduty.testing.audit import Figures, audit
from safeduty.testing.fake_telegram import FakeTelegram
from safeduty.testing.staff_sim import Planned, Staff, example_day, link_staff

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "config.example.toml"
DAY = date(2026, 12, 1)  # a Tuesday, and the month's first school day (the inspection)
USER_IDS = 5000
BUSY = 5.0  # seconds SQLite waits for a lock (safeduty.storage.db's busy_timeout)


@dataclass(frozen=True)
class ChaosRun:
    """One run's settings."""

    kills: int = 20  # at random moments
    seed: int = 1
    speed: float = 120.0  # simulated seconds per second
    start: clock_time = clock_time(7, 10)
    stop: clock_time = clock_time(18, 0)
    targeted: bool = True  # also kill inside a send and while a tap waits on the database
    max_down: int = 3  # simulated minutes a restart may skip, at most
    patience: float = 60.0  # seconds a person waits for the bot before trying again
    config_text: str = field(default_factory=lambda: EXAMPLE.read_text("utf-8"), repr=False)


@dataclass
class Kill:
    """One SIGKILL: when (simulated), why, and the sends it cut short."""

    at: datetime
    why: str
    sending: int = 0  # deliveries left "sending"


@dataclass
class Outcome:
    """What a run measured."""

    figures: Figures
    kills: list[Kill]
    verify: int  # safeduty verify's exit status
    events: int
    seconds: float

    @property
    def failures(self) -> list[str]:
        repeats = sum(self.figures.repeats.values())
        return [
            *self.figures.failures,
            *([f"{repeats} repeats, {len(self.kills)} kills"] if repeats > len(self.kills) else []),
            *([f"safeduty verify exited {self.verify}"] if self.verify else []),
        ]


class BotProcess:
    """``safeduty run`` on a simulated clock, killed and restarted at will."""

    def __init__(self, folder: Path, config: Path, telegram: FakeTelegram, speed: float) -> None:
        self.folder, self.config, self.telegram, self.speed = folder, config, telegram, speed
        self.database = f"sqlite:///{folder / 'chaos.db'}"
        self.proc: asyncio.subprocess.Process | None = None
        self.starts = 0
        self._base = datetime.min.replace(tzinfo=ZoneInfo("UTC"))
        self._origin: float | None = None  # when the process's clock started, monotonic

    def env(self, at: datetime) -> dict[str, str]:
        from os import environ

        env = {k: v for k, v in environ.items() if not k.startswith("SAFEDUTY_")}
        env |= {
            "SAFEDUTY_DATABASE_URL": self.database,
            "SAFEDUTY_BOT_TOKEN": self.telegram.token,
            "SAFEDUTY_TELEGRAM_API_URL": self.telegram.root,
            "SAFEDUTY_CLOCK_START": at.isoformat(timespec="seconds"),
            "SAFEDUTY_CLOCK_SPEED": f"{self.speed:g}",
            # one real second between messages to a chat is ten simulated minutes at
            # 600x: longer than a problem note's wait. This fake has no per-chat limit.
            "SAFEDUTY_TELEGRAM_CHAT_GAP": f"{min(1.0, 1.0 / self.speed):g}",
        }
        return env

    def now(self) -> datetime:
        """The process's simulated time (frozen while it is down)."""
        if self._origin is None:
            return self._base
        return self._base + timedelta(seconds=(time.monotonic() - self._origin) * self.speed)

    async def start(self, at: datetime) -> None:
        """Start at simulated ``at``; return once its clock runs and polling is about to."""
        self.starts += 1
        log = self.folder / f"run-{self.starts:02d}.log"
        menus = len(self.telegram.calls_of("setMyCommands"))
        with log.open("wb") as err:
            self.proc = await asyncio.create_subprocess_exec(
                sys.executable,
                "-m",
                "safeduty.cli",
                "run",
                "--config",
                str(self.config),
                env=self.env(at),
                stdout=asyncio.subprocess.DEVNULL,
                stderr=err,
            )
        self._base, self._origin = at, None
        for _ in range(3000):
            if b"SIMULATED CLOCK" in log.read_bytes():
                self._origin = time.monotonic()
                break
            if self.proc.returncode is not None:
                raise RuntimeError(f"safeduty run exited: {log.read_text('utf-8')}")
            await asyncio.sleep(0.01)
        await self.telegram.wait_for(
            lambda: len(self.telegram.calls_of("setMyCommands")) >= menus + 3, timeout=60
        )

    async def kill(self) -> datetime:
        """SIGKILL: no clean shutdown at all. Returns the simulated moment."""
        at = self.now()
        assert self.proc is not None
        self.proc.kill()
        await self.proc.wait()
        self._base, self._origin = at, None
        return at

    async def stop(self) -> None:
        """SIGTERM, as at the end of a day; it must stop cleanly."""
        assert self.proc is not None
        self.proc.send_signal(signal.SIGTERM)
        if await asyncio.wait_for(self.proc.wait(), 60) != 0:
            raise RuntimeError(f"safeduty run exited {self.proc.returncode} on SIGTERM")
        self._base, self._origin = self.now(), None


class Harness:
    """The day: staff answering, kills at their moments, restarts, then the audit."""

    def __init__(self, run: ChaosRun, folder: Path, telegram: FakeTelegram) -> None:
        self.run, self.folder, self.tg = run, folder, telegram
        self.config_path = folder / "school.toml"  # its data folder is the run's folder
        self.config_path.write_text(run.config_text, "utf-8")
        self.config: SchoolConfig = load_config(self.config_path)
        self.zone = ZoneInfo(self.config.school.timezone)
        self.bot = BotProcess(folder, self.config_path, telegram, run.speed)
        self.engine = make_engine(self.bot.database)
        migrate(self.engine)
        users = {
            s.id: telegram.user(USER_IDS + n, s.id.title()) for n, s in enumerate(self.config.staff)
        }
        self.users = users
        link_staff(self.engine, users, self.local(run.start))
        self.staff = Staff(telegram, users, lang=self.config.school.language, patience=run.patience)
        self.rng = random.Random(run.seed)  # noqa: S311  # reproducible moments, not secrets
        self.kills: list[Kill] = []
        self.people: list[asyncio.Task[None]] = []

    def local(self, moment: clock_time) -> datetime:
        return datetime.combine(DAY, moment, tzinfo=self.zone)

    async def day(self) -> Outcome:
        started = time.perf_counter()
        run = self.run
        begin, end = self.local(run.start), self.local(run.stop)
        span = (end - begin).total_seconds()
        moments = sorted(
            begin + timedelta(seconds=self.rng.uniform(0.02, 0.98) * span) for _ in range(run.kills)
        )
        plan = sorted(example_day(self.config), key=lambda p: p.at)
        chosen: list[tuple[datetime, Callable[[], Awaitable[None]]]] = []
        if run.targeted:
            moment = self.send_moment()
            if moment is not None:
                chosen.append((moment, self.kill_inside_a_send))
            for planned, stall in zip(plan[:2], (False, True), strict=False):
                chosen.append((self.local(planned.at), partial(self.kill_on_taps, planned, stall)))
                plan.remove(planned)  # its person starts with the quick taps
        chosen.sort(key=lambda c: c[0])
        await self.bot.start(begin)
        while self.bot.now() < end or moments or chosen:  # every kill happens
            now = self.bot.now()
            while plan and self.local(plan[0].at) <= now:
                self.people.append(asyncio.create_task(self.staff.answer(plan.pop(0).intent)))
            if moments and moments[0] <= now:
                moments.pop(0)
                await self.kill_and_restart(Kill(now, "random"))
            elif chosen and chosen[0][0] <= now:
                await chosen.pop(0)[1]()
            await asyncio.sleep(0.02)
        for person in self.people:
            await person  # raises what went wrong in a person's script
        await self.settle()
        stopped = self.bot.now()
        await self.bot.stop()
        verify = await self.verify()
        figures = audit(
            engine=self.engine,
            config=self.config,
            telegram=self.tg,
            staff=self.staff,
            day=DAY,
            end=stopped,
            slack=timedelta(minutes=run.max_down, seconds=3 * self.tick_seconds()),
        )
        with Session(self.engine) as session:
            events = session.exec(select(func.count()).select_from(Event)).one()
        self.engine.dispose()
        return Outcome(figures, self.kills, verify, events, time.perf_counter() - started)

    def tick_seconds(self) -> float:
        """Simulated seconds between ticks (the process ticks at least every 0.5 s)."""
        return max(0.5, 20 / self.run.speed) * self.run.speed

    def send_moment(self) -> datetime | None:
        """Two simulated minutes before the gate duty's escalation to the safety officer."""
        gate = self.config.duty_by_id("gate")
        if gate is None or len(gate.escalation) < 2:
            return None
        deadline = self.local(gate.deadline)
        return deadline + gate.escalation[1].after - timedelta(minutes=2)

    async def kill_and_restart(self, kill: Kill) -> None:
        kill.at = await self.bot.kill()
        self.kills.append(kill)
        with Session(self.engine) as session:
            sending = select(Delivery.id).where(Delivery.status == "sending")
            kill.sending = len(session.exec(sending).all())
            last = session.exec(select(func.max(Event.at))).one()
        resume = max(kill.at, last or kill.at)
        down = timedelta(seconds=self.rng.uniform(0, self.run.max_down * 60))
        await self.bot.start(resume + down)

    async def kill_inside_a_send(self) -> None:
        """The fake takes the next message to the safety officer and keeps the bot waiting."""
        officer = self.users[self.config.staff_with_role("safety_officer")[0].id]
        seen = len(self.tg.calls)
        self.tg.fail("sendMessage", "late", chat_id=officer.id, delay=300)

        def in_flight() -> bool:
            return any(
                c.method == "sendMessage" and str(c.params.get("chat_id")) == str(officer.id)
                for c in self.tg.calls[seen:]
            )

        await self.tg.wait_for(in_flight, timeout=120)
        await self.kill_and_restart(Kill(self.bot.now(), "inside a send"))

    async def kill_on_taps(self, planned: Planned, stall: bool) -> None:
        """Hold SQLite's write lock; the person taps two items one right after the other.

        Without ``stall`` the bot is killed while the taps wait on the lock. With it the
        lock is let go after a second (a database stall, shorter than the bot's busy
        timeout) and the bot is killed the moment it confirms the taps to Telegram (or
        three seconds on): a tap Telegram has forgotten must have been recorded.
        """
        path = self.bot.database.removeprefix("sqlite:///")
        lock = sqlite3.connect(path, timeout=30, isolation_level=None)
        try:
            lock.execute("BEGIN EXCLUSIVE")
            pushed = self.tg.newest

            async def person() -> None:
                await self.staff.tap_quickly(planned.intent, [0, 1])
                await self.staff.answer(planned.intent)

            self.people.append(asyncio.create_task(person()))
            await self.tg.wait_for(lambda: self.tg.newest > pushed, timeout=60)  # both at once
            second = self.tg.newest
            await self.tg.wait_for(lambda: self.tg.handed_out >= second, timeout=60)
            if stall:
                await asyncio.sleep(1.0)
                lock.rollback()
                with suppress(TimeoutError):
                    await self.tg.wait_for(lambda: self.tg.confirmed >= second, timeout=3.0)
            else:
                await asyncio.sleep(BUSY / 3)
            why = "taps after a database stall" if stall else "taps on a locked database"
            kill = Kill(self.bot.now(), why)
            kill.at = await self.bot.kill()
        finally:
            if lock.in_transaction:
                lock.rollback()
            lock.close()
        self.kills.append(kill)
        resume = kill.at + timedelta(seconds=self.rng.uniform(0, self.run.max_down * 60))
        await self.bot.start(resume)

    async def settle(self) -> None:
        """Wait for a whole tick after now (a bot just restarted has not owed what fell due
        while it booted), then until nothing owed is still due (the last retries)."""
        ticked_by = self.bot.now() + timedelta(seconds=self.tick_seconds())
        for _ in range(600):
            with Session(self.engine) as session:
                ticked = health.last_tick(session)
                waiting = session.exec(
                    select(Delivery.id).where(
                        Delivery.status.in_(("pending", "sending")),  # type: ignore[attr-defined]
                        Delivery.due_at <= self.bot.now(),
                    )
                ).first()
            if waiting is None and ticked is not None and ticked >= ticked_by:
                return
            await asyncio.sleep(0.1)

    async def verify(self) -> int:
        proc = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "safeduty.cli",
            "verify",
            "--config",
            str(self.config_path),
            env=self.bot.env(self.bot.now()),
            stdout=asyncio.subprocess.DEVNULL,
            stderr=asyncio.subprocess.DEVNULL,
        )
        return await proc.wait()


async def chaos_day(run: ChaosRun, folder: Path) -> Outcome:
    """Play the day with its kills and return what was measured."""
    async with FakeTelegram() as telegram:
        outcome = await Harness(run, folder, telegram).day()
        if telegram.violations:
            raise AssertionError(f"Bot API spec violations: {telegram.violations}")
    return outcome


def report(outcome: Outcome, run: ChaosRun, *, verbose: bool = False) -> list[str]:
    """The figures as printed."""
    kinds: dict[str, int] = {}
    for kill in outcome.kills:
        kinds[kill.why] = kinds.get(kill.why, 0) + 1
    whys = ", ".join(f"{why} {n}" for why, n in kinds.items())
    in_send = sum(1 for k in outcome.kills if k.sending)
    repeats = sum(outcome.figures.repeats.values())
    return [
        f"chaos run: {DAY} {run.start:%H:%M}-{run.stop:%H:%M} at {run.speed:g}x, seed {run.seed}, "
        f"{outcome.seconds:.0f} s",
        f"kills: {len(outcome.kills)} ({whys}); {in_send} cut a send short; "
        f"restarts {len(outcome.kills)}",
        *outcome.figures.lines(),
        f"repeats per kill: {repeats}/{len(outcome.kills)} (at most one each)",
        f"safeduty verify: exit {outcome.verify} ({outcome.events} events)",
        *(
            f"  kill at {k.at.astimezone(ZoneInfo('Asia/Shanghai')):%H:%M:%S} ({k.why})"
            + (f", {k.sending} send(s) cut short" if k.sending else "")
            for k in (outcome.kills if verbose else [])
        ),
        *(f"FAIL {line}" for line in outcome.failures),
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kills", type=int, default=20)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--speed", type=float, default=120.0)
    parser.add_argument("--no-targeted", action="store_true", help="random kills only")
    parser.add_argument("--keep", type=Path, help="keep the database and logs in this folder")
    parser.add_argument("--verbose", action="store_true", help="list the kills")
    args = parser.parse_args()
    run = ChaosRun(
        kills=args.kills, seed=args.seed, speed=args.speed, targeted=not args.no_targeted
    )
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
        outcome = asyncio.run(chaos_day(run, args.keep))
    else:
        with tempfile.TemporaryDirectory() as folder:
            outcome = asyncio.run(chaos_day(run, Path(folder)))
    print("\n".join(report(outcome, run, verbose=args.verbose)))
    return 1 if outcome.failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
