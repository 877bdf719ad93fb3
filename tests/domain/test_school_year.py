"""Terms, vacations, the holiday duty roster and event days, with explicit dates."""

from __future__ import annotations

import json
from datetime import date

from safeduty.config import SchoolConfig, parse_config
from safeduty.domain.calendar import DayKind, school_calendar
from safeduty.domain.calendar_warnings import calendar_warnings
from safeduty.domain.plan import plan_day, slots_day
from safeduty.plan_cli import render_plan
from tests.conftest import EXAMPLE

TEXT = EXAMPLE.read_text("utf-8")
TODAY = date(2026, 9, 1)


def duties_on(config: SchoolConfig, day: date) -> list[str]:
    return [o.duty_id for o in plan_day(config, day)]


def test_no_ordinary_duty_before_the_first_term(school: SchoolConfig) -> None:
    """Monday 31 August 2026 is before the autumn term: only the holiday roster runs."""
    assert school_calendar(school).day(date(2026, 8, 31)).kind == DayKind.BETWEEN_TERMS
    assert duties_on(school, date(2026, 8, 31)) == ["holiday_watch"]


def test_no_ordinary_duty_after_the_last_term(school: SchoolConfig) -> None:
    """Monday 12 July 2027 is in the summer vacation: only the holiday roster runs."""
    assert duties_on(school, date(2027, 7, 12)) == ["holiday_watch"]
    assert duties_on(school, date(2027, 7, 9)).count("gate") == 1  # the last Friday of term


def test_the_first_day_of_term_has_its_duties(school: SchoolConfig) -> None:
    """Tuesday 1 September 2026 opens the autumn term: gate and canteen, no holiday roster."""
    assert duties_on(school, date(2026, 9, 1)) == ["gate", "canteen", "inspection"]


def test_winter_vacation_runs_only_the_holiday_roster(school: SchoolConfig) -> None:
    """Wednesday 3 February 2027 is in 寒假, between the terms: one holiday watch."""
    day = school_calendar(school).day(date(2027, 2, 3))
    assert (day.kind, day.name and day.name.zh, day.is_day_off) == (DayKind.VACATION, "寒假", True)
    assert duties_on(school, date(2027, 2, 3)) == ["holiday_watch"]


def test_an_ordinary_weekend_in_term_has_no_holiday_duty(school: SchoolConfig) -> None:
    """Saturday 5 December 2026 is neither a holiday nor a vacation: nothing runs."""
    assert duties_on(school, date(2026, 12, 5)) == []


def test_a_weekend_inside_a_public_holiday_has_the_holiday_duty(school: SchoolConfig) -> None:
    """Saturday 3 October 2026 is part of National Day: the roster covers it."""
    assert duties_on(school, date(2026, 10, 3)) == ["holiday_watch"]


def test_an_event_day_switches_a_duty_off(school: SchoolConfig) -> None:
    """15 October 2026 is the autumn outing: no canteen check, the gate as usual."""
    assert duties_on(school, date(2026, 10, 15)) == ["gate"]
    assert duties_on(school, date(2026, 10, 14)) == ["gate", "canteen"]


def test_an_event_day_switches_an_event_duty_on(school: SchoolConfig) -> None:
    """The fire drill on 9 November 2026 brings its check; the day after has none."""
    assert "drill" in duties_on(school, date(2026, 11, 9))
    assert "drill" not in duties_on(school, date(2026, 11, 10))


def test_an_event_duty_on_a_saturday_without_a_rota_entry_is_unstaffed() -> None:
    """Gate duty switched on for a Saturday open day: the rota has nobody for sat."""
    config = parse_config(
        TEXT.replace(
            '{ date = 2026-11-09, name = "119 消防疏散演练", on = ["drill"] },',
            '{ date = 2026-11-09, name = "119 消防疏散演练", on = ["drill"] },\n'
            '    { date = 2026-11-14, name = "开放日", on = ["gate"] },',
        ),
        today=TODAY,
    )
    calendar = school_calendar(config)
    gate = [s for s in slots_day(config, date(2026, 11, 14), calendar) if s.duty.id == "gate"]
    assert [(s.weekday, s.assignment.assignees) for s in gate] == [("sat", ())]
    assert [p for p, _, _ in calendar_warnings(config, TODAY, calendar)][-1] == (
        "calendar",
        "events",
        2,
        "on",
        0,
    )
    rows = json.loads(render_plan(config, date(2026, 11, 14), 1, json_output=True))
    assert [(r["duty"], r["assignee"], r["unstaffed"]) for r in rows] == [("gate", None, True)]
    table = render_plan(config, date(2026, 11, 14), 1, json_output=False)
    assert "event 开放日 (on gate)" in table and "校门值守  UNSTAFFED" in table


def test_the_plan_names_holidays_and_makeup_days(school: SchoolConfig) -> None:
    """The table and the JSON both name the Mid-Autumn holiday and the make-up Sunday."""
    table = render_plan(school, date(2026, 9, 20), 6, json_output=False)
    assert "2026-09-20 sun  make-up workday 国庆节, follows tue" in table
    assert "2026-09-25 fri  holiday 中秋" in table
    rows = json.loads(render_plan(school, date(2026, 9, 20), 6, json_output=True))
    sunday = next(r for r in rows if r["date"] == "2026-09-20" and r["duty"] == "gate")
    assert (sunday["day_kind"], sunday["day_name"], sunday["follows"]) == (
        "makeup_day",
        "国庆节",
        "tue",
    )
    assert (sunday["deputy"], sunday["deputy_name"], sunday["unstaffed"]) == (
        "zhou",
        "周老师",
        False,
    )
    watch = next(r for r in rows if r["date"] == "2026-09-25")
    assert (watch["duty"], watch["day_kind"], watch["day_name"]) == (
        "holiday_watch",
        "holiday",
        "中秋",
    )
    assert (watch["assigned_by"], watch["turn"]) == ("rotation", 0)


def test_plan_json_keeps_its_old_fields(school: SchoolConfig) -> None:
    """Fields added, none removed: the 2026-12-01 rows still carry what they carried."""
    rows = json.loads(render_plan(school, date(2026, 12, 1), 1, json_output=True))
    old = {
        "duty",
        "duty_name",
        "date",
        "assignee",
        "assignee_name",
        "remind_at",
        "nudge_at",
        "deadline",
        "checklist",
        "escalation",
    }
    assert rows and all(old <= set(r) for r in rows)
    assert [r["remind_at"] for r in rows] == sorted(r["remind_at"] for r in rows)
