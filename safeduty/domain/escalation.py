"""An occurrence's timeline: reminder, nudge, each ladder step, then closing as missed.

Pure: it takes the snapshot copied onto the occurrence and returns moments; the tick
persists the index of the next action and its time (``next_step``, ``next_action_at``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from safeduty.domain.states import ActionKind
from safeduty.domain.wall import local_moment

REMIND, NUDGE, ESCALATE, CLOSE = (
    ActionKind.REMIND,
    ActionKind.NUDGE,
    ActionKind.ESCALATE,
    ActionKind.CLOSE,
)


@dataclass(frozen=True)
class Action:
    """One thing to do for an occurrence at ``due``; ``step`` indexes the ladder."""

    kind: ActionKind
    due: datetime
    notify: str = "assignee"
    step: int | None = None


def end_of_day(day: date, zone: ZoneInfo) -> datetime:
    """School-local midnight after ``day``: when an unanswered duty becomes missed."""
    return local_moment(day + timedelta(days=1), time(0, 0), zone)


def timeline(
    *,
    remind_at: datetime,
    nudge_at: datetime | None,
    deadline: datetime,
    ladder: list[tuple[int, str]],
    closes_at: datetime,
) -> list[Action]:
    """Every action of an occurrence in order; anything due at or after closing is dropped.

    Steps count real minutes past the deadline (arithmetic in UTC), so on a daylight-saving
    day they keep their order and spacing.
    """
    actions = [Action(REMIND, remind_at)]
    if nudge_at is not None:
        actions.append(Action(NUDGE, nudge_at))
    closes = closes_at.astimezone(UTC)
    for n, (after_minutes, notify) in enumerate(ladder):
        due = deadline.astimezone(UTC) + timedelta(minutes=after_minutes)
        if due < closes:
            actions.append(Action(ESCALATE, due.astimezone(deadline.tzinfo), notify, n))
    # By the moment, not the wall clock: Python compares two times of one zone by their wall
    # clock, which puts 02:10 CET before 02:40 CEST on the night the clocks go back.
    actions.sort(key=lambda a: a.due.astimezone(UTC))
    actions.append(Action(CLOSE, closes_at))
    return actions


def next_due(actions: list[Action], step: int) -> datetime | None:
    """When action ``step`` is due, or None once the timeline is done."""
    return actions[step].due if step < len(actions) else None


def skip_past_assignee(actions: list[Action], step: int) -> int:
    """The first action from ``step`` on that reaches someone other than the assignee.

    Used when the assignee cannot be reached: their own reminders are pointless, so the
    duty moves straight to the next rung that notifies somebody else (or closes).
    """
    while (
        step < len(actions) and actions[step].kind != CLOSE and actions[step].notify == "assignee"
    ):
        step += 1
    return step


def is_late(answered_at: datetime, deadline: datetime) -> bool:
    """An answer after the deadline is accepted but marked late."""
    return answered_at > deadline


def superseded(actions: list[Action], step: int, now: datetime) -> bool:
    """Whether action ``step`` to the assignee is overtaken by a later one already due.

    After a down time several messages to the assignee fall due at once (the reminder,
    "10 minutes left", "overdue"); only the last is sent, so they get one honest message.
    None is sent once the duty's close is due too: it is missed, and a reminder owed a
    moment before the close cancels it could still be picked up by the sender.
    """
    if actions[step].notify != "assignee" or actions[step].kind == CLOSE:
        return False
    return any(
        a.due <= now and (a.kind == CLOSE or a.notify == "assignee") for a in actions[step + 1 :]
    )
