"""Time is injected: the bot asks a clock, tests and the demo hand it a fake one."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from typing import Protocol


class Clock(Protocol):
    """Something that says what time it is (aware, UTC)."""

    def now(self) -> datetime: ...


class SystemClock:
    """The wall clock."""

    def now(self) -> datetime:
        return datetime.now(UTC)


class FakeClock:
    """A clock that moves only when told to: for tests and the simulated demo day."""

    def __init__(self, start: datetime) -> None:
        if start.tzinfo is None:
            raise ValueError("FakeClock needs an aware datetime")
        self._now = start.astimezone(UTC)

    def now(self) -> datetime:
        return self._now

    def set(self, moment: datetime) -> None:
        """Jump to ``moment`` (never backwards: real clocks do not)."""
        moment = moment.astimezone(UTC)
        if moment < self._now:
            raise ValueError(f"time goes forward: {moment} < {self._now}")
        self._now = moment

    def advance(self, delta: timedelta) -> None:
        """Move forward by ``delta``."""
        self.set(self._now + delta)


class SimulatedClock:
    """Starts at ``start`` and runs ``speed`` times faster than the wall clock.

    For rehearsing a school day with a real ``safeduty run`` (``SAFEDUTY_CLOCK_START``,
    ``SAFEDUTY_CLOCK_SPEED``); never for production.
    """

    def __init__(self, start: datetime, speed: float = 1.0) -> None:
        if start.tzinfo is None:
            raise ValueError("SimulatedClock needs an aware datetime")
        if speed <= 0:
            raise ValueError("speed must be positive")
        self.start, self.speed = start.astimezone(UTC), speed
        self._origin = time.monotonic()

    def now(self) -> datetime:
        return self.start + timedelta(seconds=(time.monotonic() - self._origin) * self.speed)
