"""The tables: every link, invite, occurrence, answer and delivery is a row (the evidence)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Column
from sqlmodel import Field, SQLModel

from safeduty.storage.types import UTCDateTime


def moment(*, nullable: bool = False, index: bool = False) -> datetime:
    """A UTC-aware datetime column."""
    return Field(  # type: ignore[no-any-return]  # sqlmodel's Field is typed as Any
        default=None if nullable else ..., sa_type=UTCDateTime, nullable=nullable, index=index
    )


class StaffLink(SQLModel, table=True):
    """Which Telegram account speaks for a staff member; one account per person."""

    __tablename__ = "staff_link"

    staff_id: str = Field(primary_key=True, max_length=32)
    telegram_user_id: int = Field(sa_column=Column(BigInteger, unique=True, nullable=False))
    chat_id: int = Field(sa_column=Column(BigInteger, nullable=False))
    linked_at: datetime = moment()
    unreachable_since: datetime | None = moment(nullable=True)


class Invite(SQLModel, table=True):
    """A single-use code that links a Telegram account to a staff member."""

    __tablename__ = "invite"

    code: str = Field(primary_key=True, max_length=32)
    staff_id: str = Field(index=True, max_length=32)
    created_at: datetime = moment()
    expires_at: datetime = moment()
    used_at: datetime | None = moment(nullable=True)
    used_by: int | None = Field(default=None, sa_column=Column(BigInteger, nullable=True))
    revoked_at: datetime | None = moment(nullable=True)
