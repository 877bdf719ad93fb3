"""Pure planning with explicit dates: calendars, rotas, monthly duties, time zones, DST."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from safeduty.config import SchoolConfig, parse_config
from safeduty.domain.calendar import school_days_in_month, timetable_day
from safeduty.domain.plan import plan_day, plan_days, school_date
from tests.conftest import EXAMPLE

TEXT = EXAMPLE.read_text("utf-8")


def test_weekend_holiday_and_vacation_have_no_school(school: SchoolConfig) -> None:
    """Saturdays, New Year's Day and the winter vacation are closed."""
    assert timetable_day(date(2026, 12, 5), school) is None  # Saturday
    assert timetable_day(date(2027, 1, 1), school) is None  # holiday
    assert timetable_day(date(2027, 2, 3), school) is None  # 寒假
    assert timetable_day(date(2026, 12, 1), school) == "tue"


def test_makeup_day_follows_the_named_weekdays_rota(school: SchoolConfig) -> None:
    """Sunday 25 April 2027 is worked as a Monday: Monday's gate teacher is on duty."""
    assert timetable_day(date(2027, 4, 25), school) == "mon"
    gate = [o for o in plan_day(school, date(2027, 4, 25)) if o.duty_id == "gate"]
    assert [o.assignee for o in gate] == ["wang"]


def test_monthly_inspection_is_on_the_first_school_day(school: SchoolConfig) -> None:
    """February 2027 starts in the winter vacation: the inspection waits for 22 February."""
    days = school_days_in_month(2027, 2, school)
    assert days[0] == date(2027, 2, 22)
    inspections = [
        o.day for o in plan_days(school, date(2027, 2, 1), 28) if o.duty_id == "inspection"
    ]
    assert inspections == [date(2027, 2, 22)]


def test_rota_gives_each_weekday_its_teacher(school: SchoolConfig) -> None:
    """Monday to Friday of one week: wang, zhang, liu, zhao, sun at the gate."""
    week = plan_days(school, date(2026, 11, 30), 7)
    assert [o.assignee for o in week if o.duty_id == "gate"] == [
        "wang",
        "zhang",
        "liu",
        "zhao",
        "sun",
    ]


def test_times_are_school_local_and_carry_their_offset(school: SchoolConfig) -> None:
    """07:20 in Shanghai is 23:20 UTC the day before."""
    gate = next(o for o in plan_day(school, date(2026, 12, 1)) if o.duty_id == "gate")
    assert gate.remind_at.isoformat() == "2026-12-01T07:20:00+08:00"
    assert gate.remind_at.astimezone(UTC) == datetime(2026, 11, 30, 23, 20, tzinfo=UTC)
    assert gate.nudge_at == gate.deadline - timedelta(minutes=10)
    assert gate.checklist == ("小门已上锁", "访客登记簿在手边", "家长在校门外等候")


def test_school_date_turns_at_local_midnight(school: SchoolConfig) -> None:
    """16:00 UTC is already tomorrow in Shanghai; 15:59 is still today."""
    assert school_date(datetime(2026, 11, 30, 15, 59, tzinfo=UTC), school) == date(2026, 11, 30)
    assert school_date(datetime(2026, 11, 30, 16, 0, tzinfo=UTC), school) == date(2026, 12, 1)


def new_york(remind: str = "07:20", deadline: str = "07:50") -> SchoolConfig:
    text = TEXT.replace('timezone = "Asia/Shanghai"', 'timezone = "America/New_York"')
    text = text.replace('remind_at = "07:20"', f'remind_at = "{remind}"').replace(
        'deadline = "07:50"', f'deadline = "{deadline}"'
    )
    return parse_config(text)


def test_other_timezone_follows_dst_changes() -> None:
    """New York: 07:20 is 12:20 UTC in winter and 11:20 UTC in summer."""
    config = new_york()
    winter = next(o for o in plan_day(config, date(2027, 3, 12)) if o.duty_id == "gate")
    summer = next(o for o in plan_day(config, date(2027, 3, 15)) if o.duty_id == "gate")
    assert winter.remind_at.astimezone(UTC).hour == 12
    assert summer.remind_at.astimezone(UTC).hour == 11


def test_reminder_in_the_spring_forward_gap_fires_just_after_it() -> None:
    """02:30 does not exist on 14 March 2027 in New York; the reminder comes at 03:00 EDT."""
    config = parse_config(
        TEXT.replace('timezone = "Asia/Shanghai"', 'timezone = "America/New_York"')
        .replace(
            'school_days = ["mon", "tue", "wed", "thu", "fri"]',
            'school_days = ["mon", "tue", "wed", "thu", "fri", "sun"]',
        )
        .replace('fri = "sun" }', 'fri = "sun", sun = "wang" }')
        .replace('remind_at = "07:20"', 'remind_at = "02:30"')
        .replace('deadline = "07:50"', 'deadline = "04:00"')
        .replace('{ date = 2027-04-25, follows = "mon" },', "")
    )
    gate = next(o for o in plan_day(config, date(2027, 3, 14)) if o.duty_id == "gate")
    assert (
        gate.remind_at.astimezone(ZoneInfo("America/New_York")).isoformat()
        == "2027-03-14T03:00:00-04:00"
    )
