"""``safeduty run`` and ``safeduty invite`` as real processes against the fake Bot API."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from pathlib import Path

import pytest

from safeduty.testing.fake_telegram import FakeTelegram
from tests.conftest import EXAMPLE

pytestmark = pytest.mark.slow


def env_for(telegram: FakeTelegram | None, tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SAFEDUTY_")}
    env["SAFEDUTY_DATABASE_URL"] = f"sqlite:///{tmp_path / 'run.db'}"
    if telegram is not None:
        env["SAFEDUTY_BOT_TOKEN"] = telegram.token
        env["SAFEDUTY_TELEGRAM_API_URL"] = telegram.root
    return env


async def safeduty(*args: str, env: dict[str, str]) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(
        sys.executable, "-m", "safeduty.cli", *args, env=env,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip


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
