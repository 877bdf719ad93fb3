"""Check-in taps per second, end to end: our bot beside a bare python-telegram-bot app.

Many linked teachers (``--taps``, default 200) each hold an open reminder and tap
"all clear" at once (callback queries fed by the fake Bot API, as the tests do). A tap
is done when the bot answered its callback query and edited its message; taps/s is the
taps over the time until every one is done.

Our bot runs in this process (``bot.app.polling``: the same factory, handlers, database
and rate limiter as ``safeduty run``, the tick called by hand on a fake clock). The
baseline is a bare ``Application`` whose one CallbackQueryHandler answers and edits, with
no database: once with no rate limiter (as most bots run; the target's "bare") and once
with ``AIORateLimiter()``. All meet the same fake (flood limit on, ``--rate``) in the same
process, in alternating runs; the ratios ours/bare are printed (target >= 0.5).
A last run of ours taps while ``--others`` (default 1,000) reminders are being sent.

    uv run python bench/taps.py [--taps 200] [--rounds 3] [--others 1000] [--database URL]
"""

from __future__ import annotations

import argparse
import asyncio
import math
import statistics
import tempfile
import time
from dataclasses import dataclass
from datetime import datetime
from os import environ
from pathlib import Path
from zoneinfo import ZoneInfo

from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import AIORateLimiter, Application, CallbackQueryHandler, ContextTypes

from bench.district import district_config, link_everyone, scratch_engine, staff_ids
from bench.tally import Tally
from bot.app import polling, stop_bot
from bot.pace import CHAT_GAP
from jobs.tick import tick
from safeduty.clock import FakeClock
from safeduty.config import parse_config
from safeduty.services import Services
from safeduty.storage.db import migrate
from safeduty.testing.fake_records import Sent
from safeduty.testing.fake_telegram import FakeTelegram

SHANGHAI = ZoneInfo("Asia/Shanghai")


@dataclass(frozen=True)
class TapsRun:
    """One bench's settings."""

    taps: int = 200
    rate: float = 30.0  # the fake's overall flood limit, msg/s
    latency: float = 0.0  # seconds the fake adds to every answer
    others: int = 1000  # reminders sent during the last run's taps (0: no such run)
    database: str | None = None
    timeout: float = 300.0  # seconds to wait for every tap to be done


@dataclass(frozen=True)
class TapResult:
    """One run's taps: how many, how many were answered and edited, and how fast."""

    who: str
    taps: int
    answered: int
    edited: int
    seconds: float
    violations: int
    others: Tally | None = None  # the reminders sent meanwhile (taps during a fan-out)

    @property
    def per_second(self) -> float:
        return self.taps / self.seconds if self.seconds else math.inf

    @property
    def done(self) -> bool:
        return self.answered == self.edited == self.taps and not self.violations


def at(hhmm: str) -> datetime:
    hour, minute = map(int, hhmm.split(":"))
    return datetime(2026, 12, 1, hour, minute, tzinfo=SHANGHAI)


def split_config(taps: int, others: int) -> str:
    """The district with the tappers' duties at 07:20 and the others' at 07:25."""
    size = math.gcd(taps, others) if others else taps
    text = district_config(taps + others, groups=(taps + others) // size)
    head, *duties = text.split("[[duties]]\n")
    later = [d.replace('remind_at = "07:20"', 'remind_at = "07:25"') for d in duties]
    return "[[duties]]\n".join([head, *duties[: taps // size], *later[taps // size :]])


async def tap_all(telegram: FakeTelegram, messages: list[Sent], *, patience: float) -> TapResult:
    """Tap "all clear" on every message at once; wait until each is answered and edited."""
    started = time.monotonic()
    queries = {}
    for sent in messages:
        data = sent.buttons[0]["callback_data"]  # "all clear" comes first
        queries[telegram.tap(telegram.users[sent.chat_id], sent, data)] = sent
    pending = dict(queries)
    while pending and time.monotonic() - started < patience:
        await asyncio.sleep(0.01)
        pending = {
            q: s for q, s in pending.items() if not (q in telegram.callback_answers and s.edits)
        }
    seconds = time.monotonic() - started
    answered = sum(q in telegram.callback_answers for q in queries)
    edited = sum(bool(s.edits) for s in queries.values())
    return TapResult("", len(queries), answered, edited, seconds, len(telegram.violations))


async def ours(run: TapsRun, folder: Path, *, during_fanout: bool) -> TapResult:
    """Our bot: reminders at 07:20 by the tick, then every tapper taps (during a fan-out)."""
    others = run.others if during_fanout else 0
    config = parse_config(split_config(run.taps, others))
    clock = FakeClock(at("07:19"))
    with scratch_engine(run.database, folder) as engine:
        migrate(engine)
        services = Services(config=config, engine=engine, clock=clock, data_dir=folder)
        async with FakeTelegram(latency=run.latency) as telegram:
            chats = link_everyone(services, telegram)
            telegram.flood_limit(run.rate)
            async with polling(services, token=telegram.token, api_root=telegram.root) as app:
                await tick(services, app.bot)
                clock.set(at("07:20"))
                ids = staff_ids(run.taps + others)
                for _ in range(5):  # a reminder refused by the flood limit goes next tick
                    await tick(services, app.bot)
                    if not Tally.of(telegram, [chats[i] for i in ids[: run.taps]]).lost:
                        break
                tappers = [telegram.last(chats[i]) for i in ids[: run.taps]]
                fanout = None
                if others:
                    clock.set(at("07:25"))
                    fanout = asyncio.create_task(tick(services, app.bot))
                    await asyncio.sleep(1.0)  # the fan-out is under way
                else:
                    clock.set(at("07:22"))
                    await asyncio.sleep(CHAT_GAP)  # Telegram's per-chat gap since the reminder
                result = await tap_all(telegram, tappers, patience=run.timeout)
                sent_meanwhile = None
                if fanout is not None:
                    await fanout
                    rest = [chats[i] for i in ids[run.taps :]]
                    for minute in ("07:26", "07:27", "07:28"):  # refused ones go next tick
                        if not Tally.of(telegram, rest).lost:
                            break
                        clock.set(at(minute))
                        await tick(services, app.bot)
                    sent_meanwhile = Tally.of(telegram, rest)
    who = "ours during a fan-out" if others else "ours"
    return TapResult(
        who,
        result.taps,
        result.answered,
        result.edited,
        result.seconds,
        result.violations,
        sent_meanwhile,
    )


async def on_tap(update: Update, _context: ContextTypes.DEFAULT_TYPE) -> None:
    """The bare baseline's whole handler: answer the query, edit the message."""
    query = update.callback_query
    assert query is not None
    await query.answer()
    await query.edit_message_text("✅ done")


async def bare(run: TapsRun, *, limiter: bool = False) -> TapResult:
    """A bare python-telegram-bot Application, no database; with ``limiter``, AIORateLimiter()
    (whose one 30/s bucket every edit goes through), else none, as most bots run."""
    async with FakeTelegram(latency=run.latency) as telegram:
        markup = InlineKeyboardMarkup([[InlineKeyboardButton("✅ All clear", callback_data="ok")]])
        async with Bot(telegram.token, base_url=f"{telegram.root}/bot") as setup:
            for n in range(run.taps):
                telegram.user(10_000 + n, f"t{n}")
                await setup.send_message(10_000 + n, "checklist", reply_markup=markup)
        telegram.flood_limit(run.rate)
        builder = Application.builder().token(telegram.token).base_url(f"{telegram.root}/bot")
        app = (builder.rate_limiter(AIORateLimiter()) if limiter else builder).build()
        app.add_handler(CallbackQueryHandler(on_tap))
        await app.initialize()
        await app.start()
        assert app.updater is not None
        await app.updater.start_polling(
            poll_interval=0, timeout=5, allowed_updates=[Update.CALLBACK_QUERY]
        )
        try:
            messages = [telegram.last(10_000 + n) for n in range(run.taps)]
            result = await tap_all(telegram, messages, patience=run.timeout)
        finally:
            await stop_bot(app)
    return TapResult(
        "bare+AIORateLimiter" if limiter else "bare",
        result.taps,
        result.answered,
        result.edited,
        result.seconds,
        result.violations,
    )


async def ours_in(run: TapsRun, *, during_fanout: bool = False) -> TapResult:
    with tempfile.TemporaryDirectory() as folder:
        return await ours(run, Path(folder), during_fanout=during_fanout)


def line(result: TapResult) -> str:
    text = (
        f"  {result.who}: {result.taps} taps in {result.seconds:.2f} s = "
        f"{result.per_second:.1f} taps/s (answered {result.answered}, edited {result.edited}, "
        f"violations {result.violations})"
    )
    if result.others is not None:
        text += (
            f"; meanwhile {result.others.delivered} reminders delivered, "
            f"lost {result.others.lost}, duplicated {result.others.duplicated}"
        )
    return text


async def bench(run: TapsRun, rounds: int) -> list[TapResult]:
    """Alternate ours and bare ``rounds`` times, then ours during a fan-out; print as we go."""
    results = []
    for _ in range(rounds):
        for result in (await ours_in(run), await bare(run), await bare(run, limiter=True)):
            print(line(result), flush=True)
            results.append(result)
    if run.others:
        result = await ours_in(run, during_fanout=True)
        print(line(result), flush=True)
        results.append(result)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--taps", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=3, help="alternating runs of each")
    parser.add_argument("--rate", type=float, default=30.0, help="the fake's overall msg/s")
    parser.add_argument("--latency", type=float, default=0.0, help="seconds per answer")
    parser.add_argument("--others", type=int, default=1000, help="reminders sent meanwhile")
    parser.add_argument("--database", help="a database URL (default: a temporary SQLite file)")
    args = parser.parse_args()
    environ.setdefault("PTB_TIMEDELTA", "1")
    run = TapsRun(args.taps, args.rate, args.latency, args.others, args.database)
    print(f"taps: {run.taps} teachers, rate {run.rate:g}/s, latency {run.latency * 1000:.0f} ms")
    results = asyncio.run(bench(run, args.rounds))
    ours_rate = statistics.median(r.per_second for r in results if r.who == "ours")
    bare_rate = statistics.median(r.per_second for r in results if r.who == "bare")
    aio_rate = statistics.median(r.per_second for r in results if r.who == "bare+AIORateLimiter")
    print(
        f"median taps/s: ours {ours_rate:.1f}, bare {bare_rate:.1f}, "
        f"bare+AIORateLimiter {aio_rate:.1f}; ours/bare {ours_rate / bare_rate:.2f} "
        f"(target >= 0.5), ours/bare+AIORateLimiter {ours_rate / aio_rate:.2f}"
    )


if __name__ == "__main__":
    main()
