"""``safeduty demo``: the whole bot against the built-in fake Telegram, offline, no token.

It uses the same factory, handlers and database code as ``safeduty run``; only Telegram is
the loopback fake and the clock is simulated, so a school day plays in seconds.
"""

from __future__ import annotations

import sys
import tempfile
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from bot.services import Services
from safeduty.clock import FakeClock
from safeduty.config import SchoolConfig, load_config
from safeduty.domain.calendar import school_days_in_month
from safeduty.storage.db import make_engine, migrate
from safeduty.storage.links import issue_invite
from safeduty.testing.fake_telegram import FakeTelegram
from safeduty.testing.harness import running_bot
from safeduty.transcript import Transcript


def demo_day(config: SchoolConfig, today: date) -> date:
    """The first school day of next month: a day on which every kind of duty runs."""
    year, month = (today.year + 1, 1) if today.month == 12 else (today.year, today.month + 1)
    for _ in range(12):
        days = school_days_in_month(year, month, config.calendar)
        if days:
            return days[0]
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    raise ValueError("the calendar has no school day in the next twelve months")


def in_language(config: SchoolConfig, language: str) -> SchoolConfig:
    """The config with everyone speaking ``language`` (the demo's ``--lang``)."""
    staff = [s.model_copy(update={"language": None}) for s in config.staff]
    school = config.school.model_copy(update={"language": language})
    return config.model_copy(update={"staff": staff, "school": school})


async def run_demo(config_path: Path, *, language: str) -> int:
    """Link every example staff member, then print the conversation; exit status 0."""
    config = in_language(load_config(config_path), language)
    zone = ZoneInfo(config.school.timezone)
    day = demo_day(config, datetime.now(UTC).astimezone(zone).date())
    clock = FakeClock(datetime.combine(day, time(7, 0), tzinfo=zone))
    with tempfile.TemporaryDirectory(prefix="safeduty-demo-") as tmp:
        engine = make_engine(f"sqlite:///{Path(tmp) / 'demo.db'}")
        migrate(engine)
        services = Services(config=config, engine=engine, clock=clock, data_dir=Path(tmp))
        async with FakeTelegram() as telegram:
            names = {1000 + n: s.name for n, s in enumerate(config.staff)}
            transcript = Transcript(telegram.log, names, language, sys.stdout)
            print(f"== safeduty demo: {config.school.name}, {day} ({config.school.timezone}) ==")
            async with running_bot(services, telegram):
                for n, person in enumerate(config.staff):
                    user = telegram.user(1000 + n, person.name)
                    with services.session() as session:
                        code = issue_invite(
                            session=session,
                            staff_id=person.id,
                            now=clock.now(),
                            valid_for=timedelta(days=14),
                        ).code
                    telegram.send_text(user, f"/start {code}")
                    await telegram.wait_message(user.id)
                    transcript.flush(lambda: clock.now().astimezone(zone))
                    clock.advance(timedelta(minutes=1))
        engine.dispose()
    if telegram.violations:
        print("Bot API violations:", *telegram.violations, sep="\n  ", file=sys.stderr)
        return 1
    return 0
