"""``safeduty demo``: one simulated school day against the built-in fake Telegram, offline.

It runs the real application (factory, handlers, tick, sender, database) against the
loopback fake Bot API with a temporary database, the given config and a simulated clock
that moves a minute per tick. People act through the fake like real users: most answer
"all clear", one reports a problem with a note, one stays silent and climbs the whole
escalation ladder; the principal asks /status at noon and the day ends with the summary.
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from bot.app import polling
from jobs.tick import tick
from safeduty.clock import FakeClock
from safeduty.commands.links import issue_invite
from safeduty.config import SchoolConfig, load_config
from safeduty.domain.calendar import school_calendar
from safeduty.domain.plan import PlannedOccurrence, local_moment, plan_day
from safeduty.services import Services
from safeduty.storage import duties
from safeduty.storage.db import make_engine, migrate
from safeduty.testing.fake_telegram import FakeTelegram, Sent, User
from safeduty.texts import t
from safeduty.transcript import Transcript

SILENT, PROBLEM, ALL_CLEAR = "silent", "problem", "all_clear"
LINKED = {
    "zh-CN": "{count} 位教职工已通过邀请链接绑定账号",
    "en": "{count} staff linked their accounts",
}
NOTES = {
    "zh-CN": "消毒柜温度不够，已通知后勤维修",
    "en": "The steriliser is not hot enough; maintenance is called",
}


def _months(year: int, month: int, count: int) -> list[tuple[int, int]]:
    found = []
    for _ in range(count):
        found.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return found


def demo_day(config: SchoolConfig, today: date) -> date:
    """The first school day of next month: a day on which monthly duties run too.

    When the config's terms are over (the example's school year has passed), the first
    school day of its last term's first month that has one.
    """
    calendar = school_calendar(config)
    year, month = (today.year + 1, 1) if today.month == 12 else (today.year, today.month + 1)
    months = _months(year, month, 12)
    for term in sorted(config.calendar.terms, key=lambda t: t.start, reverse=True):
        span = (term.end.year - term.start.year) * 12 + term.end.month - term.start.month + 1
        months += _months(term.start.year, term.start.month, span)
    for year, month in months:
        days = calendar.school_days_in_month(year, month)
        if days:
            return days[0]
    raise ValueError("the calendar has no school day in the next twelve months")


def in_language(config: SchoolConfig, language: str) -> SchoolConfig:
    """The config with everyone speaking ``language`` (the demo's ``--lang``)."""
    staff = [s.model_copy(update={"language": None}) for s in config.staff]
    school = config.school.model_copy(update={"language": language})
    return config.model_copy(update={"staff": staff, "school": school})


def behaviours(planned: list[PlannedOccurrence]) -> dict[tuple[str, str], str]:
    """Who does what: the first duty's person stays silent, the second reports a problem."""
    roles = {}
    for n, occ in enumerate(planned):
        roles[(occ.duty_id, occ.assignee)] = SILENT if n == 0 else PROBLEM if n == 1 else ALL_CLEAR
    return roles


@dataclass
class Actor:
    """A staff member's phone in the demo."""

    user: User
    staff_id: str


class Day:
    """Drives the fake people through the day, reacting to what the bot sends them."""

    def __init__(
        self,
        services: Services,
        *,
        telegram: FakeTelegram,
        application: Any,
        clock: FakeClock,
        actors: dict[str, Actor],
        transcript: Transcript,
        lang: str,
    ) -> None:
        self.services, self.telegram, self.application = services, telegram, application
        self.clock, self.actors, self.transcript, self.lang = clock, actors, transcript, lang
        self.zone = ZoneInfo(services.config.school.timezone)

    def local_now(self) -> datetime:
        return self.clock.now().astimezone(self.zone)

    def flush(self) -> None:
        self.transcript.flush(self.local_now)

    async def settle(self) -> None:
        """Wait until the bot has sent everything due (its handlers send in the background)."""
        for _ in range(500):
            with self.services.session() as session:
                busy = duties.sendable(
                    session=session, now=self.clock.now(), limit=1
                ) or duties.sending(session=session)
            if not busy:
                return
            await asyncio.sleep(0.01)

    async def tap(self, actor: Actor, message: Sent, label: str) -> None:
        await self.telegram.press(actor.user, message, label)
        self.flush()

    async def answer(self, occ: PlannedOccurrence, behaviour: str) -> None:
        """The assignee answers the reminder in the way the demo scripted."""
        actor = self.actors[occ.assignee]
        reminder = next(
            m
            for m in reversed(self.telegram.chat(actor.user.id))
            if m.buttons and occ.duty_name in (m.text or "")
        )
        if behaviour == ALL_CLEAR:
            await self.tap(actor, reminder, t(self.lang, "btn_all_clear"))
            await self.settle()
            return
        problem_item = len(occ.checklist) // 2
        for n in range(len(occ.checklist)):
            await self.tap(actor, reminder, f"{n + 1}. ")
            if n == problem_item:
                await self.tap(actor, reminder, f"{n + 1}. ")  # OK -> problem
        before = len(self.telegram.chat(actor.user.id))
        await self.tap(actor, reminder, t(self.lang, "btn_submit"))
        await self.telegram.wait_for(lambda: len(self.telegram.chat(actor.user.id)) > before)
        self.flush()
        self.telegram.send_text(actor.user, NOTES.get(self.lang, NOTES["en"]))
        ask_photo = await self.telegram.wait_message(actor.user.id)
        self.flush()
        await self.tap(actor, ask_photo, t(self.lang, "btn_no_photo"))
        done = t(self.lang, "problem_done")
        await self.telegram.wait_for(lambda: self.telegram.last(actor.user.id).text == done)
        await self.settle()
        self.flush()


async def run_demo(
    config_path: Path, *, language: str, day: date | None = None, out: Any = None
) -> int:
    """Play one school day and print it as a chat log; 0 when the Bot API saw no violation."""
    out = out or sys.stdout
    config = in_language(load_config(config_path), language)
    zone = ZoneInfo(config.school.timezone)
    day = day or demo_day(config, datetime.now(UTC).astimezone(zone).date())
    planned = plan_day(config, day)
    roles = behaviours(planned)
    start = local_moment(day, time(7, 0), zone)
    if planned:
        start = min(start, planned[0].remind_at - timedelta(minutes=10))
    end = local_moment(day, config.summary.time, zone)
    clock = FakeClock(start)
    with tempfile.TemporaryDirectory(prefix="safeduty-demo-") as tmp:
        engine = make_engine(f"sqlite:///{Path(tmp) / 'demo.db'}")
        migrate(engine)
        services = Services(config=config, engine=engine, clock=clock, data_dir=Path(tmp))
        async with FakeTelegram() as telegram:
            actors = {
                s.id: Actor(telegram.user(1000 + n, s.name), s.id)
                for n, s in enumerate(config.staff)
            }
            names = {a.user.id: config.staff_by_id(a.staff_id).name for a in actors.values()}  # type: ignore[union-attr]
            transcript = Transcript(telegram.log, names, language, out)
            out.write(
                f"== safeduty demo: {config.school.name} · {day} · {config.school.timezone} ==\n"
            )
            async with polling(
                services, token=telegram.token, api_root=telegram.root
            ) as application:
                for actor in actors.values():
                    with services.session() as session:
                        code = issue_invite(
                            session,
                            staff_id=actor.staff_id,
                            now=clock.now(),
                            valid_for=timedelta(days=config.invites.valid_days),
                        ).code
                    telegram.send_text(actor.user, f"/start {code}")
                    await telegram.wait_message(actor.user.id)
                transcript.shown = len(telegram.log)  # the linking chatter is not the story
                linked = LINKED.get(language, LINKED["en"]).format(count=len(actors))
                out.write(f"({linked})\n")
                driver = Day(
                    services,
                    telegram=telegram,
                    application=application,
                    clock=clock,
                    actors=actors,
                    transcript=transcript,
                    lang=language,
                )
                await play(driver, planned, roles, end)
        engine.dispose()
    if telegram.violations:
        print("Bot API violations:", *telegram.violations, sep="\n  ", file=sys.stderr)
        return 1
    return 0


async def play(
    driver: Day, planned: list[PlannedOccurrence], roles: dict[tuple[str, str], str], end: datetime
) -> None:
    """Tick minute by minute until the summary is out; people answer a few minutes after."""
    answered: set[tuple[str, str]] = set()
    principal = next((s.id for s in driver.services.config.staff_with_role("principal")), None)
    asked_status = False
    while driver.clock.now() <= end:
        await tick(driver.services, driver.application.bot)
        driver.flush()
        now = driver.clock.now()
        for occ in planned:
            key = (occ.duty_id, occ.assignee)
            if (
                key in answered
                or roles[key] == SILENT
                or now < occ.remind_at + timedelta(minutes=3)
            ):
                continue
            answered.add(key)
            await driver.answer(occ, roles[key])
        if principal and not asked_status and driver.local_now().hour >= 12:
            asked_status = True
            actor = driver.actors[principal]
            driver.telegram.send_text(actor.user, "/status")
            await driver.telegram.wait_message(actor.user.id)
            driver.flush()
        driver.clock.advance(timedelta(minutes=1))
