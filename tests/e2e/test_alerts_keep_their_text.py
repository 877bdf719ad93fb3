"""An alert to the admins says what failed, however many tries it takes to deliver it.

The alert's text lives in its delivery row; a failure to send the alert (a timeout, a
crash mid-send) is recorded in the chain's event, not written over that text. Found by
the fault run (``bench/faults.py``): a retried alert said only "Timed out".
"""

from __future__ import annotations

from sqlmodel import select

from safeduty.commands.deliveries import alert_admins, claim
from safeduty.storage.tables import Delivery
from safeduty.texts import t
from tests.conftest import Persona, SchoolDay
from tests.harness import running_bot, stop_bot

ZH = "zh-CN"
DETAIL = "OperationalError (callback): database is locked"


def raise_alert(day: SchoolDay) -> None:
    with day.services.session() as session:
        alert_admins(
            session,
            config=day.services.config,
            key="error:OperationalError:test",
            detail=DETAIL,
            now=day.clock.now(),
        )


def alerts(day: SchoolDay, chat_id: int) -> list[str]:
    return [m.text or "" for m in day.telegram.chat(chat_id) if DETAIL in (m.text or "")]


async def test_an_alert_sent_again_after_a_failure_still_says_what_failed(
    day: SchoolDay, linked: dict[str, Persona]
) -> None:
    """A 5xx on the first try: the retry is the same alert, marked as a possible repeat."""
    zhou = linked["zhou"]
    raise_alert(day)
    day.telegram.fail("sendMessage", "server", chat_id=zhou.chat_id)
    first = await day.at("07:01")
    assert len(first.retry) == 1
    await day.at("07:02")
    expected = t(ZH, "alert_error", what=DETAIL)
    assert alerts(day, zhou.chat_id) == [f"{t(ZH, 'repeat_mark')}\n{expected}"]


async def test_an_alert_cut_short_by_a_crash_is_sent_again_saying_what_failed(
    day: SchoolDay, linked: dict[str, Persona]
) -> None:
    """Killed while sending the alert: on start it goes again, with its own text."""
    zhou = linked["zhou"]
    raise_alert(day)
    with day.services.session() as session:
        row = session.exec(select(Delivery).where(Delivery.recipient == "zhou")).one()
        assert claim(session, delivery_id=row.id or 0, now=day.clock.now())
    await stop_bot(day.application)  # the process died inside the send
    async with running_bot(day.services, day.telegram) as application:
        day.application = application
        await day.at("07:01")
    expected = t(ZH, "alert_error", what=DETAIL)
    assert alerts(day, zhou.chat_id) == [f"{t(ZH, 'repeat_mark')}\n{expected}"]
