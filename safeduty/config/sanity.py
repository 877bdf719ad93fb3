"""Cross-reference and sanity checks that need the whole config: who exists, who is on when."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from datetime import date, time

from safeduty.config.calendar_checks import calendar_problems
from safeduty.config.hazard_checks import hazard_problems
from safeduty.config.incident_checks import incident_problems
from safeduty.config.locate import Path
from safeduty.config.model import Duty, SchoolConfig
from safeduty.config.values import ROLES, WEEKDAYS

Found = tuple[Path, str, str | None]
DAY = 24 * 60  # minutes; a duty's day closes at school-local midnight


def _minutes(t: time) -> int:
    return t.hour * 60 + t.minute


def _span(minutes: int) -> str:
    """90 -> "1h30m", as admins write durations."""
    hours, rest = divmod(minutes, 60)
    return (f"{hours}h" if hours else "") + (f"{rest}m" if rest or not hours else "")


def _target_problems(config: SchoolConfig, target: str, path: Path) -> Iterator[Found]:
    kind, _, rest = target.partition(":")
    if kind == "role" and not config.staff_with_role(rest):
        yield path, f"nobody holds the role {rest!r}", "give someone that role under [[staff]]"
    if kind == "staff" and config.staff_by_id(rest) is None:
        yield path, f"unknown staff id {rest!r}", "use an id from a [[staff]] entry"


def duty_weekdays(config: SchoolConfig, duty: Duty) -> list[str]:
    """Weekdays (as timetables) on which ``duty`` can run, make-up days included.

    A holiday duty runs by the calendar weekday, any day of the week; an event duty has no
    weekdays of its own.
    """
    if duty.when == "events":
        return []
    if duty.when == "holidays":
        return [d for d in WEEKDAYS if duty.weekdays is None or d in duty.weekdays]
    school = set(config.calendar.school_days) | {m.follows for m in config.calendar.makeup_days}
    if config.calendar.official is not None:
        school |= {"mon", "tue", "wed", "thu", "fri"}  # official make-up days follow these
    wanted = set(duty.weekdays) if duty.weekdays else school
    return [d for d in WEEKDAYS if d in wanted and d in school]


def _staff_problems(config: SchoolConfig, who: str, path: Path) -> Iterator[Found]:
    if config.staff_by_id(who) is None:
        yield path, f"unknown staff id {who!r}", "use a [[staff]] id"


def _member_problems(config: SchoolConfig, entry: str, path: Path) -> Iterator[Found]:
    """An assignees entry: a staff id, or "group:<name>" / "role:<role>" with someone in it."""
    kind, colon, rest = entry.partition(":")
    if colon and kind == "group":
        if not config.members(entry):
            yield path, f"nobody is in the group {rest!r}", "add it to 'groups' under [[staff]]"
    elif colon and kind == "role":
        if rest not in ROLES:
            yield path, f"unknown role {rest!r}", f"use one of {', '.join(ROLES)}"
        elif not config.members(entry):
            yield path, f"nobody holds the role {rest!r}", "give someone that role under [[staff]]"
    else:
        yield from _staff_problems(config, entry, path)


def _who_problems(config: SchoolConfig, here: Path, duty: Duty) -> Iterator[Found]:
    sources = [k for k in ("assignees", "rota", "rotation") if getattr(duty, k) is not None]
    if not sources:
        yield (
            here,
            "has no one on it",
            "add 'assignees = [...]', a 'rota' by weekday or a 'rotation'",
        )
    if len(sources) > 1:
        yield (
            (*here, sources[1]),
            f"has both {sources[0]!r} and {sources[1]!r}",
            "keep one of them",
        )
    if duty.assignees is not None and not duty.assignees:
        yield (*here, "assignees"), "is empty", "name at least one staff id"
    for j, entry in enumerate(duty.assignees or []):
        yield from _member_problems(config, entry, (*here, "assignees", j))
    for day, who in (duty.rota or {}).items():
        yield from _staff_problems(config, who, (*here, "rota", day))
    if duty.rota is not None:
        missing = [d for d in duty_weekdays(config, duty) if d not in duty.rota]
        if missing:
            yield (
                (*here, "rota"),
                f"no one is on duty on {', '.join(missing)}",
                "add those weekdays to the rota",
            )
    if duty.rotation is not None:
        people = duty.rotation.people
        for j, who in enumerate(people):
            yield from _staff_problems(config, who, (*here, "rotation", "people", j))
            if who in people[:j]:
                yield (*here, "rotation", "people", j), f"{who!r} is listed twice", None
        first = duty.rotation.first
        if first is not None and first not in people:
            yield (
                (*here, "rotation", "first"),
                f"{first!r} is not in the rotation's people",
                "name who is on duty on the start day",
            )
    for j, override in enumerate(duty.overrides):
        for k, entry in enumerate(override.assignees):
            yield from _member_problems(config, entry, (*here, "overrides", j, "assignees", k))
        if any(o.date == override.date for o in duty.overrides[:j]):
            yield (*here, "overrides", j, "date"), f"{override.date} is listed twice", None
    if duty.deputy is not None:
        yield from _staff_problems(config, duty.deputy, (*here, "deputy"))


def _when_problems(config: SchoolConfig, here: Path, duty: Duty) -> Iterator[Found]:
    if duty.monthly is not None and duty.weekdays is not None:
        yield (*here, "monthly"), "cannot be combined with 'weekdays'", "keep one of them"
    if duty.when != "school_days" and duty.monthly is not None:
        yield (
            (*here, "monthly"),
            f"cannot be combined with when = {duty.when!r}",
            "monthly duties run on school days",
        )
    if duty.when == "events" and duty.weekdays is not None:
        yield (
            (*here, "weekdays"),
            "cannot be combined with when = 'events'",
            "an event duty runs on the event days that switch it on",
        )
    if duty.when == "school_days":
        school = set(duty_weekdays(config, duty.model_copy(update={"weekdays": None})))
        for j, day in enumerate(duty.weekdays or []):
            if day not in school:
                yield (
                    (*here, "weekdays", j),
                    f"{day!r} is not a school day",
                    "see calendar.school_days",
                )


def _duty_problems(config: SchoolConfig, i: int, duty: Duty) -> Iterator[Found]:
    here: Path = ("duties", i)
    yield from _who_problems(config, here, duty)
    if _minutes(duty.deadline) <= _minutes(duty.remind_at):
        yield (
            (*here, "deadline"),
            f"{duty.deadline:%H:%M} is not after the reminder at {duty.remind_at:%H:%M}",
            "the deadline is a time later the same day",
        )
    elif duty.nudge_before is not None:
        span = _minutes(duty.deadline) - _minutes(duty.remind_at)
        if not 0 < duty.nudge_before.total_seconds() / 60 < span:
            yield (
                (*here, "nudge_before"),
                "the nudge would not fall between the reminder and the deadline",
                f"use less than {span}m",
            )
    yield from _when_problems(config, here, duty)
    for j, item in enumerate(duty.checklist):
        if item in duty.checklist[:j]:
            yield (*here, "checklist", j), f"repeats the item {item!r}", None
    yield from _ladder_problems(config, here, duty)


def _event_problems(config: SchoolConfig) -> Iterator[Found]:
    """Event days switch duties that exist, each one way."""
    ids = {d.id for d in config.duties}
    for j, event in enumerate(config.calendar.events):
        here: Path = ("calendar", "events", j)
        for side in ("on", "off"):
            for k, duty_id in enumerate(getattr(event, side)):
                if duty_id not in ids:
                    yield (*here, side, k), f"unknown duty id {duty_id!r}", "use a [[duties]] id"
        for k, duty_id in enumerate(event.off):
            if duty_id in event.on:
                yield (*here, "off", k), f"{duty_id!r} is switched both on and off", None


def _ladder_problems(config: SchoolConfig, here: Path, duty: Duty) -> Iterator[Found]:
    """Ladder steps in order, each before midnight, each reaching someone.

    A step at or after local midnight is refused, not warned about: the duty closes as
    missed at midnight and the step would be dropped without anyone hearing of it.
    """
    previous = None
    for j, step in enumerate(duty.escalation):
        after: Path = (*here, "escalation", j, "after")
        if previous is not None and step.after <= previous:
            yield after, "must be later than the step before it", "steps run in order of 'after'"
        previous = step.after
        due = _minutes(duty.deadline) + int(step.after.total_seconds()) // 60
        if due >= DAY:
            yield (
                after,
                f"the deadline {duty.deadline:%H:%M} + {_span(due - _minutes(duty.deadline))} "
                f"falls at {(due - DAY) // 60:02d}:{due % 60:02d} the next day, but the duty "
                "closes as missed at midnight, so this step would never be sent",
                f"use less than {_span(DAY - _minutes(duty.deadline))}",
            )
        yield from _target_problems(config, step.notify, (*here, "escalation", j, "notify"))


def _recipient_problems(config: SchoolConfig, section: str) -> Iterator[Found]:
    targets: list[str] = getattr(config, section).recipients
    for j, target in enumerate(targets):
        path: Path = (section, "recipients", j)
        if target == "assignee":
            yield path, f"'assignee' means nothing for the {section}", "use role:... or staff:..."
        yield from _target_problems(config, target, path)
    if not targets:
        yield (section, "recipients"), f"the {section} goes to nobody", "add role:principal"


def sanity_problems(config: SchoolConfig, today: date) -> list[Found]:
    """Every cross-reference or sanity problem in ``config``, as (path, message, hint).

    ``today`` only bounds how far ahead calendar dates may lie.
    """
    found: list[Found] = list(incident_problems(config))  # [incidents] and [gate]
    for kind, ids in (
        ("staff", [s.id for s in config.staff]),
        ("duties", [d.id for d in config.duties]),
    ):
        counts = Counter(ids)
        for i, ident in enumerate(ids):
            if counts[ident] > 1 and ident in ids[:i]:
                found.append(((kind, i, "id"), f"duplicate id {ident!r}", "ids must be unique"))
    for i, duty in enumerate(config.duties):
        found.extend(_duty_problems(config, i, duty))
    for section in ("summary", "weekly_chart"):
        found.extend(_recipient_problems(config, section))
    found.extend(_event_problems(config))
    found.extend(calendar_problems(config, today))
    found.extend(hazard_problems(config))
    return found
