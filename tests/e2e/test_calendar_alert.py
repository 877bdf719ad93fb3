"""The admins hear once, in chat, that the official arrangement ahead is not published yet."""

from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import select

from safeduty.domain import calendar as calendar_module
from safeduty.domain import official_cn
from safeduty.domain.official import UNKNOWN, OfficialDay
from safeduty.storage.tables import Delivery
from tests.conftest import Persona, SchoolDay


def _until_2026(day: date) -> OfficialDay:
    """The real arrangement up to 2026, nothing after: as the admins see it in December."""
    return official_cn.china(day) if day.year <= 2026 else UNKNOWN


@pytest.fixture(autouse=True)
def nothing_published_for_2027(monkeypatch: pytest.MonkeyPatch) -> None:
    """Whatever the installed package knows, 2027 is unpublished in these tests."""
    monkeypatch.setattr(calendar_module, "official_calendar", lambda _code: _until_2026)


def calendar_alerts(day: SchoolDay) -> list[Delivery]:
    with day.services.session() as session:
        rows = session.exec(select(Delivery).where(Delivery.kind == "alert")).all()
    return [d for d in rows if d.key.startswith("alert:calendar")]


async def test_admins_are_told_once_when_unpublished_dates_come_near(
    day: SchoolDay, linked: dict[str, Persona]
) -> None:
    """Two weeks before 2 January 2027 each admin gets one message; later days add none."""
    await day.at("07:00", date(2026, 12, 18))
    assert calendar_alerts(day) == []  # 2 January 2027 is 15 days away
    await day.at("07:00", date(2026, 12, 19))
    alerts = calendar_alerts(day)
    assert sorted((a.recipient, a.status) for a in alerts) == [("chen", "sent"), ("zhou", "sent")]
    text = day.telegram.last(linked["zhou"].chat_id).text or ""
    assert "2027-01-02" in text and "国家法定节假日" in text and "chinese-calendar" in text
    for d in (20, 21, 28):
        await day.at("07:00", date(2026, 12, d))
    assert len(calendar_alerts(day)) == 2
