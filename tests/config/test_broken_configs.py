"""A catalogue of broken configs: each is reported at its exact line, none crashes the checker.

Every case is a small TOML text (or an edit of config.example.toml), the line the problem
must point at, its key path and a fragment of the message. Each runs through
``parse_config`` and through ``safeduty check-config`` (exit 2, no traceback).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

from safeduty.cli import main
from safeduty.config import ConfigError, parse_config
from tests.conftest import EXAMPLE

TODAY = date(2026, 9, 1)
EXAMPLE_TEXT = EXAMPLE.read_text(encoding="utf-8")

# Lines: 1 [school], 2 name, 3 timezone, 5 [[staff]], 6 id, 7 name, 8 roles; added text from 9.
BASE = """\
[school]
name = "S"
timezone = "UTC"

[[staff]]
id = "a"
name = "A"
roles = ["principal"]
"""


@dataclass(frozen=True)
class Case:
    """A broken config and the one line the checker must print for it (among others)."""

    name: str
    text: str
    line: int | None
    key: str
    fragment: str

    def expected_start(self, filename: str) -> str:
        where = f"{filename}:{self.line}" if self.line else filename
        return f"{where}: {self.key}: "


def small(name: str, old: str, new: str, line: int | None, key: str, fragment: str) -> Case:
    """BASE with ``old`` replaced by ``new`` (``old=""`` appends ``new``)."""
    if old:
        assert old in BASE, old
    text = BASE.replace(old, new, 1) if old else BASE + new
    return Case(name, text, line, key, fragment)


def example(
    name: str, old: str, new: str, needle: str, key: str, fragment: str, nth: int | None = None
) -> Case:
    """config.example.toml with ``old`` replaced; the problem is on the line with ``needle``.

    The needle must be on exactly one line, unless ``nth`` picks one of several.
    """
    assert old in EXAMPLE_TEXT, old
    text = EXAMPLE_TEXT.replace(old, new, 1)
    lines = [n for n, line in enumerate(text.splitlines(), 1) if needle in line]
    assert nth is not None or len(lines) == 1, (needle, lines)
    return Case(name, text, lines[nth or 0], key, fragment)


GATE_AFTER = 'after = "40m"'  # the gate duty's last step; its deadline is 07:50

# fmt: off
CASES = [
    # --- TOML itself
    small("unterminated string", 'name = "S"', 'name = "S', 2, "TOML syntax", ""),
    small("table declared twice", "", "[school]\n", 9, "TOML syntax", "twice"),
    small("raw NUL byte", "", "# a\x00b\n", 9, "TOML syntax", ""),
    small("impossible date", "", "[calendar]\nholidays = [2027-02-30]\n", 10, "TOML syntax", ""),
    small("5000-digit integer", "", "[invites]\nvalid_days = " + "9" * 5000 + "\n", 10, "TOML syntax", "a number with too many digits"),
    small("arrays nested 5000 deep", "", "[calendar]\nholidays = " + "[" * 5000 + "]" * 5000 + "\n", 10, "TOML syntax", "nested too deeply"),
    small("inline tables nested 3000 deep", "", "x = " + "{ a = " * 3000 + "1" + " }" * 3000 + "\n", 9, "TOML syntax", "nested too deeply"),
    small("array left open at the end", "", "[calendar]\nholidays = [2027-01-01,\n", 10, "TOML syntax", "before the end of the file (something opened earlier is not closed)"),
    small("table header left open", "", "[calendar\n", 9, "TOML syntax", "Expected ']' at the end of a table declaration"),
    small("unknown array of tables", "", "[[x.y]]\n", 9, "x", "unknown key"),
    Case("empty file", "", None, "school", "is required"),
    Case("only comments", "# nothing yet\n\n# really\n", None, "staff", "is required"),
    Case("BOM then a syntax error", "\ufeff" + BASE.replace('timezone = "UTC"', "timezone = UTC"), 3, "TOML syntax", ""),
    # --- [school]
    small("timezone is a region", '"UTC"', '"Asia"', 3, "school.timezone", "is a region"),
    small("300-character timezone", '"UTC"', '"' + "A" * 300 + '"', 3, "school.timezone", "unknown timezone 'AAAA"),
    small("unknown timezone", '"UTC"', '"Asia/Beijing"', 3, "school.timezone", "unknown timezone 'Asia/Beijing'"),
    small("timezone climbs out of tzdata", '"UTC"', '"../../../etc/passwd"', 3, "school.timezone", "unknown timezone"),
    small("timezone with NUL", '"UTC"', '"Asia/\\u0000"', 3, "school.timezone", "unknown timezone"),
    small("timezone is a number", '"UTC"', "8", 3, "school.timezone", 'expected an IANA timezone name like "Asia/Shanghai", got 8'),
    small("empty timezone", '"UTC"', '""', 3, "school.timezone", "expected an IANA timezone name"),
    small("name with NUL", 'name = "S"', 'name = "S\\u0000"', 2, "school.name", "must be one line without control characters"),
    small("name on two lines", 'name = "S"', 'name = """S\nT"""', 2, "school.name", "must be one line"),
    small("empty name", 'name = "S"', 'name = ""', 2, "school.name", "must not be empty"),
    small("name too long", 'name = "S"', 'name = "' + "x" * 201 + '"', 2, "school.name", "must be at most 200 characters, not 201"),
    small("language is a number", 'timezone = "UTC"', 'timezone = "UTC"\nlanguage = 1', 4, "school.language", "Input should be 'zh-CN' or 'en'"),
    small("school is a string", "[school]\n", 'school = "S"\n[x]\n', 1, "school", "should be a table, not a string"),
    small("school is an array of tables", "[school]", "[[school]]", 1, "school", "should be a table, not an array"),
    small("unknown top-level table", "", "[scool]\n", 9, "scool", "unknown key"),
    # --- [[staff]]
    small("uppercase id", 'id = "a"', 'id = "Chen"', 6, "staff[0].id", "must be 1-32 lowercase letters, digits or _, starting with a letter"),
    small("id with a dash", 'id = "a"', 'id = "li-2"', 6, "staff[0].id", "lowercase letters, digits or _"),
    small("id of 33 letters", 'id = "a"', 'id = "' + "a" * 33 + '"', 6, "staff[0].id", "must be 1-32"),
    small("id is a number", 'id = "a"', "id = 7", 6, "staff[0].id", "expected an id in quotes, got 7"),
    small("roles is a string", 'roles = ["principal"]', 'roles = "principal"', 8, "staff[0].roles", "should be an array [...], not a string"),
    small("no roles", 'roles = ["principal"]', "roles = []", 8, "staff[0].roles", "at least 1 item"),
    small("unknown role", 'roles = ["principal"]', 'roles = ["principal", "janitor"]', 8, "staff[0].roles[1]", "Input should be 'teacher'"),
    small("typo in a staff key", 'name = "A"', 'nmae = "A"', 7, "staff[0].nmae", "unknown key (did you mean 'name'?)"),
    # --- [[duties]]: durations and times
    example("99999999999h", 'after = "10m"', 'after = "99999999999h"', "99999999999h", "duties[0].escalation[0].after", "'99999999999h' is longer than 24h"),
    example("20-digit minutes", 'after = "10m"', 'after = "99999999999999999999m"', "99999999999999999999m", "duties[0].escalation[0].after", "is longer than 24h"),
    example("5000-digit minutes", 'after = "10m"', 'after = "' + "9" * 5000 + 'm"', "99999", "duties[0].escalation[0].after", "expected a duration like"),
    example("duration is a number", 'after = "10m"', "after = 10", "after = 10", "duties[0].escalation[0].after", 'expected a duration like "15m", "2h" or "1h30m", got 10'),
    example("empty duration", 'after = "10m"', 'after = ""', 'after = ""', "duties[0].escalation[0].after", "expected a duration"),
    example("minutes without m", 'after = "10m"', 'after = "1h30"', '"1h30"', "duties[0].escalation[0].after", "expected a duration"),
    example("full-width digits", 'after = "10m"', 'after = "１０m"', "１０m", "duties[0].escalation[0].after", "expected a duration"),
    example("25 hours", 'after = "10m"', 'after = "25h"', '"25h"', "duties[0].escalation[0].after", "is longer than 24h"),
    example("step exactly at midnight", GATE_AFTER, 'after = "16h10m"', "16h10m", "duties[0].escalation[2].after", "falls at 00:00 the next day, but the duty closes as missed at midnight"),
    example("step after midnight", GATE_AFTER, 'after = "20h"', '"20h"', "duties[0].escalation[2].after", "(use less than 16h10m)"),
    example("late deadline, step past midnight", 'deadline = "12:30"', 'deadline = "23:50"', 'after = "15m"', "duties[1].escalation[0].after", "the deadline 23:50 + 15m falls at 00:05 the next day"),
    example("time with seconds", 'remind_at = "07:20"', "remind_at = 07:20:30", "07:20:30", "duties[0].remind_at", "without seconds"),
    example("24:00", 'remind_at = "07:20"', 'remind_at = "24:00"', "24:00", "duties[0].remind_at", "expected a time like \"07:20\", got '24:00'"),
    example("time is a number", 'remind_at = "07:20"', "remind_at = 720", "720", "duties[0].remind_at", "expected a time"),
    example("time with a single minute digit", 'remind_at = "07:20"', 'remind_at = "7:2"', '"7:2"', "duties[0].remind_at", "expected a time"),
    example("deadline is a date-time", 'deadline = "07:50"', "deadline = 2027-05-27T07:50:00", "2027-05-27T07:50", "duties[0].deadline", "expected a time"),
    example("zero nudge", 'nudge_before = "10m"', 'nudge_before = "0m"', '"0m"', "duties[0].nudge_before", "would not fall between"),
    # --- [incidents] and [gate]
    small("incident key typo", "", '[incidents]\npng_every = "5m"\n', 10, "incidents.png_every", "unknown key (did you mean 'ping_every'?)"),
    small("incident pings every 0m", "", '[incidents]\nping_every = "0m"\n', 10, "incidents.ping_every", "must be at least 1m"),
    small("incident pings negative", "", "[incidents]\npings = -1\n", 10, "incidents.pings", "greater than or equal to 0"),
    small("incident pings in quotes", "", '[incidents]\npings = "3"\n', 10, "incidents.pings", "should be a valid integer (a whole number), not a string"),
    small("incident responder is the assignee", "", '[incidents]\nresponders = ["assignee"]\n', 10, "incidents.responders[0]", "an incident has no assignee"),
    small("incident responder unknown", "", '[incidents]\nresponders = ["staff:nobody"]\n', 10, "incidents.responders[0]", "unknown staff id 'nobody'"),
    small("incident responders empty", "", "[incidents]\nresponders = []\n", 10, "incidents.responders", "at least 1 item"),
    small("incident responder role nobody holds", "", '[incidents]\nresponders = ["role:teacher"]\n', 10, "incidents.responders[0]", "nobody holds the role 'teacher'"),
    small("incident type needs a name", "", '[[incidents.types]]\nid = "flood"\n', 10, "incidents.types[0].id", "'flood' is not a built-in type, so it needs a name"),
    small("incident type twice", "", '[[incidents.types]]\nid = "fire"\n[[incidents.types]]\nid = "fire"\n', 12, "incidents.types[1].id", "duplicate id 'fire'"),
    small("incident type id uppercase", "", '[[incidents.types]]\nid = "Fire"\n', 10, "incidents.types[0].id", "must be 1-32 lowercase letters"),
    small("incident playbook repeats", "", '[[incidents.types]]\nid = "fire"\nplaybook = [\n  "call 119",\n  "call 119",\n]\n', 13, "incidents.types[0].playbook[1]", "repeats the item 'call 119'"),
    small("incident playbook item too long", "", '[[incidents.types]]\nid = "fire"\nplaybook = ["' + "x" * 101 + '"]\n', 11, "incidents.types[0].playbook[0]", "must be at most 100 characters"),
    small("incident type pings every 30s", "", '[[incidents.types]]\nid = "fire"\nping_every = "0m"\n', 11, "incidents.types[0].ping_every", "must be at least 1m"),
    small("incident ladder out of order", "", '[[incidents.escalation]]\nafter = "10m"\nnotify = "role:principal"\n[[incidents.escalation]]\nafter = "5m"\nnotify = "role:principal"\n', 13, "incidents.escalation[1].after", "must be later than the step before it"),
    small("incident ladder at once", "", '[[incidents.escalation]]\nafter = "0m"\nnotify = "role:principal"\n', 10, "incidents.escalation[0].after", "must be later than the report"),
    small("incident type ladder to nobody", "", '[[incidents.types]]\nid = "fire"\n[[incidents.types.escalation]]\nafter = "5m"\nnotify = "staff:ghost"\n', 13, "incidents.types[0].escalation[0].notify", "unknown staff id 'ghost'"),
    small("incident ladder notify typo", "", '[[incidents.escalation]]\nafter = "5m"\nnotify = "rol:admin"\n', 11, "incidents.escalation[0].notify", "expected \"assignee\", \"role:<"),
    small("gate duty unknown", "", '[gate]\nduty = "door"\n', 10, "gate.duty", "unknown duty id 'door'"),
    small("gate duty is a number", "", "[gate]\nduty = 1\n", 10, "gate.duty", "expected an id in quotes, got 1"),
    small("gate usual visitors too many", "", "[gate]\nusual_visitors = 20\n", 10, "gate.usual_visitors", "less than or equal to 8"),
    small("gate key typo", "", '[gate]\ndutty = "gate"\n', 10, "gate.dutty", "unknown key (did you mean 'duty'?)"),
    small("nobody to tell of an incident", 'roles = ["principal"]', 'roles = ["teacher"]', None, "incidents.responders", "nobody would be told of an incident"),
    example("gate register on a duty that is gone", 'duty = "gate"  ', 'duty = "gates" ', 'duty = "gates"', "gate.duty", "unknown duty id 'gates'"),
    example("example incident ladder to a ghost", 'notify = "role:admin"\n\n# 类型', 'notify = "staff:ghost"\n\n# 类型', "staff:ghost", "incidents.escalation[0].notify", "unknown staff id 'ghost'"),
    # --- [[duties]]: the rest
    example("empty checklist", 'checklist = [\n    "小门已上锁",\n    "访客登记簿在手边",\n    "家长在校门外等候",\n]', "checklist = []", "checklist = []", "duties[0].checklist", "at least 1 item"),
    example("checklist item on two lines", '"小门已上锁",', '"小门\\n已上锁",', "已上锁", "duties[0].checklist[0]", "must be one line"),
    example("rota by a non-weekday", 'rota = { mon = "wang"', 'rota = { xyz = "li", mon = "wang"', "xyz", "duties[0].rota.xyz", "Input should be 'mon'"),
    example("rota names a number", 'mon = "wang"', "mon = 5", "mon = 5", "duties[0].rota.mon", "should be a string in quotes, not an integer"),
    example("rota is an array", 'rota = { mon = "wang", tue = "zhang", wed = "liu", thu = "zhao", fri = "sun" }', 'rota = ["wang"]', 'rota = ["wang"]', "duties[0].rota", "should be a table, not an array"),
    example("monthly is huge", '\nmonthly = "first_school_day"', "\nmonthly = 9223372036854775807", "9223372036854775807", "duties[2].monthly", 'expected "first_school_day", "last_school_day" or a day 1-31'),
    example("monthly is a boolean", '\nmonthly = "first_school_day"', "\nmonthly = true", "monthly = true", "duties[2].monthly", "got True"),
    example("weekdays is a string", 'assignees = ["wu"]', 'assignees = ["wu"]\nweekdays = "mon"', 'weekdays = "mon"', "duties[1].weekdays", "should be an array"),
    example("notify a role that does not exist", 'notify = "role:principal"', 'notify = "role:janitor"', "role:janitor", "duties[0].escalation[2].notify", 'expected "assignee"'),
    small("duties is a table, then an array", "", '[duties]\nid = "x"\n[[duties]]\n', 11, "TOML syntax", "Cannot overwrite"),
    example("step without after", GATE_AFTER + "\n", "", "[[duties.escalation]]", "duties[0].escalation[2].after", "is required", nth=2),
    # --- [calendar]
    example("holiday is a date-time", "holidays = [2027-01-01,", "holidays = [2027-01-01T08:00:00,", "holidays = [", "calendar.holidays[0]", "use a plain date like 2027-01-23, without a time"),
    example("holiday is a word", "holidays = [2027-01-01,", 'holidays = ["soon",', "holidays = [", "calendar.holidays[0]", "expected a date like 2027-01-23, got 'soon'"),
    example("holiday is a number", "holidays = [2027-01-01,", "holidays = [20270101,", "holidays = [", "calendar.holidays[0]", "expected a date"),
    example("holiday in year 207", "holidays = [2027-01-01,", "holidays = [0207-01-01,", "holidays = [", "calendar.holidays[0]", "0207-01-01 is before 2000 (check the year)"),
    example("vacation ends in 2227", "to = 2027-05-05", "to = 2227-05-05", "2227", "calendar.vacations[1].to", "2227-05-05 is more than 10 years ahead (check the year)"),
    example("vacation ends at the end of time", "to = 2027-05-05", "to = 9999-12-31", "9999", "calendar.vacations[1].to", "more than 10 years ahead"),
    example("vacation lasts a year", "to = 2027-02-21", "to = 2028-02-21", "2028", "calendar.vacations[0].to", "the vacation lasts more than a year"),
    example("vacation ends before it starts", "from = 2027-05-01", "from = 2027-05-09", "2027-05-09", "calendar.vacations[1]", "'to' is before 'from'"),
    example("vacation without an end", ", to = 2027-05-05", "", "劳动节", "calendar.vacations[1].to", "is required"),
    example("make-up day inside a vacation", "date = 2027-04-25", "date = 2027-05-02", "2027-05-02", "calendar.makeup_days[0].date", "2027-05-02 is inside the vacation '劳动节' (2027-05-01 to 2027-05-05)"),
    example("make-up day on a holiday", "holidays = [2027-01-01, 2027-04-05,", "holidays = [2027-01-01, 2027-04-25,", "date = 2027-04-25", "calendar.makeup_days[0].date", "2027-04-25 is also a holiday"),
    example("make-up day twice", '{ date = 2027-04-25, follows = "mon" },', '{ date = 2027-04-25, follows = "mon" },\n    { date = 2027-04-25, follows = "tue" },', 'follows = "tue"', "calendar.makeup_days[1].date", "is listed twice"),
    example("make-up day in 2227", "date = 2027-04-25", "date = 2227-04-25", "2227", "calendar.makeup_days[0].date", "more than 10 years ahead"),
    example("make-up day follows a month", 'follows = "mon"', 'follows = "monday"', "monday", "calendar.makeup_days[0].follows", "Input should be 'mon'"),
    example("no school days", 'school_days = ["mon", "tue", "wed", "thu", "fri"]', "school_days = []", "school_days = ", "calendar.school_days", "at least 1 item"),
    # --- [calendar]: the official arrangement, terms, event days
    example("official is not CN", 'official = "CN"\n', 'official = "JP"\n', 'official = "JP"', "calendar.official", "Input should be 'CN'"),
    example("official is a boolean", 'official = "CN"\n', "official = true\n", "official = true", "calendar.official", "'CN'"),
    example("term without a name", '{ name = "2026 秋季学期", from', "{ from", "from = 2026-09-01", "calendar.terms[0].name", "is required"),
    example("term ends before it starts", "to = 2027-01-22", "to = 2026-08-22", "2026-08-22", "calendar.terms[0]", "'to' is before 'from'"),
    example("terms overlap", "from = 2027-02-22", "from = 2027-01-20", "2027-01-20", "calendar.terms[1].from", "overlaps '2026 秋季学期' (2026-09-01 to 2027-01-22)"),
    example("term ends in 2227", "to = 2027-07-10", "to = 2227-07-10", "2227", "calendar.terms[1].to", "more than 10 years ahead"),
    example("terms is a table", "terms = [", "terms = { x = 1 }\nterms_ = [", "terms = {", "calendar.terms", "should be an array"),
    example("make-up day outside every term", 'date = 2027-04-25, follows = "mon"', 'date = 2027-07-25, follows = "mon"', "2027-07-25", "calendar.makeup_days[0].date", "2027-07-25 is outside every term"),
    example("event switches an unknown duty", 'on = ["drill"]', 'on = ["dril"]', 'on = ["dril"]', "calendar.events[1].on[0]", "unknown duty id 'dril'"),
    example("event switches a duty on and off", 'off = ["canteen"]', 'on = ["canteen"], off = ["canteen"]', 'off = ["canteen"]', "calendar.events[0].off[0]", "'canteen' is switched both on and off"),
    example("event day twice", "{ date = 2026-11-09,", "{ date = 2026-10-15,", "119", "calendar.events[1].date", "2026-10-15 is listed twice (put both in one entry"),
    example("event without a name", 'date = 2026-11-09, name = "119 消防疏散演练", ', "date = 2026-11-09, ", 'on = ["drill"]', "calendar.events[1].name", "is required"),
    example("event's on is a string", 'on = ["drill"]', 'on = "drill"', 'on = "drill"', "calendar.events[1].on", "should be an array"),
    example("event in 2227", "{ date = 2026-11-09,", "{ date = 2227-11-09,", "2227", "calendar.events[1].date", "more than 10 years ahead"),
    # --- groups, rotations, overrides, deputies, holiday and event duties
    example("group name with a capital", 'groups = ["class_teacher"]', 'groups = ["Class"]', 'groups = ["Class"]', "staff[3].groups[0]", "must be 1-32 lowercase letters"),
    example("nobody in the group", 'assignees = ["group:class_teacher"]   #', 'assignees = ["group:class_teachers"]   #', "group:class_teachers", "duties[3].assignees[0]", "nobody is in the group 'class_teachers'"),
    example("assignee is an unknown role", 'assignees = ["group:class_teacher"]   #', 'assignees = ["role:janitor"]   #', "role:janitor", "duties[3].assignees[0]", "unknown role 'janitor'"),
    example("when is a typo", '\nwhen = "holidays"\n', '\nwhen = "holiday"\n', 'when = "holiday"', "duties[5].when", "Input should be 'school_days', 'holidays' or 'events'"),
    example("holiday duty that is monthly", '\nwhen = "holidays"\n', '\nwhen = "holidays"\nmonthly = 1\n', "monthly = 1", "duties[5].monthly", "cannot be combined with when = 'holidays'"),
    example("event duty with weekdays", '\nwhen = "events" ', '\nweekdays = ["mon"]\nwhen = "events" ', 'weekdays = ["mon"]', "duties[4].weekdays", "cannot be combined with when = 'events'"),
    example("rotation without people", 'people = ["zhou", "wang", "zhang", "liu", "zhao", "sun"]', "people = []", "people = []", "duties[5].rotation.people", "at least 1 item"),
    example("rotation names an unknown person", 'people = ["zhou",', 'people = ["zhuo",', "zhuo", "duties[5].rotation.people[0]", "unknown staff id 'zhuo'"),
    example("rotation lists someone twice", '"zhao", "sun"]', '"zhao", "wang"]', "people = [", "duties[5].rotation.people[5]", "'wang' is listed twice"),
    example("rotation's first is not in it", 'first = "zhou"', 'first = "chen"', 'first = "chen"', "duties[5].rotation.first", "'chen' is not in the rotation's people"),
    example("rotation without a start", "start = 2026-09-01\n", "", "[duties.rotation]", "duties[5].rotation.start", "is required"),
    example("rotation starts in 2227", "start = 2026-09-01", "start = 2227-09-01", "2227", "duties[5].rotation.start", "more than 10 years ahead"),
    example("typo in the rotation", 'first = "zhou"', 'frist = "zhou"', "frist", "duties[5].rotation.frist", "unknown key (did you mean 'first'?)"),
    example("both a rota and a rotation", 'deputy = "zhou"', 'deputy = "zhou"\nrotation = { people = ["wang"], start = 2026-09-01 }', "rotation = {", "duties[0].rotation", "has both 'rota' and 'rotation'"),
    example("override names an unknown person", 'assignees = ["chen"] }', 'assignees = ["chn"] }', '"chn"', "duties[5].overrides[0].assignees[0]", "unknown staff id 'chn'"),
    example("override with nobody", 'assignees = ["chen"] }', "assignees = [] }", "assignees = [] }", "duties[5].overrides[0].assignees", "at least 1 item"),
    example("override twice on a date", '{ date = 2026-10-01, assignees = ["chen"] },', '{ date = 2026-10-01, assignees = ["chen"] },\n    { date = 2026-10-01, assignees = ["li"] },', 'assignees = ["li"] }', "duties[5].overrides[1].date", "2026-10-01 is listed twice"),
    example("override date is a word", "{ date = 2026-10-01, assignees", '{ date = "national day", assignees', "national day", "duties[5].overrides[0].date", "expected a date like 2027-01-23"),
    example("unknown deputy", 'deputy = "zhou"', 'deputy = "zhuo"', 'deputy = "zhuo"', "duties[0].deputy", "unknown staff id 'zhuo'"),
    example("deputy is a list", 'deputy = "zhou"', 'deputy = ["zhou"]', 'deputy = ["zhou"]', "duties[0].deputy", "should be a string"),
    example("heads-up at 7pm", 'heads_up = "19:00"', 'heads_up = "7pm"', 'heads_up = "7pm"', "duties[0].heads_up", 'expected a time like "07:20", got \'7pm\''),
    example("heads-up is a number", 'heads_up = "19:00"', "heads_up = 1900", "heads_up = 1900", "duties[0].heads_up", 'expected a time like "07:20", got 1900'),
    example("heads-up with seconds", 'heads_up = "19:00"', "heads_up = 19:00:30", "heads_up = 19:00:30", "duties[0].heads_up", "without seconds"),
    example("heads-up misspelt", 'heads_up = "19:00"', 'heads_ups = "19:00"', 'heads_ups = "19:00"', "duties[0].heads_ups", "unknown key"),
    # --- the small sections
    example("valid_days in quotes", "valid_days = 14", 'valid_days = "14"', "valid_days", "invites.valid_days", "should be a valid integer (a whole number), not a string"),
    example("valid_days is huge", "valid_days = 14", "valid_days = 99999999999999999999", "valid_days", "invites.valid_days", "less than or equal to 365"),
    example("valid_days is infinite", "valid_days = 14", "valid_days = inf", "valid_days", "invites.valid_days", "not a float"),
    example("enabled is a word", "enabled = true", 'enabled = "yes"', "enabled", "weekly_chart.enabled", "should be true or false, not a string"),
    example("api_url is not a web address", '# api_url = "https://api.telegram.org"', 'api_url = "ftp://x"', "ftp://x", "telegram.api_url", "must be a web address starting with http:// or https://"),
    example("bot_username too short", '# bot_username = "yangguang_safety_bot"', 'bot_username = "a"', 'bot_username = "a"', "telegram.bot_username", "must be 4-32 letters, digits or _, starting with a letter"),
    example("empty data_dir", 'data_dir = "data"', 'data_dir = ""', 'data_dir = ""', "storage.data_dir", "must not be empty"),
    example("data_dir with NUL", 'data_dir = "data"', 'data_dir = "da\\u0000ta"', "data_dir", "storage.data_dir", "control characters"),
    example("recipients is a string", 'recipients = ["role:principal"]', 'recipients = "role:principal"', 'recipients = "role:principal"', "summary.recipients", "should be an array"),
    example("summary at 5pm", 'time = "17:30"', 'time = "5pm"', "5pm", "summary.time", "expected a time"),
    small("quoted key with a line break", "", '"a\\nb" = 1\n', 9, 'staff[0]."a\\u000ab"', "unknown key (known keys: id, name, roles, language, groups)"),
    small("dotted key under a table", "", "[invites]\nvalid.days = 3\n", 10, "invites.valid", "unknown key"),
]
# fmt: on


def _problems(text: str) -> list[str]:
    with pytest.raises(ConfigError) as caught:
        parse_config(text, "school.toml", today=TODAY)
    return caught.value.render()


def test_there_are_many_distinct_cases() -> None:
    """The catalogue is large and has no two cases with the same text or name."""
    assert len(CASES) >= 60
    assert len({c.name for c in CASES}) == len(CASES)
    assert len({c.text for c in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_broken_config_is_reported_at_its_line(case: Case) -> None:
    """The expected problem line is printed, with key, line and message fragment."""
    found = _problems(case.text)
    start = case.expected_start("school.toml")
    assert any(f.startswith(start) and case.fragment in f for f in found), (start, found)
    for line in found:
        assert "\n" not in line
        assert "pattern" not in line and "^" not in line and "{0," not in line


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_check_config_exits_2_without_a_traceback(
    case: Case, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The command prints the same line and exits 2; nothing escapes as a traceback."""
    path = tmp_path / "school.toml"
    path.write_bytes(case.text.encode("utf-8"))
    assert main(["check-config", str(path)]) == 2
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    start = case.expected_start(str(path))
    assert any(line.startswith(start) and case.fragment in line for line in out.splitlines())
