"""Shared fixtures: the example school, a database per backend, the fake Telegram, personas.

Storage and end-to-end tests run on SQLite and, when SAFEDUTY_TEST_POSTGRES_URL is set,
on PostgreSQL too (each test in its own schema).
"""

from __future__ import annotations

import os

os.environ.setdefault("PTB_TIMEDELTA", "1")  # opt in to PTB's future timedelta attributes

import hashlib
import uuid
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import Engine, text

from bot.dispatch import dispatcher_for
from jobs.tick import TickReport, tick
from safeduty.clock import FakeClock
from safeduty.commands.links import issue_invite
from safeduty.config import SchoolConfig, load_config
from safeduty.services import Services
from safeduty.storage.db import make_engine, migrate
from safeduty.testing.fake_telegram import FakeTelegram, User
from tests.harness import running_bot

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "config.example.toml"
SHANGHAI = ZoneInfo("Asia/Shanghai")
POSTGRES_URL = os.environ.get("SAFEDUTY_TEST_POSTGRES_URL")

BACKENDS = [
    "sqlite",
    pytest.param(
        "postgres",
        marks=pytest.mark.skipif(not POSTGRES_URL, reason="SAFEDUTY_TEST_POSTGRES_URL not set"),
    ),
]


@pytest.fixture
def school() -> SchoolConfig:
    """The example Chinese primary school from config.example.toml."""
    return load_config(EXAMPLE)


@pytest.fixture(params=BACKENDS)
def engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    """A migrated database on each backend, empty for every test."""
    if request.param == "sqlite":
        engine = make_engine(f"sqlite:///{tmp_path / 'safeduty.db'}")
        migrate(engine)
        yield engine
        engine.dispose()
        return
    assert POSTGRES_URL is not None
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = make_engine(POSTGRES_URL)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    engine = make_engine(POSTGRES_URL, schema=schema)
    migrate(engine)
    yield engine
    engine.dispose()
    with admin.begin() as conn:
        conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    admin.dispose()


@pytest.fixture
def clock() -> FakeClock:
    """Tuesday 1 December 2026, 07:00 in Shanghai: a school day's morning."""
    return FakeClock(datetime(2026, 12, 1, 7, 0, tzinfo=SHANGHAI))


@pytest.fixture
async def telegram() -> AsyncIterator[FakeTelegram]:
    """The fake Bot API on loopback; any spec violation fails the test at teardown."""
    async with FakeTelegram() as fake:
        yield fake
    assert fake.violations == [], f"Bot API spec violations: {fake.violations}"


@pytest.fixture
def services(school: SchoolConfig, engine: Engine, clock: FakeClock, tmp_path: Path) -> Services:
    """The school's services on the test database and fake clock."""
    return Services(
        config=school,
        engine=engine,
        clock=clock,
        data_dir=tmp_path / "data",
        config_path=EXAMPLE,
        config_sha256=hashlib.sha256(EXAMPLE.read_bytes()).hexdigest(),
    )


@dataclass
class SchoolDay:
    """Drives a running bot through a school day: set the fake clock, run the tick."""

    services: Services
    application: Any
    clock: FakeClock
    telegram: FakeTelegram

    def local(self, hhmm: str, day: date | None = None) -> datetime:
        hour, minute = map(int, hhmm.split(":"))
        return datetime.combine(day or date(2026, 12, 1), time(hour, minute), tzinfo=SHANGHAI)

    async def at(self, hhmm: str, day: date | None = None) -> TickReport:
        """Move the clock to school-local ``hhmm`` and run one tick."""
        self.clock.set(self.local(hhmm, day))
        return await tick(self.services, self.application.bot)

    async def settled(self) -> None:
        """Wait until the sender has sent (and recorded) everything owed and due so far:
        it runs on its own, so a message can reach the fake before its row says "sent"."""
        await self.telegram.wait_handled()
        await dispatcher_for(self.services, self.application.bot).settle()


@pytest.fixture
async def day(
    services: Services, telegram: FakeTelegram, clock: FakeClock
) -> AsyncIterator[SchoolDay]:
    """The real application long-polling the fake server, with the tick in the test's hands."""
    async with running_bot(services, telegram) as application:
        yield SchoolDay(services, application, clock, telegram)


@pytest.fixture
async def bot(day: SchoolDay) -> Services:
    """The running bot's services (for tests that only chat)."""
    return day.services


@dataclass
class Persona:
    """A staff member from the example config with their Telegram account."""

    staff_id: str
    user: User

    @property
    def chat_id(self) -> int:
        return self.user.id


@pytest.fixture
def personas(telegram: FakeTelegram) -> dict[str, Persona]:
    """Duty teacher (wang), safety officer (li), principal (chen), admin (zhou), canteen (wu)."""
    ids = {"wang": 1001, "li": 1002, "chen": 1003, "zhou": 1004, "wu": 1005, "zhang": 1006}
    return {sid: Persona(sid, telegram.user(uid, sid.title())) for sid, uid in ids.items()}


@pytest.fixture
def invite(services: Services):  # type: ignore[no-untyped-def]
    """Issue an invite code for a staff member, as ``safeduty invite`` does."""

    def make(staff_id: str, valid_days: int = 14) -> str:
        with services.session() as session:
            return issue_invite(
                session,
                staff_id=staff_id,
                now=services.clock.now(),
                valid_for=timedelta(days=valid_days),
            ).code

    return make


@pytest.fixture
async def linked(bot: Services, telegram: FakeTelegram, personas: dict[str, Persona], invite):  # type: ignore[no-untyped-def]
    """Every persona linked through /start CODE, greetings consumed."""
    for persona in personas.values():
        telegram.send_text(persona.user, f"/start {invite(persona.staff_id)}")
        await telegram.wait_message(persona.chat_id)
    return personas
