"""Incidents over real HTTP: reported in two taps, at once, acknowledged or re-pinged.

New Year's Day 2027 is a holiday in config.example.toml, and 22:00 is far outside any duty:
an incident must still reach the principal 陈校长 (chen) and the safety officer 李主任 (li)
at once. 王老师 (wang) reports; 周老师 (zhou, admin) is the ladder's next rung.
"""

from __future__ import annotations

from datetime import date, timedelta

from sqlmodel import col, select

from safeduty.storage.tables import (
    Delivery,
    Incident,
    IncidentResponder,
    IncidentStep,
)
from safeduty.testing.fake_telegram import Sent
from safeduty.texts import t
from safeduty.verify import verify
from tests.conftest import Persona, SchoolDay

ZH = "zh-CN"
NEW_YEAR = date(2027, 1, 1)
BUTTON = t(ZH, "incident_button")


def incident_rows(day: SchoolDay) -> list[Incident]:
    with day.services.session() as session:
        return list(session.exec(select(Incident).order_by(Incident.id)))  # type: ignore[arg-type]


def responders(day: SchoolDay) -> dict[str, IncidentResponder]:
    with day.services.session() as session:
        return {r.staff_id: r for r in session.exec(select(IncidentResponder))}


def sent_kinds(day: SchoolDay, recipient: str) -> list[str]:
    with day.services.session() as session:
        query = select(Delivery).where(
            Delivery.recipient == recipient, col(Delivery.incident_id).is_not(None)
        )
        rows = session.exec(query.order_by(col(Delivery.id)))
        return [d.kind for d in rows if d.status == "sent"]


async def report_injury(day: SchoolDay, wang: Persona) -> Sent:
    """Two taps from an open chat: the 🚨 button under the message box, then the type."""
    tg = day.telegram
    tg.send_text(wang.user, BUTTON)  # tap 1: the persistent reply-keyboard button
    picker = await tg.wait_message(wang.chat_id)
    assert picker.text == t(ZH, "incident_pick")
    await tg.press(wang.user, picker, "受伤")  # tap 2: sent
    return picker


async def test_an_incident_at_2200_on_a_holiday_reaches_both_at_once_and_repings_until_acknowledged(
    day: SchoolDay, linked: dict[str, Persona]
) -> None:
    """Two taps send it; principal and safety officer get it at once with an acknowledge
    button; each is re-pinged with a new message every 5 minutes until they acknowledge;
    the reporter is told who acknowledged and when; then the pings stop."""
    tg = day.telegram
    wang, li, chen = linked["wang"], linked["li"], linked["chen"]
    day.clock.set(day.local("22:00", NEW_YEAR))
    shown = await report_injury(day, wang)
    first_li = await tg.wait_for(lambda: _with(tg.chat(li.chat_id), "紧急事件 #1"))
    first_chen = await tg.wait_for(lambda: _with(tg.chat(chen.chat_id), "紧急事件 #1"))
    for message in (first_li, first_chen):
        assert "受伤" in (message.text or "") and "王老师" in (message.text or "")
        assert message.button("收到")
    assert "已于 22:00 发出" in (shown.text or "") and "陈校长" in (shown.text or "")
    (incident,) = incident_rows(day)
    assert (incident.state, incident.reporter, incident.kind) == ("reported", "wang", "injury")

    await day.at("22:04", NEW_YEAR)
    assert sent_kinds(day, "li") == ["incident"]
    await day.at("22:05", NEW_YEAR)
    ping_li = _with(tg.chat(li.chat_id), "第 1 次提醒")
    ping_chen = _with(tg.chat(chen.chat_id), "第 1 次提醒")
    assert ping_li is not None and ping_chen is not None
    assert ping_li.message_id != first_li.message_id, "a re-ping is a new message, not an edit"
    assert "第 1 次提醒" in (ping_li.text or "") and ping_li.button("收到")
    assert "第 1 次提醒" in (ping_chen.text or "")

    day.clock.set(day.local("22:06", NEW_YEAR))
    await tg.press(li.user, ping_li, "收到")
    notice = t(ZH, "incident_acked_notice", name="李主任", time="22:06", id=1, kind="受伤")
    await tg.wait_for(lambda: _with(tg.chat(wang.chat_id), notice))
    await tg.wait_for(lambda: _with(tg.chat(chen.chat_id), notice))
    assert not any(b["text"].startswith("✋") for b in ping_li.buttons), "acknowledged"
    assert incident_rows(day)[0].state == "acknowledged"

    await day.at("22:10", NEW_YEAR)
    second = _with(tg.chat(chen.chat_id), "第 2 次提醒")
    assert second is not None and second.message_id != ping_chen.message_id
    assert sent_kinds(day, "li") == ["incident", "incident_ping"], "li acknowledged: no more pings"
    day.clock.set(day.local("22:11", NEW_YEAR))
    await tg.press(chen.user, second, "收到")
    notice = t(ZH, "incident_acked_notice", name="陈校长", time="22:11", id=1, kind="受伤")
    await tg.wait_for(lambda: _with(tg.chat(wang.chat_id), notice))
    for hhmm in ("22:15", "22:20", "22:30", "23:00"):
        await day.at(hhmm, NEW_YEAR)
    assert sent_kinds(day, "chen") == [
        "incident",
        "incident_ping",
        "incident_acked",
        "incident_ping",
    ]
    acked = {who: r.acked_at for who, r in responders(day).items()}
    assert acked == {
        "li": day.local("22:06", NEW_YEAR),
        "chen": day.local("22:11", NEW_YEAR),
    }
    assert verify(day.services.engine, day.services.data_dir).ok


async def test_nobody_acknowledging_climbs_the_ladder_and_the_first_acknowledgement_stops_it(
    day: SchoolDay, linked: dict[str, Persona]
) -> None:
    """An intruder report (its own ladder: pings every 2m, the admins after 6m): silence
    reaches 周老师 at 22:06; 李主任's acknowledgement then stops the climb and his pings,
    while 陈校长, who is silent, is still pinged."""
    tg = day.telegram
    wang, li, zhou = linked["wang"], linked["li"], linked["zhou"]
    day.clock.set(day.local("22:00", NEW_YEAR))
    tg.send_text(wang.user, "/incident")
    picker = await tg.wait_message(wang.chat_id)
    await tg.press(wang.user, picker, "陌生人闯入")
    await tg.wait_for(lambda: _with(tg.chat(li.chat_id), "紧急事件 #1"))
    for hhmm in ("22:02", "22:04", "22:05"):
        await day.at(hhmm, NEW_YEAR)
    assert _with(tg.chat(zhou.chat_id), "紧急事件 #1") is None
    await day.at("22:06", NEW_YEAR)
    escalated = _with(tg.chat(zhou.chat_id), "紧急事件 #1")
    assert escalated is not None and "升级通知（第 1 级）" in (escalated.text or "")
    assert escalated.button("收到")
    assert set(responders(day)) == {"chen", "li", "zhou"}
    latest = _with(tg.chat(li.chat_id), "紧急事件 #1")
    assert latest is not None
    await tg.press(li.user, latest, "收到")
    await tg.wait_for(lambda: _with(tg.chat(wang.chat_id), "李主任 已于"))
    (incident,) = incident_rows(day)
    assert (incident.state, incident.next_action_at) == ("acknowledged", None)
    for hhmm in ("22:07", "22:08"):
        await day.at(hhmm, NEW_YEAR)
    assert sent_kinds(day, "li").count("incident_ping") == 3  # 22:02, 22:04, 22:06 only
    assert sent_kinds(day, "chen").count("incident_ping") == 4  # 22:02 ... 22:08
    assert incident_rows(day)[0].rung == 1, "acknowledged: the ladder climbs no further"


async def test_the_playbook_is_ticked_in_chat_and_recorded_then_the_officer_closes_it(
    day: SchoolDay, linked: dict[str, Persona]
) -> None:
    """The reporter adds a description and a photo; the reporter and the safety officer
    tick playbook items (who and when is kept); 李主任 closes it with an outcome and the
    reporter and the principal hear of it; a teacher cannot close; verify covers it all."""
    tg = day.telegram
    wang, li, chen = linked["wang"], linked["li"], linked["chen"]
    day.clock.set(day.local("10:00"))
    shown = await report_injury(day, wang)
    await tg.wait_for(lambda: _with(tg.chat(li.chat_id), "紧急事件 #1"))
    tg.send_text(wang.user, "操场上一名学生摔倒，膝盖出血")
    await tg.wait_for(lambda: tg.last(wang.chat_id).text == t(ZH, "incident_detail_kept"))
    await tg.wait_for(lambda: "膝盖出血" in (tg.last(li.chat_id).text or ""))
    tg.send_photo(wang.user, b"\xff\xd8 the knee")
    await tg.wait_for(lambda: tg.last(li.chat_id).method == "sendPhoto")

    day.clock.set(day.local("10:02"))
    await tg.press(wang.user, shown, "1. 先处置伤情")
    day.clock.set(day.local("10:03"))
    message = _with(tg.chat(li.chat_id), "紧急事件 #1")
    await tg.press(li.user, message, "收到")
    await tg.press(li.user, message, "2. 通知家长")
    view = next(m for m in tg.chat(li.chat_id) if m.message_id == message.message_id)
    assert "1. ✅ 先处置伤情，必要时呼叫急救（王老师 10:02）" in (view.text or "")
    assert "2. ✅ 通知家长（李主任 10:03）" in (view.text or "")
    assert "3. ⬜ 记录经过和在场人员" in (view.text or "")
    with day.services.session() as session:
        steps = {s.item: (s.done_by, s.done_at) for s in session.exec(select(IncidentStep))}
    assert steps == {0: ("wang", day.local("10:02")), 1: ("li", day.local("10:03"))}

    assert not _has(shown, "结案"), "a teacher's view has no close button"
    day.clock.set(day.local("10:20"))
    await tg.press(li.user, view, "结案")
    await tg.wait_for(lambda: tg.last(li.chat_id).text == t(ZH, "incident_ask_outcome"))
    tg.send_text(li.user, "已送医处理，家长已到校")
    await tg.wait_for(lambda: tg.last(li.chat_id).text == t(ZH, "incident_closed_done", id=1))
    closed = t(
        ZH,
        "incident_closed_notice",
        id=1,
        kind="受伤",
        name="李主任",
        time="10:20",
        outcome="已送医处理，家长已到校",
    )
    await tg.wait_for(lambda: tg.last(wang.chat_id).text == closed)
    await tg.wait_for(lambda: tg.last(chen.chat_id).text == closed)
    (incident,) = incident_rows(day)
    assert (incident.state, incident.closed_by, incident.outcome) == (
        "closed",
        "li",
        "已送医处理，家长已到校",
    )
    assert incident.description == "操场上一名学生摔倒，膝盖出血"
    await day.at("10:30")
    assert "incident_ping" not in sent_kinds(day, "chen")[-1:], "closing stopped the pings"
    report = verify(day.services.engine, day.services.data_dir)
    assert report.ok, [f.what for f in report.findings]


async def test_incidents_lists_open_and_recent_ones(
    day: SchoolDay, linked: dict[str, Persona]
) -> None:
    """/incidents: the safety officer sees every open incident; a teacher only their own."""
    tg = day.telegram
    wang, li, zhang = linked["wang"], linked["li"], linked["zhang"]
    day.clock.set(day.local("09:00"))
    await report_injury(day, wang)
    await tg.wait_for(lambda: _with(tg.chat(li.chat_id), "紧急事件 #1"))
    tg.send_text(li.user, "/incidents")
    listing = await tg.wait_for(lambda: _with(tg.chat(li.chat_id), "未结案和近 7 天"))
    assert "#1" in (listing.text or "") and "待确认" in (listing.text or "")
    tg.send_text(zhang.user, "/incidents")
    none = await tg.wait_message(zhang.chat_id)
    assert none.text == t(ZH, "incidents_none")
    await tg.press(li.user, listing, "#1")
    view = await tg.wait_for(lambda: _with(tg.chat(li.chat_id)[-1:], "紧急事件 #1"))
    assert view.button("收到") and view.button("结案")


async def test_a_double_tap_on_a_type_sends_one_report(
    day: SchoolDay, linked: dict[str, Persona]
) -> None:
    """Tapping the type twice before the message changes reports once, not twice."""
    tg = day.telegram
    wang, li = linked["wang"], linked["li"]
    tg.send_text(wang.user, "/incident")
    picker = await tg.wait_message(wang.chat_id)
    data = picker.button("火情")["callback_data"]
    first, second = tg.tap(wang.user, picker, data), tg.tap(wang.user, picker, data)
    await tg.wait_answer(first)
    await tg.wait_answer(second)
    await tg.wait_for(lambda: _with(tg.chat(li.chat_id), "紧急事件 #1"))
    assert len(incident_rows(day)) == 1
    assert day.services.clock.now() - incident_rows(day)[0].reported_at < timedelta(minutes=1)


def _with(messages: list[Sent], fragment: str) -> Sent | None:
    """The newest message containing ``fragment``, if any."""
    return next((m for m in reversed(messages) if fragment in (m.text or "")), None)


def _has(message: Sent, label: str) -> bool:
    return any(label in b["text"] for b in message.buttons)
