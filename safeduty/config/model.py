"""Frozen pydantic models of the school's TOML file; ``extra="forbid"`` makes a typo an error."""

from __future__ import annotations

from datetime import time
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, model_validator

from safeduty.config.hazard_model import Hazards
from safeduty.config.incident_model import Gate, Incidents
from safeduty.config.values import (
    ApiUrl,
    BotUsername,
    Clock,
    Day,
    Duration,
    Id,
    Target,
    TimeZoneName,
    one_line_text,
)

Weekday = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
Language = Literal["zh-CN", "en"]
Role = Literal["teacher", "safety_officer", "principal", "admin"]
Text = Annotated[str, one_line_text(200)]
Item = Annotated[str, one_line_text(100)]
Path = Annotated[str, one_line_text(1000)]


def _parse_monthly(value: Any) -> str | int:
    if value in ("first_school_day", "last_school_day"):
        return str(value)
    if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 31:
        return value
    raise ValueError(f'expected "first_school_day", "last_school_day" or a day 1-31, got {value!r}')


Monthly = Annotated[str | int, BeforeValidator(_parse_monthly)]


class Section(BaseModel):
    """Base of every table: unknown keys are errors and loaded values never change.

    Strict, because TOML is typed: ``valid_days = "14"`` or ``enabled = "no"`` is a mistake
    worth pointing at, not something to coerce.
    """

    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


class School(Section):
    name: Text
    timezone: TimeZoneName
    language: Language = "zh-CN"


class Telegram(Section):
    api_url: ApiUrl | None = None
    bot_username: BotUsername | None = None


class Storage(Section):
    url: Path | None = None
    data_dir: Path = "data"


class Invites(Section):
    valid_days: Annotated[int, Field(ge=1, le=365)] = 14


class Vacation(Section):
    name: Annotated[str, one_line_text(200, least=0)] = ""
    start: Day = Field(alias="from")
    end: Day = Field(alias="to")

    @model_validator(mode="after")
    def _ordered(self) -> Vacation:
        if self.end < self.start:
            raise ValueError("'to' is before 'from'")
        return self


class MakeupDay(Section):
    date: Day
    follows: Weekday


class Term(Section):
    """A school term: outside every term no ordinary duty runs (only holiday duties)."""

    name: Text
    start: Day = Field(alias="from")
    end: Day = Field(alias="to")

    @model_validator(mode="after")
    def _ordered(self) -> Term:
        if self.end < self.start:
            raise ValueError("'to' is before 'from'")
        return self


class Event(Section):
    """A day that switches named duties on (a drill, an exam) or off (an outing)."""

    date: Day
    name: Text
    on: list[Id] = Field(default_factory=list)
    off: list[Id] = Field(default_factory=list)


def _monday_to_friday() -> list[Weekday]:
    return ["mon", "tue", "wed", "thu", "fri"]


class Calendar(Section):
    school_days: list[Weekday] = Field(default_factory=_monday_to_friday, min_length=1)
    holidays: list[Day] = Field(default_factory=list)
    vacations: list[Vacation] = Field(default_factory=list)
    makeup_days: list[MakeupDay] = Field(default_factory=list)
    official: Literal["CN"] | None = None  # the State Council's holidays and make-up workdays
    terms: list[Term] = Field(default_factory=list)
    events: list[Event] = Field(default_factory=list)


class Staff(Section):
    id: Id
    name: Text
    roles: list[Role] = Field(min_length=1)
    language: Language | None = None
    groups: list[Id] = Field(default_factory=list)  # e.g. "class_teacher", for "group:<name>"


class EscalationStep(Section):
    after: Duration
    notify: Target


class Rotation(Section):
    """Round-robin over the days the duty runs: ``first`` has the first running day from
    ``start``, then each next person in ``people`` order, wrapping around."""

    people: list[str] = Field(min_length=1)
    start: Day
    first: str | None = None  # default: people[0]


class Override(Section):
    """Who is on the duty on one date instead of whoever the rota or rotation names."""

    date: Day
    assignees: list[str] = Field(min_length=1)


When = Literal["school_days", "holidays", "events"]


class Duty(Section):
    id: Id
    name: Text
    remind_at: Clock
    deadline: Clock
    nudge_before: Duration | None = None
    when: When = "school_days"
    weekdays: list[Weekday] | None = None
    monthly: Monthly | None = None
    assignees: list[str] | None = None
    rota: dict[Weekday, str] | None = None
    rotation: Rotation | None = None
    overrides: list[Override] = Field(default_factory=list)
    deputy: str | None = None
    heads_up: Clock | None = None  # the evening before, at this time: "tomorrow ..."
    checklist: list[Item] = Field(min_length=1, max_length=20)
    escalation: list[EscalationStep] = Field(default_factory=list)


class Summary(Section):
    time: Clock = time(17, 30)
    recipients: list[Target] = Field(default_factory=lambda: ["role:principal"])


class WeeklyChart(Section):
    enabled: bool = True
    time: Clock = time(8, 0)
    recipients: list[Target] = Field(default_factory=lambda: ["role:principal"])


class Monitoring(Section):
    heartbeat_url: ApiUrl | None = None  # requested after every good tick (e.g. Healthchecks)


class SchoolConfig(Section):
    school: School
    telegram: Telegram = Telegram()
    storage: Storage = Storage()
    invites: Invites = Invites()
    calendar: Calendar = Calendar()
    staff: list[Staff] = Field(min_length=1)
    duties: list[Duty] = Field(default_factory=list)
    summary: Summary = Summary()
    weekly_chart: WeeklyChart = WeeklyChart()
    monitoring: Monitoring = Monitoring()
    hazards: Hazards = Hazards()
    incidents: Incidents = Incidents()  # incident types, playbooks, pings, ladders
    gate: Gate = Gate()  # which duty keeps the gate register

    def staff_by_id(self, staff_id: str) -> Staff | None:
        """The staff member with this id, if any (an index: a district has ten thousand)."""
        return _index_of(self.staff).get(staff_id)

    def staff_with_role(self, role: str) -> list[Staff]:
        """Everyone holding ``role``, in config order."""
        return [s for s in self.staff if role in s.roles]

    def members(self, entry: str) -> list[str]:
        """Staff ids an ``assignees`` entry means: one id, or everyone in a group or role."""
        kind, _, rest = entry.partition(":")
        if kind == "group":
            return [s.id for s in self.staff if rest in s.groups]
        if kind == "role":
            return [s.id for s in self.staff_with_role(rest)]
        return [entry]

    def language_of(self, staff_id: str) -> Language:
        """A staff member's language, else the school's default."""
        person = self.staff_by_id(staff_id)
        return (person.language if person else None) or self.school.language

    def resolve(self, target: str, assignee: str) -> list[str]:
        """Staff ids a target means now: the assignee, everyone with a role, or one id."""
        if target == "assignee":
            return [assignee]
        kind, _, rest = target.partition(":")
        if kind == "role":
            return [s.id for s in self.staff_with_role(rest)]
        return [rest]

    def duty_by_id(self, duty_id: str) -> Duty | None:
        """The duty with this id, if any."""
        return next((d for d in self.duties if d.id == duty_id), None)


_INDEXES: dict[int, tuple[list[Staff], dict[str, Staff]]] = {}


def _index_of(staff: list[Staff]) -> dict[str, Staff]:
    """Staff by id for this very list (kept beside the model: a frozen model's fields and
    equality must not change, and ``model_copy`` would copy a cached attribute along)."""
    known = _INDEXES.get(id(staff))
    if known is not None and known[0] is staff:
        return known[1]
    if len(_INDEXES) >= 8:  # a reload or a test's copy makes a new list; keep a few
        _INDEXES.pop(next(iter(_INDEXES)))
    index = {person.id: person for person in staff}
    _INDEXES[id(staff)] = (staff, index)
    return index
