"""The tables: every link, invite, occurrence, answer and delivery is a row (the evidence)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, Column, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from safeduty.domain.cover_states import CoverState, LeaveState
from safeduty.domain.hazards import HazardState
from safeduty.domain.incidents import IncidentState
from safeduty.domain.states import DeliveryStatus, OccurrenceState
from safeduty.domain.visits import VisitState
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
    hazard_id: int | None = Field(default=None, foreign_key="hazard.id", index=True)
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
    incident_id: int | None = Field(default=None, foreign_key="incident.id", index=True)
    visit_id: int | None = Field(default=None, foreign_key="visit.id", index=True)
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


class Incident(SQLModel, table=True):
    """An incident reported at once: its type, playbook and ladder snapshotted from the
    config, the next rung of its ladder and when it is due (``next_action_at``)."""

    __tablename__ = "incident"

    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(max_length=32)
    kind_name: str | None = Field(default=None, max_length=200)  # None: a built-in type
    reporter: str = Field(max_length=32, index=True)
    reported_at: datetime = moment(index=True)
    state: str = Field(default=IncidentState.REPORTED, max_length=16, index=True)
    description: str | None = Field(default=None, max_length=1000)
    playbook: list[str] = Field(sa_column=Column(JSON, nullable=False))
    ping_minutes: int
    ping_limit: int
    ladder: list[list[Any]] = Field(sa_column=Column(JSON, nullable=False))
    rung: int = 0  # the next rung of the ladder
    next_action_at: datetime | None = moment(nullable=True, index=True)
    acknowledged_at: datetime | None = moment(nullable=True)  # the first acknowledgement
    closed_at: datetime | None = moment(nullable=True)
    closed_by: str | None = Field(default=None, max_length=32)
    outcome: str | None = Field(default=None, max_length=1000)


class IncidentResponder(SQLModel, table=True):
    """Someone an incident was sent to, who must acknowledge it; re-pinged until they do."""

    __tablename__ = "incident_responder"
    __table_args__ = (UniqueConstraint("incident_id", "staff_id"),)

    id: int | None = Field(default=None, primary_key=True)
    incident_id: int = Field(foreign_key="incident.id", index=True)
    staff_id: str = Field(max_length=32)
    rung: int = 0  # 0: told at once; n: by rung n-1 of the ladder
    notified_at: datetime = moment()
    pings: int = 0
    next_ping_at: datetime | None = moment(nullable=True, index=True)
    acked_at: datetime | None = moment(nullable=True)


class IncidentStep(SQLModel, table=True):
    """A playbook item ticked: by whom, when."""

    __tablename__ = "incident_step"
    __table_args__ = (UniqueConstraint("incident_id", "item"),)

    id: int | None = Field(default=None, primary_key=True)
    incident_id: int = Field(foreign_key="incident.id", index=True)
    item: int
    done_by: str = Field(max_length=32)
    done_at: datetime = moment()


class IncidentPhoto(SQLModel, table=True):
    """A photo sent after an incident's report, kept by its content's hash."""

    __tablename__ = "incident_photo"

    id: int | None = Field(default=None, primary_key=True)
    incident_id: int = Field(foreign_key="incident.id", index=True)
    file_id: str = Field(max_length=200)
    path: str | None = Field(default=None, max_length=500)  # relative to data_dir
    sha256: str | None = Field(default=None, max_length=64)
    added_by: str = Field(max_length=32)
    added_at: datetime = moment()


class IncidentInput(SQLModel, table=True):
    """What the bot waits for from one person about one incident: details, or the outcome.

    ``created_at`` restarts at each message, so a conversation dies only when it is quiet.
    """

    __tablename__ = "incident_input"
    __table_args__ = (UniqueConstraint("staff_id", "incident_id"),)

    id: int | None = Field(default=None, primary_key=True)
    staff_id: str = Field(max_length=32, index=True)
    incident_id: int = Field(foreign_key="incident.id")
    step: str = Field(max_length=8)
    created_at: datetime = moment()


class Visit(SQLModel, table=True):
    """A visitor in the gate register, recorded during a gate duty (``occurrence_id``).

    The gate duty's deadline and ladder are copied in: at the deadline a visitor still
    inside is asked about, and then chased rung by rung (``step``, ``next_action_at``).
    """

    __tablename__ = "visit"

    id: int | None = Field(default=None, primary_key=True)
    occurrence_id: int = Field(foreign_key="occurrence.id", index=True)
    day: date = Field(index=True)
    name: str = Field(max_length=100)
    organisation: str = Field(default="", max_length=100)
    purpose: str = Field(default="", max_length=100)
    host: str = Field(default="", max_length=100)
    recorded_by: str = Field(max_length=32)
    time_in: datetime = moment()
    state: str = Field(default=VisitState.INSIDE, max_length=16, index=True)
    deadline: datetime = moment()
    ladder: list[list[Any]] = Field(sa_column=Column(JSON, nullable=False))
    step: int = 0  # the next step of chasing it: the question, then each rung
    next_action_at: datetime | None = moment(nullable=True, index=True)
    time_out: datetime | None = moment(nullable=True)
    out_by: str | None = Field(default=None, max_length=32)
    confirmed_at: datetime | None = moment(nullable=True)
    confirmed_by: str | None = Field(default=None, max_length=32)


class LeaveSlip(SQLModel, table=True):
    """A pupil leaving in school hours with a slip signed by a teacher, kept with its photo."""

    __tablename__ = "leave_slip"

    id: int | None = Field(default=None, primary_key=True)
    occurrence_id: int = Field(foreign_key="occurrence.id", index=True)
    day: date = Field(index=True)
    pupil: str = Field(max_length=100)
    class_name: str = Field(default="", max_length=100)
    signed_by: str = Field(default="", max_length=100)
    time_out: datetime = moment()
    recorded_by: str = Field(max_length=32)
    photo_file_id: str | None = Field(default=None, max_length=200)
    photo_path: str | None = Field(default=None, max_length=500)  # relative to data_dir
    photo_sha256: str | None = Field(default=None, max_length=64)


class GateInput(SQLModel, table=True):
    """What the bot waits for from the gate duty teacher: a visitor's line, a leave slip's
    line, or the slip's photo. One at a time per person; kept across restarts."""

    __tablename__ = "gate_input"

    staff_id: str = Field(primary_key=True, max_length=32)
    step: str = Field(max_length=16)
    occurrence_id: int = Field(foreign_key="occurrence.id")
    slip_id: int | None = Field(default=None, foreign_key="leave_slip.id")
    created_at: datetime = moment()


class Setting(SQLModel, table=True):
    """Small persistent values, such as the secret that signs button data."""

    __tablename__ = "setting"

    key: str = Field(primary_key=True, max_length=64)
    value: str = Field(max_length=500)


class PlanMark(SQLModel, table=True):
    """The day last planned, under which config and stored arrangement: a restart reads this.

    Not evidence (the occurrences and their events are): a cache that spares a restarted
    process re-planning every row. Losing it only costs one re-plan, which changes nothing.
    """

    __tablename__ = "plan_mark"

    day: date = Field(primary_key=True)
    config_sha256: str = Field(max_length=64)
    arrangement: str = Field(max_length=64)  # SHA-256 of the leave and covers planned with
    planned_at: datetime = moment()


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


class Hazard(SQLModel, table=True):
    """A hazard from "found" to "verified fixed" (隐患排查 → 整改 → 复查销号).

    Like an occurrence it carries its next action (``next_action_at``) and the ladder it
    was assigned with; ``cycle`` counts assignments and reopenings, so each round's
    messages have their own keys. ``chases`` is the compare-and-set token of the tick.
    """

    __tablename__ = "hazard"
    __table_args__ = (UniqueConstraint("source_occurrence_id", "source_item"),)

    id: int | None = Field(default=None, primary_key=True)
    state: str = Field(default=HazardState.OPEN, max_length=16, index=True)
    description: str = Field(max_length=1000)
    place: str = Field(max_length=200)
    category: str = Field(max_length=40)
    level: str = Field(max_length=16)
    reported_by: str = Field(max_length=32, index=True)
    reported_at: datetime = moment()
    source_occurrence_id: int | None = Field(default=None, foreign_key="occurrence.id")
    source_item: int | None = None  # the checklist item whose ⚠️ answer it came from
    owner: str | None = Field(default=None, max_length=32, index=True)
    deadline: date | None = None  # school-local; overdue from the midnight after it
    assigned_by: str | None = Field(default=None, max_length=32)
    assigned_at: datetime | None = moment(nullable=True)
    fix_note: str | None = Field(default=None, max_length=1000)
    fixed_at: datetime | None = moment(nullable=True)
    verified_by: str | None = Field(default=None, max_length=32)
    closed_at: datetime | None = moment(nullable=True)
    reopen_reason: str | None = Field(default=None, max_length=1000)
    rechecked_at: datetime | None = moment(nullable=True)
    rechecked_by: str | None = Field(default=None, max_length=32)
    cycle: int = 0
    ladder: list[list[Any]] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    rung: int = 0  # the next step of the overdue ladder
    chases: int = 0
    next_action_at: datetime | None = moment(nullable=True, index=True)


class HazardPhoto(SQLModel, table=True):
    """A photo of a hazard (before) or of its fix (after), kept by its content's hash.

    ``removed_at`` is set when the retention period passed and the file was deleted, so
    ``safeduty verify`` knows the file is gone on purpose.
    """

    __tablename__ = "hazard_photo"

    id: int | None = Field(default=None, primary_key=True)
    hazard_id: int = Field(foreign_key="hazard.id", index=True)
    kind: str = Field(max_length=8)
    file_id: str = Field(max_length=200)
    path: str | None = Field(default=None, max_length=500)  # relative to data_dir
    sha256: str | None = Field(default=None, max_length=64)
    size: int | None = None
    added_by: str = Field(max_length=32)
    added_at: datetime = moment()
    removed_at: datetime | None = moment(nullable=True)


class HazardStep(SQLModel, table=True):
    """One step of a hazard's timeline: who did what, when, with what note."""

    __tablename__ = "hazard_step"

    id: int | None = Field(default=None, primary_key=True)
    hazard_id: int = Field(foreign_key="hazard.id", index=True)
    action: str = Field(max_length=16)
    actor: str = Field(max_length=32)
    at: datetime = moment()
    note: str | None = Field(default=None, max_length=1000)
    owner: str | None = Field(default=None, max_length=32)  # an assignment: to whom
    deadline: date | None = None  # an assignment or a reopening: by when


class HazardInput(SQLModel, table=True):
    """What the bot waits for from one person in a hazard conversation (one at a time).

    A report in progress (description, place, photos, category, level), or the note of a
    fix, or the reason for reopening. Kept in the database so a restart loses nothing.
    """

    __tablename__ = "hazard_input"

    staff_id: str = Field(primary_key=True, max_length=32)
    step: str = Field(max_length=16)
    hazard_id: int | None = Field(default=None, foreign_key="hazard.id")
    description: str | None = Field(default=None, max_length=1000)
    place: str | None = Field(default=None, max_length=200)
    category: str | None = Field(default=None, max_length=40)
    photos: list[list[Any]] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    source_occurrence_id: int | None = Field(default=None, foreign_key="occurrence.id")
    source_item: int | None = None
    created_at: datetime = moment()
