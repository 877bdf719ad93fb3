"""The tables: every link, invite, occurrence, answer and delivery is a row (the evidence)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, Column, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from safeduty.domain.cover_states import CoverState, LeaveState
from safeduty.domain.states import DeliveryStatus, OccurrenceState
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


class Occurrence(SQLModel, table=True):
    """One duty for one person on one day, with its rules snapshotted when it was planned.

    ``next_step`` indexes the occurrence's timeline (reminder, nudge, ladder, close) and
    ``next_action_at`` says when it is due: the tick only asks "what is due now?".
    """

    __tablename__ = "occurrence"
    __table_args__ = (UniqueConstraint("duty_id", "day", "assignee"),)

    id: int | None = Field(default=None, primary_key=True)
    duty_id: str = Field(max_length=32)
    duty_name: str = Field(max_length=200)
    day: date = Field(index=True)
    assignee: str = Field(max_length=32, index=True)
    remind_at: datetime = moment()
    nudge_at: datetime | None = moment(nullable=True)
    deadline: datetime = moment()
    closes_at: datetime = moment()
    checklist: list[str] = Field(sa_column=Column(JSON, nullable=False))
    ladder: list[list[Any]] = Field(sa_column=Column(JSON, nullable=False))
    state: str = Field(default=OccurrenceState.PLANNED, max_length=16, index=True)
    next_step: int = 0
    next_action_at: datetime | None = moment(nullable=True, index=True)
    answered_at: datetime | None = moment(nullable=True)
    answered_by: str | None = Field(default=None, max_length=32)
    late: bool = False
    created_at: datetime = moment()


class ItemAnswer(SQLModel, table=True):
    """The answer to one checklist item; a problem carries a note and maybe a photo."""

    __tablename__ = "item_answer"
    __table_args__ = (UniqueConstraint("occurrence_id", "item"),)

    id: int | None = Field(default=None, primary_key=True)
    occurrence_id: int = Field(foreign_key="occurrence.id", index=True)
    item: int
    ok: bool
    note: str | None = Field(default=None, max_length=1000)
    photo_file_id: str | None = Field(default=None, max_length=200)
    photo_path: str | None = Field(default=None, max_length=500)  # relative to data_dir
    photo_sha256: str | None = Field(default=None, max_length=64)
    answered_at: datetime = moment()


class Delivery(SQLModel, table=True):
    """One message the bot owes someone: reminder, nudge, escalation, notice or summary.

    ``key`` makes each owed message unique, so planning it twice is harmless; ``status``
    moves pending -> sending -> sent (or failed/unreachable/cancelled/interrupted) by
    compare-and-set, so it is never sent twice.
    """

    __tablename__ = "delivery"

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(max_length=120, unique=True)
    occurrence_id: int | None = Field(default=None, foreign_key="occurrence.id", index=True)
    kind: str = Field(max_length=16)
    step: int | None = None
    item: int | None = None
    recipient: str = Field(max_length=32)
    day: date | None = None  # the school day (or week start) a summary or chart covers
    due_at: datetime = moment(index=True)
    status: str = Field(default=DeliveryStatus.PENDING, max_length=16, index=True)
    attempts: int = 0
    claimed_at: datetime | None = moment(nullable=True)
    sent_at: datetime | None = moment(nullable=True)
    late: bool = False
    chat_id: int | None = Field(default=None, sa_column=Column(BigInteger, nullable=True))
    message_id: int | None = Field(default=None, sa_column=Column(BigInteger, nullable=True))
    error: str | None = Field(default=None, max_length=500)
    repeat: bool = False  # an earlier try may have arrived: the message says so
    retry_at: datetime | None = moment(nullable=True)  # backing off after a failure
    parts_sent: int = 0  # of a message split in parts, how many arrived
    cover_id: int | None = Field(default=None, foreign_key="cover.id", index=True)


class StaffLeave(SQLModel, table=True):
    """A period a staff member is away; planning hands their duties on for its days."""

    __tablename__ = "staff_leave"

    id: int | None = Field(default=None, primary_key=True)
    staff_id: str = Field(max_length=32, index=True)
    first_day: date
    last_day: date
    state: str = Field(default=LeaveState.ACTIVE, max_length=16)
    requested_by: str = Field(max_length=32)
    created_at: datetime = moment()


class Cover(SQLModel, table=True):
    """One duty slot (duty, day, ``absent``) handed to a substitute, for a leave or a swap.

    Planning applies the accepted ones to the plan, so they outlive a re-plan; a leave
    cover nobody accepted leaves the duty unstaffed, and ``escalate_at`` (24 hours before
    its reminder) is when the safety officer hears of it.
    """

    __tablename__ = "cover"

    id: int | None = Field(default=None, primary_key=True)
    duty_id: str = Field(max_length=32)
    duty_name: str = Field(max_length=200)
    day: date = Field(index=True)
    absent: str = Field(max_length=32)
    substitute: str | None = Field(default=None, max_length=32)
    reason: str = Field(max_length=8)
    leave_id: int | None = Field(default=None, foreign_key="staff_leave.id", index=True)
    deputy: bool = False
    state: str = Field(default=CoverState.NEEDED, max_length=16, index=True)
    proposed_by: str | None = Field(default=None, max_length=32)
    asks: int = 0  # how many times a colleague was asked (keys each question)
    remind_at: datetime = moment()
    escalate_at: datetime | None = moment(nullable=True, index=True)
    created_at: datetime = moment()
    decided_at: datetime | None = moment(nullable=True)


class PendingInput(SQLModel, table=True):
    """A problem item whose note (then photo) the bot waits for from its assignee.

    One row per (occurrence, item), so two duties with problems never crowd each other
    out; a person's oldest row is the one being answered, and ``created_at`` restarts
    its timer at each step. Kept in the database so a restart loses nothing.
    """

    __tablename__ = "pending_input"
    __table_args__ = (UniqueConstraint("occurrence_id", "item"),)

    id: int | None = Field(default=None, primary_key=True)
    staff_id: str = Field(max_length=32, index=True)
    occurrence_id: int = Field(foreign_key="occurrence.id")
    item: int
    step: str = Field(max_length=8)
    created_at: datetime = moment()


class Setting(SQLModel, table=True):
    """Small persistent values, such as the secret that signs button data."""

    __tablename__ = "setting"

    key: str = Field(primary_key=True, max_length=64)
    value: str = Field(max_length=500)


class ProcessStart(SQLModel, table=True):
    """Each start of the bot, for the summary's health line ("last restart")."""

    __tablename__ = "process_start"

    id: int | None = Field(default=None, primary_key=True)
    started_at: datetime = moment()


class Event(SQLModel, table=True):
    """One link of the evidence chain: append-only, the database refuses UPDATE and DELETE.

    ``hash`` is the SHA-256 of this record with ``prev_hash`` inside it, so editing,
    removing, inserting or reordering any event breaks every hash after it.
    """

    __tablename__ = "event"

    seq: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})
    at: datetime = moment()
    actor: str = Field(max_length=64)
    kind: str = Field(max_length=40, index=True)
    payload: str = Field(sa_column=Column(Text, nullable=False))  # canonical JSON
    prev_hash: str = Field(max_length=64, unique=True)
    hash: str = Field(max_length=64, unique=True)


class ChainHead(SQLModel, table=True):
    """The newest event's number and hash, in one row that every append locks first.

    Locking this row serialises appends across processes on SQLite and PostgreSQL alike,
    so two writers can never both extend the same head (fork the chain).
    """

    __tablename__ = "chain_head"

    id: int = Field(default=1, primary_key=True)
    seq: int = 0
    hash: str = Field(max_length=64)


class StrangerReply(SQLModel, table=True):
    """When someone not linked was last answered: at most one reply a day each."""

    __tablename__ = "stranger_reply"

    telegram_user_id: int = Field(sa_column=Column(BigInteger, primary_key=True))
    replied_at: datetime = moment()
