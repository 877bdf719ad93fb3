"""``safeduty invite``: fresh single-use codes and their t.me deep links, one line each."""

from __future__ import annotations

import asyncio
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlmodel import Session

from safeduty.commands.links import issue_invite
from safeduty.config.model import SchoolConfig
from safeduty.database import open_database
from safeduty.settings import Deployment, Settings


async def _username_from_telegram(token: str, api_root: str) -> str:
    from telegram import Bot

    async with Bot(token, base_url=f"{api_root}/bot", base_file_url=f"{api_root}/file/bot") as bot:
        return bot.username


def bot_username(settings: Settings, config: SchoolConfig, api_root: str) -> str | None:
    """The bot's username: asked from Telegram when a token is set, else from the config."""
    if settings.bot_token is not None:
        return asyncio.run(_username_from_telegram(settings.bot_token.get_secret_value(), api_root))
    return config.telegram.bot_username


def print_invites(config: SchoolConfig, config_path: Path, staff_ids: list[str]) -> int:
    """Issue an invite for each named staff member (everyone when none named) and print it."""
    unknown = [s for s in staff_ids if config.staff_by_id(s) is None]
    if unknown:
        print(f"safeduty: unknown staff id: {', '.join(unknown)}", file=sys.stderr)
        return 2
    settings = Settings()
    deployment = Deployment.resolve(settings, config, config_path)
    username = bot_username(settings, config, deployment.api_root)
    if username is None:
        print(
            "safeduty: cannot build links: set SAFEDUTY_BOT_TOKEN (the username is read from "
            "Telegram) or [telegram] bot_username in the config.",
            file=sys.stderr,
        )
        return 2
    engine = open_database(deployment.database_url)
    people = [config.staff_by_id(s) for s in staff_ids] if staff_ids else list(config.staff)
    now = datetime.now(UTC)
    with Session(engine) as session:
        for person in people:
            assert person is not None  # noqa: S101  # unknown ids were refused above
            invite = issue_invite(
                session,
                staff_id=person.id,
                now=now,
                valid_for=timedelta(days=config.invites.valid_days),
            )
            link = f"https://t.me/{username}?start={invite.code}"
            print(f"{person.id}\t{person.name}\t{invite.code}\t{link}")
    return 0
