"""Everyone an escalation may have reached hears when the duty is answered.

An escalation whose send timed out may have arrived; its retry waits. If the teacher
answers meanwhile, the retry is no longer needed, but the safety officer who may already
be on the way to the gate must still be told it was done.
"""

from __future__ import annotations

from sqlmodel import select

from safeduty.storage.tables import Delivery
from tests.conftest import Persona, SchoolDay


async def test_an_escalation_that_timed_out_is_followed_by_the_resolved_notice(
    day: SchoolDay, linked: dict[str, Persona]
) -> None:
    """08:10 escalation to 李主任 times out (it did arrive); 张老师 answers before the retry."""
    tg, zhang, li = day.telegram, linked["zhang"], linked["li"]
    for hhmm in ("07:20", "07:40", "08:00"):
        await day.at(hhmm)
    reminder = next(m for m in tg.chat(zhang.chat_id) if "值班提醒" in (m.text or ""))
    tg.fail("sendMessage", "late", chat_id=li.chat_id, delay=6)  # the client gives up at 5 s
    report = await day.at("08:10")
    assert len(report.retry) == 1
    assert any("升级提醒" in (m.text or "") for m in tg.chat(li.chat_id))  # it arrived
    await tg.press(zhang.user, reminder, "全部正常")
    await tg.wait_handled()
    await day.at("08:11")
    told = [m.text or "" for m in tg.chat(li.chat_id) if "张老师已于" in (m.text or "")]
    assert len(told) == 1 and "校门值守" in told[0]
    with day.services.session() as session:
        rows = session.exec(select(Delivery).where(Delivery.recipient == "li")).all()
    assert sorted((d.kind, d.status) for d in rows) == [
        ("escalation", "cancelled"),
        ("resolved", "sent"),
    ]
