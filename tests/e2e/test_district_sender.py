"""The sender at Telegram's ceiling, through the real path: a district's burst of reminders
against the fake Bot API's enforced flood limit, with taps and an escalation meanwhile.

The bot is told a low overall rate (4 msg/s) so a burst of 24 takes seconds, long enough
to tap during it; the fake enforces the same rate and one message a second per chat.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import Engine

from bench.district import district_config, link_everyone
from bot.app import App, polling
from jobs.tick import tick
from safeduty.clock import FakeClock
from safeduty.commands.deliveries import alert_admins
from safeduty.config import parse_config
from safeduty.services import Services
from safeduty.testing.fake_telegram import FakeTelegram
from tests.harness import TEST_TIMEOUT

RATE = 4.0
STAFF = 24
ZONE = ZoneInfo("Asia/Shanghai")


@dataclass
class District:
    services: Services
    telegram: FakeTelegram
    application: App
    chats: dict[str, int]


@pytest.fixture
async def district(engine: Engine, tmp_path: Path) -> AsyncIterator[District]:
    """24 linked teachers reminded at 07:20; the bot and the fake both at 4 msg/s."""
    config = parse_config(district_config(STAFF, groups=2))
    clock = FakeClock(datetime(2026, 12, 1, 7, 0, tzinfo=ZONE))
    services = Services(config=config, engine=engine, clock=clock, data_dir=tmp_path)
    async with FakeTelegram() as telegram:
        chats = link_everyone(services, telegram)
        # burst 2: one message of timing jitter on a loaded machine (Telegram is not stricter)
        flood = telegram.flood_limit(RATE, burst=2, per_chat=1.0)
        async with polling(
            services,
            token=telegram.token,
            api_root=telegram.root,
            request_timeout=TEST_TIMEOUT,
            rate=RATE,
            sender_poll=None,
        ) as application:
            yield District(services, telegram, application, chats)
        assert telegram.violations == []
        assert sum(flood.refused.values()) == 0, f"429s answered: {flood.refused}"


def at_0720(district: District) -> None:
    clock = district.services.clock
    assert isinstance(clock, FakeClock)
    clock.set(datetime(2026, 12, 1, 7, 20, tzinfo=ZONE))


def reminders(district: District) -> list[int]:
    """Teachers' chats that hold their reminder."""
    return [
        chat
        for staff_id, chat in district.chats.items()
        if staff_id.startswith("t") and district.telegram.chat(chat)
    ]


async def test_a_burst_goes_out_at_the_rate_without_a_429_and_loses_nothing(
    district: District,
) -> None:
    """24 reminders at 4 msg/s: all delivered once, spaced (about 6 s), no 429 answered."""
    at_0720(district)
    started = time.monotonic()
    report = await tick(district.services, district.application.bot)
    took = time.monotonic() - started
    assert len(report.sent) == STAFF and report.retry == []
    assert len(reminders(district)) == STAFF
    assert all(len(district.telegram.chat(c)) == 1 for c in reminders(district))
    assert took >= (STAFF - 2) / RATE  # paced, not all at once (the fake would refuse them)


async def test_a_tap_is_answered_while_the_burst_is_still_going_out(district: District) -> None:
    """A teacher taps "all clear" on the first reminder: the answer and the edit come at
    once, not after the rest of the burst (they skip the broadcast's overall bucket)."""
    services, telegram = district.services, district.telegram
    at_0720(district)
    burst = asyncio.create_task(tick(services, district.application.bot))
    first = await telegram.wait_for(lambda: reminders(district), timeout=10)
    chat = first[0]
    user = next(u for u in telegram.users.values() if u.id == chat)
    message = telegram.chat(chat)[0]
    await asyncio.sleep(1.0)  # the chat's own gap; the burst goes on meanwhile
    tapped = time.monotonic()
    await telegram.press(user, message, "全部正常" if "全部正常" in str(message.buttons) else "All")
    answered = time.monotonic() - tapped
    left = STAFF - len(reminders(district))
    await burst
    assert left >= 8, "the burst should still be going out when the tap is answered"
    assert answered < 1.0
    assert telegram.chat(chat)[0].edits >= 1


async def test_an_alert_owed_during_the_burst_goes_before_its_tail(district: District) -> None:
    """An admin alert owed while 20 reminders wait is sent next, not after them."""
    services, telegram = district.services, district.telegram
    at_0720(district)
    burst = asyncio.create_task(tick(services, district.application.bot))
    await telegram.wait_for(lambda: len(reminders(district)) >= 2, timeout=10)
    with services.session() as session:
        now = services.clock.now()
        alert_admins(session, config=services.config, key="error:T", detail="x", now=now)
    services.owed()
    chen = district.chats["chen"]
    await telegram.wait_for(lambda: telegram.chat(chen), timeout=10)
    sent_before = len(reminders(district))
    await burst
    assert sent_before <= 6, f"the alert waited for {sent_before} reminders"
