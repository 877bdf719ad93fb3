"""The State Council's arrangement under the school's own dates, with explicit dates.

The 2026 arrangement comes from the installed chinese-calendar package; a year without
data is simulated with an injected official calendar, so these tests do not change when the
package learns a new year.
"""

from __future__ import annotations

from datetime import date, timedelta

from safeduty.config import SchoolConfig, parse_config
from safeduty.domain import official_cn
from safeduty.domain.calendar import DayKind, SchoolCalendar, school_calendar
from safeduty.domain.calendar_warnings import calendar_warnings
from safeduty.domain.official import UNKNOWN, OfficialDay, official_calendar
from safeduty.domain.plan import plan_day, plan_days
from tests.conftest import EXAMPLE

TEXT = EXAMPLE.read_text("utf-8")
TODAY = date(2026, 9, 1)


def school_duties(config: SchoolConfig, day: date) -> list[tuple[str, str]]:
    """(duty, assignee) of the ordinary duties planned on ``day``."""
    return [(o.duty_id, o.assignee) for o in plan_day(config, day) if o.duty_id != "holiday_watch"]


def test_no_ordinary_duties_on_mid_autumn_day_2026(school: SchoolConfig) -> None:
    """Friday 25 September 2026 is the Mid-Autumn holiday: only the holiday roster runs."""
    assert school_duties(school, date(2026, 9, 25)) == []
    assert [o.duty_id for o in plan_day(school, date(2026, 9, 25))] == ["holiday_watch"]


def test_no_ordinary_duties_during_national_day_2026(school: SchoolConfig) -> None:
    """1 to 7 October 2026 are all days off, the weekdays among them included."""
    for n in range(7):
        day = date(2026, 10, 1) + timedelta(days=n)
        assert school_duties(school, day) == [], day
        assert school_calendar(school).day(day).kind == DayKind.HOLIDAY


def test_makeup_sunday_2026_09_20_follows_tuesdays_rota(school: SchoolConfig) -> None:
    """Sunday 20 September pays for Tuesday 6 October: Tuesday's gate teacher (zhang) is on."""
    day = school_calendar(school).day(date(2026, 9, 20))
    assert (day.kind, day.timetable, day.name and day.name.zh) == (DayKind.MAKEUP, "tue", "国庆节")
    assert school_duties(school, date(2026, 9, 20)) == [("gate", "zhang"), ("canteen", "wu")]


def test_makeup_saturday_2026_10_10_follows_wednesdays_rota(school: SchoolConfig) -> None:
    """Saturday 10 October pays for Wednesday 7 October: Wednesday's gate teacher (liu) is on."""
    assert school_calendar(school).timetable_day(date(2026, 10, 10)) == "wed"
    assert school_duties(school, date(2026, 10, 10)) == [("gate", "liu"), ("canteen", "wu")]


def test_each_makeup_day_pays_for_the_day_off_of_the_same_rank() -> None:
    """The package's 2026 pairs, as the State Council's notice lists them."""
    follows = {
        d: official_cn.china(d).follows
        for d in (date(2026, 1, 4), date(2026, 2, 14), date(2026, 2, 28), date(2026, 5, 9))
    }
    assert follows == {
        date(2026, 1, 4): "fri",  # for Friday 2 January
        date(2026, 2, 14): "fri",  # for Friday 20 February
        date(2026, 2, 28): "mon",  # for Monday 23 February
        date(2026, 5, 9): "tue",  # for Tuesday 5 May
    }


def test_the_configs_makeup_day_says_which_weekday_instead() -> None:
    """A make-up day listed in the config keeps the official date but follows the config."""
    config = parse_config(
        TEXT.replace(
            '{ date = 2027-04-25, follows = "mon" },',
            '{ date = 2027-04-25, follows = "mon" },\n    { date = 2026-09-20, follows = "fri" },',
        ),
        today=TODAY,
    )
    assert school_duties(config, date(2026, 9, 20)) == [("gate", "sun"), ("canteen", "wu")]


def test_the_schools_holiday_wins_over_an_official_makeup_day() -> None:
    """The school's own dates sit on top: a holiday on 10 October closes it."""
    config = parse_config(
        TEXT.replace("holidays = [2027-01-01,", "holidays = [2026-10-10, 2027-01-01,"), today=TODAY
    )
    assert school_duties(config, date(2026, 10, 10)) == []


def test_an_official_makeup_day_in_the_winter_vacation_stays_closed() -> None:
    """Saturday 14 February 2026 is a make-up workday, but the school is on vacation."""
    config = parse_config(
        TEXT.replace(
            '{ name = "寒假", from = 2027-01-23, to = 2027-02-21 },',
            '{ name = "寒假", from = 2027-01-23, to = 2027-02-21 },\n'
            '    { name = "2026 寒假", from = 2026-01-24, to = 2026-02-28 },',
        ),
        today=TODAY,
    )
    day = school_calendar(config).day(date(2026, 2, 14))
    assert day.kind == DayKind.VACATION and day.timetable is None
    assert school_duties(config, date(2026, 2, 14)) == []


def _until_2026(day: date) -> OfficialDay:
    """The real arrangement up to 2026; nothing published after (as in November)."""
    return official_cn.china(day) if day.year <= 2026 else UNKNOWN


def test_a_date_without_official_data_follows_the_school_weekdays() -> None:
    """Monday 1 March 2027 has no official data: it is planned as a Monday, marked uncertain."""
    config = parse_config(TEXT, today=TODAY)
    calendar = SchoolCalendar(config.calendar, _until_2026)
    day = calendar.day(date(2027, 3, 1))
    assert (day.kind, day.timetable, day.uncertain) == (DayKind.SCHOOL, "mon", True)
    planned = plan_days(config, date(2027, 3, 1), 7, calendar)
    assert [o.assignee for o in planned if o.duty_id == "gate"] == [
        "wang",
        "zhang",
        "liu",
        "zhao",
        "sun",
    ]


def test_the_configs_own_dates_are_certain_without_official_data() -> None:
    """New Year's Day 2027 is in the file; the winter vacation too: neither is uncertain."""
    config = parse_config(TEXT, today=TODAY)
    calendar = SchoolCalendar(config.calendar, _until_2026)
    assert not calendar.day(date(2027, 1, 1)).uncertain
    assert not calendar.day(date(2027, 2, 3)).uncertain
    assert calendar.day(date(2027, 1, 2)).uncertain  # a Saturday could be a make-up day
    assert calendar.first_uncertain(date(2026, 12, 1), 60) == date(2027, 1, 2)


def test_a_year_without_official_data_is_a_warning_naming_its_dates() -> None:
    """check-config's warning says which dates follow the school weekdays, and never crashes."""
    config = parse_config(TEXT, today=TODAY)
    calendar = SchoolCalendar(config.calendar, _until_2026)
    found = calendar_warnings(config, TODAY, calendar)
    assert [(path, "2027-01-02 to 2027-07-10" in message) for path, message, _ in found] == [
        (("calendar", "official"), True)
    ]


def test_the_installed_package_marks_the_year_after_its_data_unknown() -> None:
    """Whatever year the package ends with, the next one is uncertain, not an error."""
    march = date(official_cn.known_years()[-1] + 1, 3, 1)
    after = march + timedelta(days=-march.weekday() % 7)  # its first Monday
    assert official_cn.china(after) == UNKNOWN
    config = parse_config(TEXT, today=TODAY)
    no_terms = config.model_copy(
        update={"calendar": config.calendar.model_copy(update={"terms": []})}
    )
    day = school_calendar(no_terms).day(after)
    assert day.uncertain and day.timetable == day.weekday  # a school weekday, as planned
    assert plan_day(no_terms, after)  # planned, no error


def test_official_is_off_unless_the_config_names_it() -> None:
    """Without ``official`` the old behaviour holds: 1 October 2026 is a Thursday like any."""
    config = parse_config(TEXT.replace('official = "CN"\n', ""), today=TODAY)
    assert official_calendar(None) is None
    assert school_calendar(config).timetable_day(date(2026, 10, 1)) == "thu"
