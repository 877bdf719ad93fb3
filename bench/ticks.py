"""What planning costs a district: the planning tick, a restart tick, quiet ticks, peak RSS.

For each size a generated district (``bench/district.py``) is planned on a scratch
database by calling the domain work directly (``plan_ahead`` and the tick's sync rounds,
not ``jobs/tick.py``); then a real ``safeduty run`` process plans and sends the morning
against the fake Bot API and its peak RSS (VmHWM) is read. Prints figures, asserts none.

    uv run python bench/ticks.py [--sizes 100,1000,10000] [--database URL] [--no-rss]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from urllib.parse import quote
from zoneinfo import ZoneInfo

from sqlalchemy import Engine, func
from sqlmodel import Session, select

from bench.district import district_config, link_everyone, scratch_engine
from safeduty.clock import FakeClock
from safeduty.commands.cover_sync import escalate_unstaffed
from safeduty.commands.duties import step
from safeduty.commands.heads_up import owe_heads_ups
from safeduty.commands.planning import plan_ahead
from safeduty.commands.problems import expire_inputs
from safeduty.commands.reports import owe_summary
from safeduty.config import load_config_file
from safeduty.services import Services
from safeduty.storage import duties
from safeduty.storage.db import migrate
from safeduty.storage.tables import Occurrence
from safeduty.testing.fake_telegram import FakeTelegram

ZONE = ZoneInfo("Asia/Shanghai")
TUESDAY = datetime(2026, 12, 1, 7, 0, tzinfo=ZONE)  # today and tomorrow are school days
SEND_WAIT = 30.0  # seconds a run may take to plan, and then to send the morning


def services_for(config_path: Path, engine: Engine, clock: FakeClock, data: Path) -> Services:
    """Services as a (re)started process builds them: the config parsed from its file."""
    config, digest = load_config_file(config_path)
    return Services(
        config=config,
        engine=engine,
        clock=clock,
        data_dir=data,
        config_path=config_path,
        config_sha256=digest,
    )


def domain_tick(services: Services, now: datetime) -> int:
    """The tick's database work without sending: plan, step what is due, the sync rounds."""
    actions = plan_ahead(services, now)
    with services.session() as session:
        for occ in duties.due_occurrences(session=session, now=now):
            actions += len(step(session, config=services.config, occ=occ, now=now))
        expire_inputs(session, config=services.config, now=now)
        escalate_unstaffed(session, config=services.config, now=now)
        owe_heads_ups(session, config=services.config, now=now)
        owe_summary(services, session, now)
        duties.sendable(session=session, now=now)
    return actions


def timed(work: Callable[[], object]) -> float:
    """Milliseconds ``work`` took."""
    started = time.perf_counter()
    work()
    return (time.perf_counter() - started) * 1000


def open_rows(engine: Engine) -> int:
    with Session(engine) as session:
        return int(session.exec(select(func.count()).select_from(Occurrence)).one())


def plan_figures(staff: int, database: str | None, tmp: Path) -> list[str]:
    """Plan a district in this process; the figures of the planning, restart and quiet ticks."""
    config_path = tmp / "school.toml"
    config_path.write_text(district_config(staff), "utf-8")
    clock = FakeClock(TUESDAY)
    with scratch_engine(database, tmp) as engine:
        migrate(engine)
        first = services_for(config_path, engine, clock, tmp)
        plan_ms = timed(lambda: plan_ahead(first, clock.now()))
        rows = open_rows(engine)
        again_ms = timed(lambda: plan_ahead(first, clock.now()))
        restarted = services_for(config_path, engine, clock, tmp)
        restart_ms = timed(lambda: domain_tick(restarted, clock.now()))
        clock.set(TUESDAY + timedelta(minutes=1))
        quiet_ms = timed(lambda: domain_tick(restarted, clock.now()))
        quiet_again_ms = timed(lambda: domain_tick(restarted, clock.now()))
    return [
        f"  planning tick (today and tomorrow, {rows} rows): {plan_ms:.0f} ms",
        f"  the same process again: {again_ms:.1f} ms",
        f"  restart tick (new Services, same database and config): {restart_ms:.1f} ms",
        f"  quiet tick, nothing due, {rows} open rows: {quiet_ms:.1f} ms, "
        f"then {quiet_again_ms:.1f} ms",
    ]


def child_url(database: str | None, tmp: Path, engine: Engine) -> str:
    """The URL a spawned process reaches the scratch database with (its schema included)."""
    if database is None:
        return f"sqlite:///{tmp / 'bench.db'}"
    with engine.connect() as conn:
        path = conn.exec_driver_sql("SHOW search_path").scalar()
    glue = "&" if "?" in database else "?"
    return f"{database}{glue}options={quote(f'-csearch_path={path}')}"


async def run_rss(staff: int, database: str | None, tmp: Path, wait: float = SEND_WAIT) -> str:
    """Peak RSS of ``safeduty run`` planning and sending the morning of a linked district."""
    config_path = tmp / "school.toml"
    config_path.write_text(district_config(staff), "utf-8")
    start = TUESDAY.replace(hour=7, minute=19, second=58)
    with scratch_engine(database, tmp) as engine:
        migrate(engine)
        async with FakeTelegram() as telegram:
            services = services_for(config_path, engine, FakeClock(start), tmp)
            await asyncio.to_thread(link_everyone, services, telegram)
            del services
            env = {k: v for k, v in os.environ.items() if not k.startswith("SAFEDUTY_")}
            env |= {
                "SAFEDUTY_DATABASE_URL": child_url(database, tmp, engine),
                "SAFEDUTY_BOT_TOKEN": telegram.token,
                "SAFEDUTY_TELEGRAM_API_URL": telegram.root,
                "SAFEDUTY_CLOCK_START": start.isoformat(timespec="seconds"),
            }
            with (tmp / "run.log").open("wb") as log:
                proc = await asyncio.create_subprocess_exec(
                    sys.executable,
                    "-m",
                    "safeduty.cli",
                    "run",
                    "--config",
                    str(config_path),
                    env=env,
                    stdout=asyncio.subprocess.DEVNULL,
                    stderr=log,
                )
            began = time.perf_counter()
            planned = await _planned(engine, 2 * staff, began)
            with contextlib.suppress(TimeoutError):
                await telegram.wait_for(
                    lambda: len(telegram.calls_of("sendMessage")) >= staff, wait
                )
            sent = len(telegram.calls_of("sendMessage"))
            peak = _vm_hwm(proc.pid)
            proc.terminate()
            await proc.wait()
    return (
        f"  safeduty run: peak RSS {peak / 1024:.0f} MB "
        f"(planned {planned} rows, {sent} messages sent in {time.perf_counter() - began:.0f} s)"
    )


async def _planned(engine: Engine, rows: int, began: float) -> int:
    """Wait until the run has planned ``rows`` occurrences (or a minute has gone)."""
    found = 0
    while time.perf_counter() - began < SEND_WAIT:
        found = await asyncio.to_thread(open_rows, engine)
        if found >= rows:
            break
        await asyncio.sleep(0.2)
    return found


def _vm_hwm(pid: int) -> int:
    """A process's peak resident set, in KiB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100,1000,10000", help="staff counts, comma-separated")
    parser.add_argument("--database", help="a PostgreSQL URL (default: a temporary SQLite file)")
    parser.add_argument("--no-rss", action="store_true", help="skip the safeduty run processes")
    parser.add_argument(
        "--send-wait", type=float, default=SEND_WAIT, help="seconds a run may take to send"
    )
    args = parser.parse_args(argv)
    backend = "postgresql" if args.database else "sqlite"
    for staff in (int(s) for s in args.sizes.split(",")):
        print(f"{staff} staff, {backend}:", flush=True)
        with tempfile.TemporaryDirectory() as tmp:
            for line in plan_figures(staff, args.database, Path(tmp)):
                print(line, flush=True)
        if not args.no_rss:
            with tempfile.TemporaryDirectory() as tmp:
                print(
                    asyncio.run(run_rss(staff, args.database, Path(tmp), args.send_wait)),
                    flush=True,
                )
    return 0


if __name__ == "__main__":
    sys.exit(main())
