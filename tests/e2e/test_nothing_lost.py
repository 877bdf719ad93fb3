"""Nothing the school relies on is lost: problem notes, late answers, flaky sends, down time.

Tuesday 1 December 2026 in Shanghai (config.example.toml): gate duty for 张老师 (zhang) at
07:20, due 07:50; canteen for 吴师傅 (wu) at 11:30; the monthly inspection for 李主任 (li)
at 15:30, due 17:00, +30m to the principal; the summary at 17:30 to 陈校长 (chen). Admins
are chen and 周老师 (zhou). Everything goes over real HTTP through the fake Bot API.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path

from sqlmodel import select

from bot.render import local_date
from bot.sender import MARK_ROOM
from jobs.tick import TickReport, tick
from safeduty.config import load_config
from safeduty.storage.tables import Delivery, ItemAnswer, Occurrence, PendingInput
from safeduty.testing.fake_telegram import Sent
from safeduty.texts import t
from tests.conftest import EXAMPLE, Persona, SchoolDay
from tests.harness import running_bot, stop_bot

ZH = "zh-CN"
TUESDAY = date(2026, 12, 1)
GATE_REMINDER = t(ZH, "reminder_title", duty="校门值守")


# ---------------------------------------------------------------------- helpers
def use_config(day: SchoolDay, tmp_path: Path, edit: Callable[[str], str]) -> None:
    """Run the day on the example config changed by ``edit`` (before the first tick)."""
    path = tmp_path / "school.toml"
    path.write_text(edit(EXAMPLE.read_text("utf-8")), "utf-8")
    day.services.config = load_config(path)
    day.services.config_path = path
    day.services.config_sha256 = hashlib.sha256(path.read_bytes()).hexdigest()


def occurrence(day: SchoolDay, duty_id: str, assignee: str, on: date = TUESDAY) -> Occurrence:
    with day.services.session() as session:
        query = select(Occurrence).where(
            Occurrence.duty_id == duty_id, Occurrence.assignee == assignee, Occurrence.day == on
        )
        return session.exec(query).one()


def rows(day: SchoolDay) -> list[Delivery]:
    with day.services.session() as session:
        return list(session.exec(select(Delivery).order_by(Delivery.id)))  # type: ignore[arg-type]


def item_answer(day: SchoolDay, occ: Occurrence, item: int) -> ItemAnswer:
    with day.services.session() as session:
        query = select(ItemAnswer).where(
            ItemAnswer.occurrence_id == occ.id, ItemAnswer.item == item
        )
        return session.exec(query).one()


def pending_inputs(day: SchoolDay) -> list[tuple[int, int, str]]:
    with day.services.session() as session:
        found = session.exec(select(PendingInput).order_by(PendingInput.id))  # type: ignore[arg-type]
        return [(p.occurrence_id, p.item, p.step) for p in found]


def notices(day: SchoolDay, chat_id: int) -> list[Sent]:
    """The problem notices in a chat (text or photo caption), oldest first."""
    return [m for m in day.telegram.chat(chat_id) if "问题报告" in (m.text or "")]


def notice(duty: str, item: str, note: str | None) -> str:
    """The notice 李主任 gets for a problem of 张老师's, exactly."""
    return t(
        ZH,
        "problem_notice",
        duty=duty,
        assignee="张老师",
        date=local_date(TUESDAY, ZH),
        item=item,
        note=note or t(ZH, "no_note"),
    )


async def answer_with_problems(
    day: SchoolDay, persona: Persona, checklist: Sent, problems: list[str], fine: list[str]
) -> None:
    """Tap each problem item twice (unset -> OK -> problem), each fine item once, submit."""
    tg = day.telegram
    for label in problems:
        await tg.press(persona.user, checklist, label)
        await tg.press(persona.user, checklist, label)
    for label in fine:
        await tg.press(persona.user, checklist, label)
    await tg.press(persona.user, checklist, "提交")


async def at_moment(day: SchoolDay, moment: datetime) -> TickReport:
    """Run one tick at an exact moment (seconds matter for back-off)."""
    day.clock.set(moment)
    return await tick(day.services, day.application.bot)


def gate_problem_asked(day: SchoolDay, zhang: Persona, item: str) -> Callable[[], bool]:
    ask = t(ZH, "problem_ask_note", duty="校门值守", item=item)
    return lambda: day.telegram.last(zhang.chat_id).text == ask


# ---------------------------------------------------------------------- 1. two duties
async def test_problems_in_two_open_duties_both_reach_the_safety_officer_with_their_notes(
    day: SchoolDay, linked: dict[str, Persona], tmp_path: Path
) -> None:
    """Notes go to awaited items oldest first; each problem reaches 李主任 with its own note."""
    use_config(
        day,
        tmp_path,
        lambda text: text.replace('remind_at = "11:30"', 'remind_at = "07:25"').replace(
            'assignees = ["wu"]', 'assignees = ["wu", "zhang"]'
        ),
    )
    tg, zhang, li = day.telegram, linked["zhang"], linked["li"]
    await day.at("07:20")
    gate_msg = tg.last(zhang.chat_id)
    await day.at("07:25")
    canteen_msg = tg.last(zhang.chat_id)
    assert "午餐食品安全" in (canteen_msg.text or "") and "校门值守" in (gate_msg.text or "")
    day.clock.set(day.local("07:26"))
    await answer_with_problems(day, zhang, gate_msg, ["1. 小门"], ["2. 访客", "3. 家长"])
    await tg.wait_for(gate_problem_asked(day, zhang, "小门已上锁"))
    await answer_with_problems(day, zhang, canteen_msg, ["2. 餐具"], ["1. 今日", "3. 厨房"])
    # The canteen problem waits its turn: nothing new is asked while the gate note is owed.
    assert tg.last(zhang.chat_id).text == t(
        ZH, "problem_ask_note", duty="校门值守", item="小门已上锁"
    )
    gate, canteen = occurrence(day, "gate", "zhang"), occurrence(day, "canteen", "zhang")
    assert pending_inputs(day) == [(gate.id, 0, "note"), (canteen.id, 1, "note")]

    tg.send_text(zhang.user, "小门锁扣坏了")
    ask_photo = await tg.wait_message(zhang.chat_id)
    assert ask_photo.text == t(ZH, "problem_ask_photo")
    await tg.press(zhang.user, ask_photo, "不需要照片")
    await tg.wait_for(
        lambda: (
            tg.last(zhang.chat_id).text
            == t(ZH, "problem_ask_note", duty="午餐食品安全", item="餐具已消毒")
        )
    )
    tg.send_text(zhang.user, "消毒柜坏了")
    await tg.wait_message(zhang.chat_id)
    photo_id = tg.send_photo(zhang.user, b"\xff\xd8 the broken steriliser")
    done = await tg.wait_message(zhang.chat_id)
    assert done.text == t(ZH, "problem_done")
    reached = await tg.wait_for(
        lambda: len(notices(day, li.chat_id)) == 2 and notices(day, li.chat_id)
    )
    assert [(m.method, m.text) for m in reached] == [
        ("sendMessage", notice("校门值守", "小门已上锁", "小门锁扣坏了")),
        ("sendPhoto", notice("午餐食品安全", "餐具已消毒", "消毒柜坏了")),
    ]
    await day.settled()
    gate_item, canteen_item = item_answer(day, gate, 0), item_answer(day, canteen, 1)
    assert (gate_item.ok, gate_item.note, gate_item.photo_file_id) == (False, "小门锁扣坏了", None)
    assert (canteen_item.ok, canteen_item.note, canteen_item.photo_file_id) == (
        False,
        "消毒柜坏了",
        photo_id,
    )
    assert pending_inputs(day) == []
    problem_rows = [
        (d.occurrence_id, d.item, d.recipient, d.status) for d in rows(day) if d.kind == "problem"
    ]
    assert problem_rows == [(gate.id, 0, "li", "sent"), (canteen.id, 1, "li", "sent")]


# ---------------------------------------------------------------------- 2. the note timer
async def test_a_note_restarts_the_fifteen_minute_timer(
    day: SchoolDay, linked: dict[str, Persona]
) -> None:
    """A teacher who answered is not cut off 15 min after the question; 15 min after the note."""
    tg, zhang, li = day.telegram, linked["zhang"], linked["li"]
    await day.at("07:20")
    day.clock.set(day.local("07:21"))
    await answer_with_problems(
        day, zhang, tg.last(zhang.chat_id), ["1. 小门"], ["2. 访客", "3. 家长"]
    )
    await tg.wait_for(gate_problem_asked(day, zhang, "小门已上锁"))
    day.clock.set(day.local("07:30"))
    tg.send_text(zhang.user, "锁坏了")
    ask_photo = await tg.wait_message(zhang.chat_id)
    assert ask_photo.text == t(ZH, "problem_ask_photo")
    before = len(tg.chat(zhang.chat_id))
    for hhmm in ("07:37", "07:45"):  # 16 min after the question; exactly 15 after the note
        await day.at(hhmm)
        assert len(tg.chat(zhang.chat_id)) == before and notices(day, li.chat_id) == []
    gate = occurrence(day, "gate", "zhang")
    assert pending_inputs(day) == [(gate.id, 0, "photo")]
    await day.at("07:46")
    assert tg.last(zhang.chat_id).text == t(
        ZH, "problem_moved_on", duty="校门值守", item="小门已上锁"
    )
    assert [m.text for m in notices(day, li.chat_id)] == [
        notice("校门值守", "小门已上锁", "锁坏了")
    ]
    assert pending_inputs(day) == []


async def test_a_silent_teacher_is_moved_on_and_the_item_reported_without_a_note(
    day: SchoolDay, linked: dict[str, Persona]
) -> None:
    """No reply for 15 minutes: told "moved on", the item reaches 李主任 without a note."""
    tg, zhang, li = day.telegram, linked["zhang"], linked["li"]
    await day.at("07:20")
    day.clock.set(day.local("07:21"))
    await answer_with_problems(
        day, zhang, tg.last(zhang.chat_id), ["1. 小门", "2. 访客"], ["3. 家长"]
    )
    await tg.wait_for(gate_problem_asked(day, zhang, "小门已上锁"))
    await day.at("07:36")  # exactly 15 minutes: still waiting
    assert notices(day, li.chat_id) == []
    await day.at("07:37")
    told = [m.text for m in tg.chat(zhang.chat_id)[-2:]]
    assert told == [
        t(ZH, "problem_moved_on", duty="校门值守", item="小门已上锁"),
        t(ZH, "problem_ask_note", duty="校门值守", item="访客登记簿在手边"),
    ]
    assert [m.text for m in notices(day, li.chat_id)] == [notice("校门值守", "小门已上锁", None)]
    gate = occurrence(day, "gate", "zhang")
    assert item_answer(day, gate, 0).note is None
    assert pending_inputs(day) == [(gate.id, 1, "note")]
    with day.services.session() as session:
        waiting = session.exec(select(PendingInput)).one()
    assert waiting.created_at == day.local("07:37")  # the next item's own 15 minutes


async def test_a_photo_after_moving_on_is_not_stored_on_the_next_item(
    day: SchoolDay, linked: dict[str, Persona]
) -> None:
    """A photo sent after "moved on" does not land on the next item, which still awaits a note."""
    tg, zhang, li = day.telegram, linked["zhang"], linked["li"]
    await day.at("07:20")
    day.clock.set(day.local("07:21"))
    await answer_with_problems(
        day, zhang, tg.last(zhang.chat_id), ["1. 小门", "2. 访客"], ["3. 家长"]
    )
    await tg.wait_for(gate_problem_asked(day, zhang, "小门已上锁"))
    await day.at("07:37")
    await tg.wait_for(gate_problem_asked(day, zhang, "访客登记簿在手边"))
    day.clock.set(day.local("07:38"))
    tg.send_photo(zhang.user, b"\xff\xd8 the lock, too late")
    await tg.wait_message(zhang.chat_id)  # whatever the bot answers
    gate = occurrence(day, "gate", "zhang")
    second = item_answer(day, gate, 1)
    assert (second.photo_file_id, second.photo_path, second.note) == (None, None, None)
    assert pending_inputs(day) == [(gate.id, 1, "note")]
    assert [m.text for m in notices(day, li.chat_id)] == [notice("校门值守", "小门已上锁", None)]


# ---------------------------------------------------------------------- 3. timeout, delivered
async def test_a_send_that_timed_out_but_arrived_is_resent_marked_and_counted(
    day: SchoolDay, linked: dict[str, Persona]
) -> None:
    """Timed out but delivered: the next try says "possible repeat"; the summary counts it."""
    tg, zhang, chen = day.telegram, linked["zhang"], linked["chen"]
    tg.fail("sendMessage", "late", chat_id=zhang.chat_id, delay=6)  # client gives up at 5 s
    first = await day.at("07:20")
    assert first.sent == [] and len(first.retry) == 1
    delivered = [m for m in tg.chat(zhang.chat_id) if "值班提醒" in (m.text or "")]
    assert len(delivered) == 1  # it did arrive; the bot could not know
    second = await day.at("07:21")
    assert second.sent == first.retry
    reminders = [m for m in tg.chat(zhang.chat_id) if GATE_REMINDER in (m.text or "")]
    assert len(reminders) == 2
    assert (reminders[1].text or "").startswith(t(ZH, "repeat_mark") + "\n")
    assert not (reminders[0].text or "").startswith(t(ZH, "repeat_mark"))
    row = next(d for d in rows(day) if d.kind == "reminder" and d.recipient == "zhang")
    assert (row.status, row.attempts, row.repeat, row.message_id) == (
        "sent",
        2,
        True,
        reminders[1].message_id,
    )
    await tg.press(zhang.user, reminders[1], "全部正常")
    await day.at("17:30")
    summary = [m for m in tg.chat(chen.chat_id) if "🩺" in (m.text or "")]
    assert len(summary) == 1
    assert "已发提醒 3 条；可能重复 1 条；" in (summary[0].text or "")


async def test_a_slow_answer_within_the_production_timeout_is_not_sent_twice(
    day: SchoolDay, linked: dict[str, Persona]
) -> None:
    """Telegram answering in 7 s (busy, not lost): the bot as deployed waits; one reminder."""
    from bot.app import TELEGRAM_TIMEOUT, polling

    tg, zhang, services = day.telegram, linked["zhang"], day.services
    await stop_bot(day.application)
    tg.fail("sendMessage", "late", chat_id=zhang.chat_id, delay=7)
    day.clock.set(day.local("07:20"))
    async with polling(services, token=tg.token, api_root=tg.root) as application:
        assert TELEGRAM_TIMEOUT > 7
        report = await tick(services, application.bot)
    assert len(report.sent) == 1 and report.retry == []
    reminders = [m for m in tg.chat(zhang.chat_id) if GATE_REMINDER in (m.text or "")]
    assert len(reminders) == 1


# ---------------------------------------------------------------------- 4. long 5xx outage
async def test_a_long_outage_backs_off_then_gives_up_and_tells_the_admin(
    day: SchoolDay, linked: dict[str, Persona]
) -> None:
    """5xx for hours: retries back off, and after the reminder's 2 h send-by the admin is told."""
    tg, zhang, zhou = day.telegram, linked["zhang"], linked["zhou"]
    tg.fail("sendMessage", "server", chat_id=zhang.chat_id, times=10_000)

    def reminder() -> Delivery:
        return next(d for d in rows(day) if d.kind == "reminder" and d.recipient == "zhang")

    attempts = []
    for minute in range(20, 31):  # a tick every minute, 07:20-07:30
        await day.at(f"07:{minute}")
        attempts.append(reminder().attempts)
    assert attempts == [1, 2, 3, 3, 4, 4, 4, 5, 5, 5, 5]  # 20 s, 40 s, 80 s, 160 s, 320 s ...
    moment = day.local("07:40")
    while moment <= day.local("09:10"):
        await at_moment(day, moment)
        moment += timedelta(minutes=10)
    held = reminder()
    assert (held.status, held.attempts) == ("pending", 15)  # at most every 10 minutes now
    await day.at("09:20")  # two hours after it fell due: this failure is the last
    given_up = reminder()
    assert given_up.status == "failed" and given_up.attempts == 16
    assert (given_up.error or "").startswith("gave up after 16 tries: ")
    await day.at("09:21")
    alerts = [
        d for d in rows(day) if d.kind == "alert" and d.key.startswith(f"alert:d{given_up.id}:")
    ]
    assert sorted((d.recipient, d.status) for d in alerts) == [("chen", "sent"), ("zhou", "sent")]
    # The alert names what failed, to whom, and why.
    assert tg.last(zhou.chat_id).text == t(
        ZH,
        "alert_undelivered",
        what="reminder to zhang: gave up after 16 tries: Internal Server Error",
    )
    gate_reminders = [m for m in tg.chat(zhang.chat_id) if GATE_REMINDER in (m.text or "")]
    assert gate_reminders == []


# ---------------------------------------------------------------------- 5. multi-part resume
SUMMARY_SECTION = "# ---------------------------------------------------------------- 每日汇总"


def long_duties(name_chars: int) -> Callable[[str], str]:
    """25 extra duties for 吴师傅 with long names (a summary over 4096 characters, two parts),
    and the summary sent to 周老师, who gets nothing else that evening."""

    def edit(text: str) -> str:
        extra = []
        for n in range(25):
            name = f"巡查{n:02d}" + "长" * (name_chars - 4)
            extra.append(
                f'\n[[duties]]\nid = "extra{n:02d}"\nname = "{name}"\nremind_at = "17:20"\n'
                f'deadline = "23:00"\nassignees = ["wu"]\nchecklist = ["ok"]\n'
            )
        head, tail = text.split(SUMMARY_SECTION)
        tail = tail.replace('recipients = ["role:principal"]', 'recipients = ["staff:zhou"]', 1)
        return head + "".join(extra) + "\n" + SUMMARY_SECTION + tail

    return edit


async def summary_with_part_two_failing_once(
    day: SchoolDay, zhou: Persona, tmp_path: Path, name_chars: int
) -> tuple[list[Sent], list[Sent], int]:
    """Run the evening; part 2 of the summary fails once. Returns part 1 as first sent,
    everything 周老师 got, and how many sendMessage calls were made to 周老师."""
    use_config(day, tmp_path, long_duties(name_chars))
    tg = day.telegram

    def calls() -> int:
        chat = str(zhou.chat_id)
        return len([c for c in tg.calls_of("sendMessage") if str(c.params["chat_id"]) == chat])

    await day.at("17:29")  # the whole day caught up; only the summary is left
    before, calls_before = len(tg.chat(zhou.chat_id)), calls()
    tg.fail("sendMessage", "server", chat_id=zhou.chat_id, skip=1)  # part 2 fails once
    first = await day.at("17:30")  # the inspection's step to 陈校长 also falls due now
    summary = next(d for d in rows(day) if d.kind == "summary")
    assert first.retry == [summary.id] and summary.id not in first.sent
    assert (summary.recipient, summary.status, summary.parts_sent, summary.repeat) == (
        "zhou",
        "pending",
        1,
        True,
    )
    part_one = tg.chat(zhou.chat_id)[before:]
    assert len(part_one) == 1 and (part_one[0].text or "").startswith("📋")
    second = await day.at("17:31")
    assert second.sent == [summary.id]
    done = next(d for d in rows(day) if d.kind == "summary")
    got = tg.chat(zhou.chat_id)[before:]
    assert (done.status, done.parts_sent, done.message_id) == ("sent", 2, got[-1].message_id)
    return part_one, got, calls() - calls_before


def duty_lines(messages: list[Sent]) -> list[str]:
    """The extra duties' summary lines, by their numbered start, as received."""
    return [
        line[:6]
        for m in messages
        for line in (m.text or "").split("\n")
        if line.startswith("• 巡查")
    ]


async def test_a_long_summary_resumes_at_the_part_that_failed(
    day: SchoolDay, linked: dict[str, Persona], tmp_path: Path
) -> None:
    """Part 2 of the summary fails: the retry sends part 2 on, never part 1 again."""
    part_one, got, calls = await summary_with_part_two_failing_once(
        day, linked["zhou"], tmp_path, name_chars=180
    )
    assert calls == 3  # part 1, part 2 refused, part 2 again
    assert len(got) == 2 and got[0].text == part_one[0].text
    assert all(len(m.text or "") <= 4096 for m in got)
    assert duty_lines(got) == [f"• 巡查{n:02d}" for n in range(25)]


async def test_a_resumed_summary_repeats_no_line_when_part_one_is_nearly_full(
    day: SchoolDay, linked: dict[str, Persona], tmp_path: Path
) -> None:
    """Part 1 within 19 characters of the limit: after the retry every line arrived once."""
    part_one, got, calls = await summary_with_part_two_failing_once(
        day, linked["zhou"], tmp_path, name_chars=187
    )
    room = 4096 - MARK_ROOM - len(part_one[0].text or "")
    assert room < len(t(ZH, "repeat_mark")) + 1, room  # nearly full
    assert calls == 3 and len(got) == 2
    assert duty_lines(got) == [f"• 巡查{n:02d}" for n in range(25)]


# ---------------------------------------------------------------------- 6. down over midnight
async def run_until_down(day: SchoolDay) -> None:
    """The day as far as 17:10, then the process stops (before the 17:30 step and summary)."""
    for hhmm in ("07:20", "11:30", "15:30", "17:00", "17:10"):
        await day.at(hhmm)
    await stop_bot(day.application)
    day.clock.set(day.local("00:30", date(2026, 12, 2)))


async def test_an_evening_escalation_is_sent_after_a_restart_past_midnight(
    day: SchoolDay, linked: dict[str, Persona]
) -> None:
    """Down 17:10-00:30: the inspection's 17:30 step to 陈校长 goes out late; the duty is missed."""
    services, tg, chen = day.services, day.telegram, linked["chen"]
    await run_until_down(day)
    before = len(tg.chat(chen.chat_id))
    async with running_bot(services, tg) as application:
        report = await tick(services, application.bot)
    assert "inspection/li/2026-12-01 escalation" in report.actions
    assert report.actions.index("inspection/li/2026-12-01 escalation") < report.actions.index(
        "inspection/li/2026-12-01 close"
    )
    occ = occurrence(day, "inspection", "li")
    assert occ.state == "missed"
    escalation = [
        (d.recipient, d.status, d.late, d.due_at)
        for d in rows(day)
        if d.occurrence_id == occ.id and d.kind == "escalation"
    ]
    assert escalation == [("chen", "sent", True, day.local("17:30"))]
    new = tg.chat(chen.chat_id)[before:]
    inspection = [
        m for m in new if (m.text or "").startswith("⏫") and "每月校园隐患排查" in m.text
    ]
    assert len(inspection) == 1
    assert "李主任" in (inspection[0].text or "")
    assert (inspection[0].text or "").endswith(t(ZH, "sent_late_note", time="17:30"))


async def test_the_summary_of_a_day_the_bot_was_down_for_is_sent_late(
    day: SchoolDay, linked: dict[str, Persona]
) -> None:
    """Down 17:10-00:30: Tuesday's 17:30 summary is still owed and goes out late, once."""
    services, tg, chen = day.services, day.telegram, linked["chen"]
    await run_until_down(day)
    async with running_bot(services, tg) as application:
        await tick(services, application.bot)
        await tick(services, application.bot)
    owed = [(d.key, d.status, d.late, d.due_at) for d in rows(day) if d.kind == "summary"]
    assert owed == [("summary:2026-12-01:chen", "sent", True, day.local("17:30"))]
    summaries = [m for m in tg.chat(chen.chat_id) if "🩺" in (m.text or "")]
    assert len(summaries) == 1
    assert local_date(TUESDAY, ZH) in (summaries[0].text or "")
    assert t(ZH, "sent_late_note", time="17:30") in (summaries[0].text or "")


async def test_a_crash_while_the_sender_waits_for_its_turn_leaves_the_row_unclaimed(
    day: SchoolDay, linked: dict[str, Persona]
) -> None:
    """The sender waits for the rate limit before it claims: nothing is half-sent."""
    import asyncio

    from aiolimiter import AsyncLimiter

    from bot.dispatch import Dispatcher
    from bot.pace import Pace
    from safeduty.commands.deliveries import alert_admins

    zhou, services = linked["zhou"], day.services
    limiter = day.application.bot.rate_limiter
    assert isinstance(limiter, Pace)
    dispatcher = services.outbox
    assert isinstance(dispatcher, Dispatcher)
    limiter.overall = AsyncLimiter(1, 60)  # one a minute: the next turn is far off
    await limiter.overall.acquire()  # a send has just used it up
    with services.session() as session:
        alert_admins(
            session, config=services.config, key="error:T", detail="x", now=day.clock.now()
        )
    services.owed()
    await asyncio.sleep(0.5)  # the sender has picked the alert and waits for its turn
    await dispatcher.stop()  # the process dies while the sender waits
    with services.session() as session:
        rows = session.exec(select(Delivery).where(Delivery.kind == "alert")).all()
    assert {row.status for row in rows} == {"pending"}
    limiter.overall = AsyncLimiter(1, 0.01)
    await dispatcher.settle()
    alert = [
        m.text or "" for m in day.telegram.chat(zhou.chat_id) if "机器人出错" in (m.text or "")
    ]
    assert len(alert) == 1 and t(ZH, "repeat_mark") not in alert[0]


async def test_the_weekly_chart_of_a_week_the_bot_was_down_through_is_sent_late(
    day: SchoolDay, linked: dict[str, Persona]
) -> None:
    """Down from Tuesday 17:10 to the next Tuesday 00:30: Monday's 08:00 chart goes out late."""
    services, tg, chen = day.services, day.telegram, linked["chen"]
    await run_until_down(day)
    day.clock.set(day.local("00:30", date(2026, 12, 8)))
    async with running_bot(services, tg) as application:
        await tick(services, application.bot)
        await tick(services, application.bot)
    charts = [(d.key, d.status, d.late) for d in rows(day) if d.kind == "chart"]
    assert charts == [("chart:2026-11-30:chen", "sent", True)]
    photos = [m for m in tg.chat(chen.chat_id) if m.method == "sendPhoto"]
    assert len(photos) == 1
    assert (photos[0].content or b"").startswith(b"\x89PNG")
    assert t(ZH, "sent_late_note", time="08:00") in (photos[0].text or "")
