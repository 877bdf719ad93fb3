"""Test fakes shipped with the package: a loopback Telegram Bot API server and its spec check.

The tests, ``safeduty demo`` and the benchmarks all drive the real bot against
:class:`~safeduty.testing.fake_telegram.FakeTelegram`, like structlog ships ``testing.py``.
"""
