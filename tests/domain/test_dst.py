"""A school in Europe/Berlin on the days the clocks change (named DST tests).

Spring forward: Sunday 28 March 2027, 02:00 CET -> 03:00 CEST (02:00-02:59 do not exist).
Fall back: Sunday 25 October 2026, 03:00 CEST -> 02:00 CET (02:00-02:59 happen twice).
Each test plans the day and walks it minute by minute in UTC, firing every action whose
time has come, as the tick does: every reminder fires once, at its local minute.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from safeduty.config import SchoolConfig, parse_config
from safeduty.domain.escalation import end_of_day, timeline
from safeduty.domain.plan import PlannedOccurrence, plan_day
from safeduty.domain.states import ActionKind

BERLIN = ZoneInfo("Europe/Berlin")
SPRING_FORWARD = date(2027, 3, 28)
FALL_BACK = date(2026, 10, 25)
CONFIG = """\
[school]
name = "Schule"
timezone = "Europe/Berlin"
language = "en"

[calendar]
school_days = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]

[[staff]]
id = "anna"
name = "Anna"
roles = ["teacher", "principal", "safety_officer"]

[[duties]]
id = "gate"
name = "Gate"
remind_at = "{remind}"
deadline = "{deadline}"
{nudge}assignees = ["anna"]
checklist = ["gate locked"]
{ladder}
"""


def berlin(
    remind: str, deadline: str, nudge: str | None = None, steps: tuple[str, ...] = ()
) -> SchoolConfig:
    ladder = "".join(f'[[duties.escalation]]\nafter = "{s}"\nnotify = "assignee"\n' for s in steps)
    text = CONFIG.format(
        remind=remind,
        deadline=deadline,
        nudge=f'nudge_before = "{nudge}"\n' if nudge else "",
        ladder=ladder,
    )
    return parse_config(text, today=date(2026, 9, 1))


def the_occurrence(config: SchoolConfig, day: date) -> PlannedOccurrence:
    (occ,) = plan_day(config, day)
    return occ


def walk(occ: PlannedOccurrence) -> list[tuple[ActionKind, datetime]]:
    """Fire each action at the first UTC minute at or after it is due, as the tick does."""
    actions = timeline(
        remind_at=occ.remind_at,
        nudge_at=occ.nudge_at,
        deadline=occ.deadline,
        ladder=[(s.after_minutes, s.notify) for s in occ.ladder],
        closes_at=end_of_day(occ.day, BERLIN),
    )
    fired: list[tuple[ActionKind, datetime]] = []
    step = 0
    now = datetime.combine(occ.day, datetime.min.time(), tzinfo=BERLIN).astimezone(UTC)
    while step < len(actions) and now < end_of_day(occ.day, BERLIN) + timedelta(minutes=1):
        while step < len(actions) and actions[step].due <= now:
            fired.append((actions[step].kind, now))
            step += 1
        now += timedelta(minutes=1)
    return fired


def utc(moment: datetime) -> datetime:
    """Python subtracts and compares two times of one zone by wall clock; UTC is safe."""
    return moment.astimezone(UTC)


def local(moment: datetime) -> str:
    return moment.astimezone(BERLIN).strftime("%H:%M%z")


def kinds(actions: list[tuple[ActionKind, datetime]]) -> list[ActionKind]:
    return [kind for kind, _ in actions]


def test_spring_forward_day_reminder_fires_once_at_0720_local() -> None:
    """07:20 on 28 March 2027 is 07:20 CEST (05:20 UTC): one reminder, at that minute."""
    occ = the_occurrence(berlin("07:20", "07:50", "10m"), SPRING_FORWARD)
    fired = walk(occ)
    reminders = [at for kind, at in fired if kind == ActionKind.REMIND]
    assert [local(at) for at in reminders] == ["07:20+0200"]
    assert reminders[0].astimezone(UTC).hour == 5


def test_fall_back_day_reminder_fires_once_at_0720_local() -> None:
    """07:20 on 25 October 2026 is 07:20 CET (06:20 UTC): one reminder, at that minute."""
    fired = walk(the_occurrence(berlin("07:20", "07:50", "10m"), FALL_BACK))
    reminders = [at for kind, at in fired if kind == ActionKind.REMIND]
    assert [local(at) for at in reminders] == ["07:20+0100"]
    assert reminders[0].astimezone(UTC).hour == 6


def test_reminder_in_the_skipped_hour_fires_at_the_first_valid_minute_after_it() -> None:
    """02:30 does not exist on 28 March 2027: the reminder comes at 03:00 CEST, once."""
    occ = the_occurrence(berlin("02:30", "04:00"), SPRING_FORWARD)
    assert occ.remind_at.isoformat() == "2027-03-28T03:00:00+02:00"
    fired = walk(occ)
    assert [local(at) for kind, at in fired if kind == ActionKind.REMIND] == ["03:00+0200"]


def test_reminder_in_the_repeated_hour_fires_once_at_its_first_occurrence() -> None:
    """02:30 happens twice on 25 October 2026: the reminder comes at the first, only."""
    occ = the_occurrence(berlin("02:30", "04:00"), FALL_BACK)
    assert occ.remind_at.isoformat() == "2026-10-25T02:30:00+02:00"
    fired = walk(occ)
    assert [local(at) for kind, at in fired if kind == ActionKind.REMIND] == ["02:30+0200"]


def test_a_nudge_never_lands_after_its_deadline_across_the_gap() -> None:
    """Deadline 03:05 CEST, nudge 10m before: 01:55 CET (real minutes), not "02:55" read as CET.

    Wall-clock arithmetic would put the nudge at 01:55 UTC, fifty minutes after the deadline.
    """
    occ = the_occurrence(berlin("01:30", "03:05", "10m"), SPRING_FORWARD)
    assert occ.nudge_at is not None
    assert utc(occ.remind_at) < utc(occ.nudge_at) < utc(occ.deadline)
    assert utc(occ.deadline) - utc(occ.nudge_at) == timedelta(minutes=10)
    assert local(occ.nudge_at) == "01:55+0100"


def test_a_nudge_that_would_come_before_its_reminder_is_dropped() -> None:
    """Reminder 01:50 CET, deadline 03:10 CEST is 20 real minutes later: a 70m nudge is moot."""
    occ = the_occurrence(berlin("01:50", "03:10", "70m"), SPRING_FORWARD)
    assert occ.nudge_at is None
    assert kinds(walk(occ))[:1] == [ActionKind.REMIND]


def test_rungs_keep_their_order_across_the_gap() -> None:
    """Deadline 01:50 CET, steps 20m, 50m, 80m: 03:10, 03:40, 04:10 CEST, real minutes, in order.

    Wall-clock arithmetic would read "02:40" as CET (03:40 CEST) but "03:10" as CEST: the
    80m step before the 50m one.
    """
    occ = the_occurrence(berlin("01:00", "01:50", "10m", ("20m", "50m", "80m")), SPRING_FORWARD)
    fired = walk(occ)
    assert kinds(fired) == [
        ActionKind.REMIND,
        ActionKind.NUDGE,
        ActionKind.ESCALATE,
        ActionKind.ESCALATE,
        ActionKind.ESCALATE,
        ActionKind.CLOSE,
    ]
    times = [at for _, at in fired]
    assert times == sorted(times)
    steps = [at - utc(occ.deadline) for kind, at in fired if kind == ActionKind.ESCALATE]
    assert steps == [timedelta(minutes=m) for m in (20, 50, 80)]  # real minutes past it


def test_rungs_keep_their_order_in_the_repeated_hour() -> None:
    """Deadline 02:50 CEST on 25 October, nudge 10m, steps 20m and 40m: the nudge at 02:40
    CEST comes before the steps at 02:10 and 02:30 CET, though their wall clock is earlier."""
    occ = the_occurrence(berlin("02:00", "02:50", "10m", ("20m", "40m")), FALL_BACK)
    fired = walk(occ)
    escalations = [at for kind, at in fired if kind == ActionKind.ESCALATE]
    assert [local(at) for at in escalations] == ["02:10+0100", "02:30+0100"]
    assert [kind for kind, _ in fired] == [
        ActionKind.REMIND,
        ActionKind.NUDGE,
        ActionKind.ESCALATE,
        ActionKind.ESCALATE,
        ActionKind.CLOSE,
    ]


def test_each_day_closes_at_its_own_midnight() -> None:
    """The 23-hour and the 25-hour day both close at local midnight."""
    assert local(end_of_day(SPRING_FORWARD, BERLIN)) == "00:00+0200"
    assert local(end_of_day(FALL_BACK, BERLIN)) == "00:00+0100"
    for day, hours in ((SPRING_FORWARD, 23), (FALL_BACK, 25)):
        length = utc(end_of_day(day, BERLIN)) - utc(end_of_day(day - timedelta(days=1), BERLIN))
        assert length == timedelta(hours=hours)
