"""Moments are stored as UTC and read back timezone-aware on every backend."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import Engine
from sqlmodel import Session

from safeduty.storage.tables import Invite


def test_aware_datetime_round_trips_as_utc(engine: Engine) -> None:
    """A Shanghai-time value comes back as the same instant, in UTC, aware."""
    local = datetime(2026, 12, 1, 7, 20, tzinfo=ZoneInfo("Asia/Shanghai"))
    with Session(engine) as session:
        session.add(
            Invite(
                code="c1", staff_id="wang", created_at=local, expires_at=local + timedelta(days=1)
            )
        )
        session.commit()
    with Session(engine) as session:
        row = session.get(Invite, "c1")
        assert row is not None
        assert row.created_at.tzinfo is not None
        assert row.created_at.utcoffset() == timedelta(0)
        assert row.created_at == local
        assert row.created_at == datetime(2026, 11, 30, 23, 20, tzinfo=UTC)


def test_naive_datetime_is_refused(engine: Engine) -> None:
    """Writing a naive datetime is a bug, caught at the column."""
    naive = datetime(2026, 12, 1, 7, 20)  # noqa: DTZ001  # the point of the test
    with Session(engine) as session:
        session.add(Invite(code="c2", staff_id="wang", created_at=naive, expires_at=naive))
        with pytest.raises(Exception, match="naive datetime"):
            session.commit()
