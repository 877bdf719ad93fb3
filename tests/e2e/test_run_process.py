"""``safeduty run`` and ``safeduty invite`` as real processes against the fake Bot API."""

from __future__ import annotations

import asyncio
import os
import re
import signal
import sys
from pathlib import Path

import pytest

from safeduty.testing.fake_telegram import FakeTelegram, User
from tests.conftest import EXAMPLE

pytestmark = pytest.mark.slow


def env_for(telegram: FakeTelegram | None, tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SAFEDUTY_")}
    env["SAFEDUTY_DATABASE_URL"] = f"sqlite:///{tmp_path / 'run.db'}"
    if telegram is not None:
        env["SAFEDUTY_BOT_TOKEN"] = telegram.token
        env["SAFEDUTY_TELEGRAM_API_URL"] = telegram.root
    return env


def link_in_database(url: str, people: dict[str, User]) -> None:
    """Link staff to Telegram users straight in the database, as /start CODE would."""
    from datetime import UTC, datetime, timedelta

    from sqlmodel import Session

    from safeduty.commands.links import issue_invite, redeem_invite
    from safeduty.storage.db import make_engine, migrate

    engine = make_engine(url)
    migrate(engine)
    now = datetime.now(UTC)
    with Session(engine) as session:
        for staff_id, user in people.items():
            invite = issue_invite(session, staff_id=staff_id, now=now, valid_for=timedelta(days=1))
            redeem_invite(
                session,
                code=invite.code,
                telegram_user_id=user.id,
                chat_id=user.id,
                now=now,
            )
    engine.dispose()


async def safeduty(*args: str, env: dict[str, str]) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "safeduty.cli",
        *args,
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )


async def test_run_without_token_says_one_sentence(tmp_path: Path) -> None:
    """No SAFEDUTY_BOT_TOKEN: one clear sentence on stderr, exit 2, no traceback."""
    proc = await safeduty("run", "--config", str(EXAMPLE), env=env_for(None, tmp_path))
    _, err = await proc.communicate()
    assert proc.returncode == 2
    assert err.decode().count("\n") == 1
    assert "SAFEDUTY_BOT_TOKEN" in err.decode()
    assert "Traceback" not in err.decode()


async def test_invite_prints_links_offline_from_config_username(tmp_path: Path) -> None:
    """Without a token the link uses [telegram] bot_username; one line per staff member."""
    config = tmp_path / "school.toml"
    text = EXAMPLE.read_text("utf-8").replace(
        '# bot_username = "yangguang_safety_bot"', 'bot_username = "yangguang_safety_bot"'
    )
    config.write_text(text, "utf-8")
    proc = await safeduty(
        "invite", "--config", str(config), "wang", "li", env=env_for(None, tmp_path)
    )
    out, err = await proc.communicate()
    assert proc.returncode == 0, err.decode()
    lines = out.decode().splitlines()
    assert [line.split("\t")[:2] for line in lines] == [["wang", "王老师"], ["li", "李主任"]]
    code, link = lines[0].split("\t")[2:]
    assert link == f"https://t.me/yangguang_safety_bot?start={code}"


async def test_invite_refuses_unknown_staff(tmp_path: Path) -> None:
    """An unknown staff id is an error, and nothing is printed for the others."""
    proc = await safeduty(
        "invite", "--config", str(EXAMPLE), "wang", "ghost", env=env_for(None, tmp_path)
    )
    out, err = await proc.communicate()
    assert proc.returncode == 2
    assert out == b""
    assert "ghost" in err.decode()


async def test_real_process_links_a_teacher_and_stops_on_sigterm(
    telegram: FakeTelegram, tmp_path: Path
) -> None:
    """A real ``safeduty run``: invite (username from getMe), /start, greeting, clean SIGTERM."""
    env = env_for(telegram, tmp_path)
    invite = await safeduty("invite", "--config", str(EXAMPLE), "wang", env=env)
    out, _ = await invite.communicate()
    _, _, code, link = out.decode().strip().split("\t")
    assert link == f"https://t.me/safeduty_test_bot?start={code}"

    proc = await safeduty("run", "--config", str(EXAMPLE), env=env)
    try:
        await telegram.wait_for(lambda: "en" in telegram.commands, timeout=30)
        wang = telegram.user(1001, "Wang")
        telegram.send_text(wang, f"/start {code}")
        reply = await telegram.wait_message(wang.id, timeout=15)
        assert "王老师" in (reply.text or "")
    finally:
        proc.send_signal(signal.SIGTERM)
        _, err = await asyncio.wait_for(proc.communicate(), 30)
    assert proc.returncode == 0, err.decode()
    log = err.decode()
    assert "stopped" in log
    assert telegram.token not in log
    assert telegram.token.split(":")[1] not in log


def wall_clock_school(tmp_path: Path) -> tuple[Path, str]:
    """A config whose gate duty fell due a minute ago, in a zone where it is mid-morning now.

    The real process reads the wall clock, so the school's zone is picked to make local time
    about 10:00 (far from midnight) and every day a school day.
    """
    from datetime import UTC, datetime, timedelta
    from zoneinfo import ZoneInfo

    now = datetime.now(UTC)
    offset = ((10 - now.hour + 12) % 24) - 12
    zone = f"Etc/GMT{-offset:+d}" if offset else "Etc/GMT"
    local = now.astimezone(ZoneInfo(zone))
    remind, deadline = local - timedelta(minutes=1), local + timedelta(minutes=60)
    text = EXAMPLE.read_text("utf-8")
    text = text.replace('timezone = "Asia/Shanghai"', f'timezone = "{zone}"')
    text = text.replace(
        'school_days = ["mon", "tue", "wed", "thu", "fri"]',
        'school_days = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]',
    )
    text = text.replace(
        'rota = { mon = "wang", tue = "zhang", wed = "liu", thu = "zhao", fri = "sun" }',
        'assignees = ["zhang"]',
    )
    text = text.replace('remind_at = "07:20"', f'remind_at = "{remind:%H:%M}"')
    text = text.replace('deadline = "07:50"', f'deadline = "{deadline:%H:%M}"')
    text = text.replace('makeup_days = [\n    { date = 2027-04-25, follows = "mon" },\n]', "")
    path = tmp_path / "school.toml"
    path.write_text(text, "utf-8")
    return path, zone


async def test_sigkill_between_reminder_and_answer_loses_nothing(
    telegram: FakeTelegram, tmp_path: Path
) -> None:
    """Kill -9 after the reminder: on restart nothing is resent and the old button still works."""

    from sqlmodel import Session, select

    from safeduty.storage.db import make_engine
    from safeduty.storage.tables import Delivery, Occurrence

    config, _ = wall_clock_school(tmp_path)
    env = env_for(telegram, tmp_path)
    zhang = telegram.user(1006, "Zhang")
    link_in_database(env["SAFEDUTY_DATABASE_URL"], {"zhang": zhang})
    engine = make_engine(env["SAFEDUTY_DATABASE_URL"])

    first = await safeduty("run", "--config", str(config), env=env)
    try:
        reminder = await telegram.wait_message(zhang.id, timeout=30)
        assert "值班提醒" in (reminder.text or "")
        for _ in range(100):  # the reminder is on the phone; wait until it is on the record
            with Session(engine) as session:
                if session.exec(select(Delivery).where(Delivery.status == "sent")).first():
                    break
            await asyncio.sleep(0.05)
    finally:
        first.kill()  # SIGKILL: no clean shutdown at all
        await first.wait()
    menus = len(telegram.calls_of("setMyCommands"))
    second = await safeduty("run", "--config", str(config), env=env)
    try:
        await telegram.wait_for(
            lambda: len(telegram.calls_of("setMyCommands")) >= menus + 3, timeout=30
        )
        await asyncio.sleep(1.5)  # let the restarted process run its first ticks
        query = telegram.tap(zhang, reminder, reminder.button("全部正常")["callback_data"])
        await telegram.wait_answer(query, timeout=15)
    finally:
        second.send_signal(signal.SIGTERM)
        _, err = await asyncio.wait_for(second.communicate(), 30)
    assert second.returncode == 0, err.decode()
    texts = [m.text or "" for m in telegram.chat(zhang.id)]
    reminders = [text for text in texts if "值班提醒" in text or "已提交" in text]
    assert len(reminders) == 1
    assert "已提交" in reminders[0]
    with Session(engine) as session:
        occ = session.exec(select(Occurrence).where(Occurrence.duty_id == "gate")).all()
        sent = session.exec(select(Delivery).where(Delivery.kind == "reminder")).all()
    assert [o.state for o in occ if o.state != "planned"] == ["answered"]
    assert [(d.recipient, d.status) for d in sent] == [("zhang", "sent")]
    engine.dispose()


async def test_sighup_with_a_broken_config_tells_the_admin_and_keeps_running(
    telegram: FakeTelegram, tmp_path: Path
) -> None:
    """SIGHUP re-reads the file; problems go to the admin in check-config's words."""

    config = tmp_path / "school.toml"
    config.write_text(EXAMPLE.read_text("utf-8"), "utf-8")
    env = env_for(telegram, tmp_path)
    zhou = telegram.user(1004, "Zhou")
    link_in_database(env["SAFEDUTY_DATABASE_URL"], {"zhou": zhou})
    proc = await safeduty("run", "--config", str(config), env=env)
    try:
        await telegram.wait_for(lambda: "en" in telegram.commands, timeout=30)
        config.write_text(
            EXAMPLE.read_text("utf-8").replace("valid_days = 14", "valid_days = 0"), "utf-8"
        )
        proc.send_signal(signal.SIGHUP)
        refused = await telegram.wait_message(zhou.id, timeout=15)
        assert "继续使用原来的配置" in (refused.text or "")
        assert "invites.valid_days: Input should be greater than or equal to 1" in (
            refused.text or ""
        )
        telegram.send_text(zhou, "/help")
        assert "/today" in ((await telegram.wait_message(zhou.id, timeout=15)).text or "")
    finally:
        proc.send_signal(signal.SIGTERM)
        _, err = await asyncio.wait_for(proc.communicate(), 30)
    assert proc.returncode == 0, err.decode()
    assert "reload refused" in err.decode()


async def test_real_process_on_a_simulated_clock_runs_the_ladder(
    telegram: FakeTelegram, tmp_path: Path
) -> None:
    """SAFEDUTY_CLOCK_START/SPEED rehearse a day: reminder, nudge, escalation, answer, notice."""

    env = env_for(telegram, tmp_path)
    env["SAFEDUTY_CLOCK_START"] = "2026-12-01T07:17:00+08:00"
    env["SAFEDUTY_CLOCK_SPEED"] = "240"  # four simulated minutes a second
    zhang, li = telegram.user(1006, "Zhang"), telegram.user(1002, "Li")
    link_in_database(env["SAFEDUTY_DATABASE_URL"], {"zhang": zhang, "li": li})
    proc = await safeduty("run", "--config", str(EXAMPLE), env=env)
    try:
        reminder = await telegram.wait_message(zhang.id, timeout=30)
        assert "值班提醒：校门值守" in (reminder.text or "")
        nudge = await telegram.wait_message(zhang.id, timeout=30)
        left = re.search(r"还有 (\d+) 分钟截止", nudge.text or "")  # minutes left when sent
        assert left and 5 <= int(left[1]) <= 10  # a loaded machine may send it a little late
        escalation = await telegram.wait_message(li.id, timeout=30)
        assert "第 2 级" in (escalation.text or "")
        await telegram.press(zhang, reminder, "全部正常", timeout=15)
        told = await telegram.wait_for(
            lambda: [m.text for m in telegram.chat(li.id) if "张老师已于" in (m.text or "")],
            timeout=15,
        )
        assert "迟交" in told[0]
    finally:
        proc.send_signal(signal.SIGTERM)
        _, err = await asyncio.wait_for(proc.communicate(), 30)
    assert proc.returncode == 0, err.decode()
    assert "SIMULATED CLOCK" in err.decode()


async def test_bad_clock_setting_is_one_clear_line(telegram: FakeTelegram, tmp_path: Path) -> None:
    """A malformed SAFEDUTY_CLOCK_START is reported in one line, exit 2."""
    env = env_for(telegram, tmp_path)
    env["SAFEDUTY_CLOCK_START"] = "tomorrow morning"
    proc = await safeduty("run", "--config", str(EXAMPLE), env=env)
    _, err = await proc.communicate()
    assert proc.returncode == 2
    assert err.decode().startswith("safeduty: bad environment setting: SAFEDUTY_CLOCK_START")
    assert err.decode().count("\n") == 1


async def test_wrong_token_or_unreachable_api_is_one_sentence(
    telegram: FakeTelegram, tmp_path: Path
) -> None:
    """A refused token or a dead API URL ends with one clear sentence; logs stay one line each."""
    import re

    env = env_for(telegram, tmp_path)
    env["SAFEDUTY_BOT_TOKEN"] = "999:wrong"  # noqa: S105  # a token the fake refuses
    proc = await safeduty("run", "--config", str(EXAMPLE), env=env)
    _, err = await proc.communicate()
    assert proc.returncode == 2
    assert (
        err.decode().splitlines()[-1]
        == "safeduty: Telegram refused the bot token: check SAFEDUTY_BOT_TOKEN."
    )
    assert "999:wrong" not in err.decode()
    env = env_for(telegram, tmp_path)
    env["SAFEDUTY_TELEGRAM_API_URL"] = "http://127.0.0.1:9"
    proc = await safeduty("run", "--config", str(EXAMPLE), env=env)
    _, err = await proc.communicate()
    lines = err.decode().splitlines()
    assert proc.returncode == 2
    assert lines[-1].startswith("safeduty: cannot reach the Telegram Bot API")
    assert all(re.match(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d+ [A-Z]+ ", line) for line in lines[:-1])
