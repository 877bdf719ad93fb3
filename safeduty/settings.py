"""Deployment settings from the environment; they override the school's TOML file."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pydantic import AwareDatetime, Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

from safeduty.config.model import SchoolConfig

PUBLIC_API = "https://api.telegram.org"


class Settings(BaseSettings):
    """``SAFEDUTY_*`` environment variables. The token lives only here, never in the TOML."""

    model_config = SettingsConfigDict(env_prefix="SAFEDUTY_", extra="ignore")

    bot_token: SecretStr | None = None
    telegram_api_url: str | None = None
    database_url: str | None = None
    clock_start: AwareDatetime | None = None  # rehearsal only: a simulated clock's start
    clock_speed: float = Field(default=1.0, gt=0)
    telegram_timeout: float = Field(default=15.0, gt=0)  # seconds to wait for Telegram's answer
    telegram_rate: float = Field(default=30.0, gt=0)  # messages/s Telegram allows (a local
    # Bot API server or a benchmark's scaled fake may allow more); the sender keeps under it
    telegram_chat_gap: float = Field(default=1.0, ge=0)  # seconds between messages to a chat


@dataclass(frozen=True)
class Deployment:
    """Where this school's bot talks and stores: the environment first, then the file."""

    api_root: str
    database_url: str
    data_dir: Path

    @classmethod
    def resolve(cls, settings: Settings, config: SchoolConfig, config_path: Path) -> Deployment:
        base = config_path.resolve().parent
        data_dir = base / config.storage.data_dir
        database = (
            settings.database_url or config.storage.url or f"sqlite:///{data_dir / 'safeduty.db'}"
        )
        api_root = (settings.telegram_api_url or config.telegram.api_url or PUBLIC_API).rstrip("/")
        return cls(api_root=api_root, database_url=database, data_dir=data_dir)
