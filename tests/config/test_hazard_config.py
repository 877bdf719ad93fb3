"""``[hazards]``: defaults, the example's lists, and broken hazard configs at their exact lines."""

from __future__ import annotations

from datetime import time, timedelta
from pathlib import Path

import pytest

from safeduty.cli import main
from safeduty.config import ConfigError, load_config, parse_config
from safeduty.config.hazard_model import DEFAULT_CATEGORIES, parse_delay
from tests.config.test_broken_configs import BASE, TODAY, Case, example, small
from tests.conftest import EXAMPLE

HAZARDS = '[hazards]\nplaces = ["Gym", "Lab"]\n'  # appended to BASE: lines 9, 10


def test_a_config_without_hazards_gets_working_defaults() -> None:
    """No [hazards] table: the built-in categories, deadlines, ladder and photo rules."""
    config = parse_config(BASE, today=TODAY)
    hazards = config.hazards
    assert hazards.places == []
    assert tuple(hazards.categories) == DEFAULT_CATEGORIES
    assert hazards.deadline_days == [0, 1, 3, 7, 14]
    assert hazards.remind_at == time(8, 0)
    assert [(s.after, s.notify) for s in hazards.escalation] == [
        (timedelta(0), "owner"),
        (timedelta(days=1), "role:safety_officer"),
        (timedelta(days=3), "role:principal"),
    ]
    assert (hazards.photo_max_kb, hazards.photo_retention_days) == (5120, 1095)


def test_the_example_lists_places_and_categories() -> None:
    """config.example.toml names its places and categories, and the inspection as the sweep."""
    hazards = load_config(EXAMPLE, today=TODAY).hazards
    assert "食堂" in hazards.places and len(hazards.places) >= 5
    assert "fire_safety" in hazards.categories
    assert hazards.sweep_duties == ["inspection"]
    text = EXAMPLE.read_text(encoding="utf-8")
    section = text[text.index("[hazards]") :]
    assert "# 地点按钮" in section and "# 类别" in section  # commented, in both languages
    assert "places offered as buttons" in section and "categories: the built-in ids" in section


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("0m", timedelta(0)),
        ("90m", timedelta(minutes=90)),
        ("2h", timedelta(hours=2)),
        ("1d", timedelta(days=1)),
        ("1d12h", timedelta(days=1, hours=12)),
        ("3d4h5m", timedelta(days=3, hours=4, minutes=5)),
    ],
)
def test_delays_read_days_hours_and_minutes(text: str, expected: timedelta) -> None:
    """A hazard's ladder counts in days as well as hours and minutes."""
    assert parse_delay(text) == expected


@pytest.mark.parametrize("text", ["", "5", "d", "1w", "-1d", "1.5d", "91d", "9999999999d", "１d"])
def test_bad_delays_are_refused(text: str) -> None:
    """Bare numbers, other units, signs, fractions, full-width digits and > 90 days."""
    with pytest.raises(ValueError, match=r"expected a delay|longer than 90 days"):
        parse_delay(text)


# fmt: off
CASES = [
    small("place repeated", "", HAZARDS.replace('"Lab"', '"Lab", "Gym"'), 10, "hazards.places[2]", "repeats the place 'Gym'"),
    small("place too long", "", HAZARDS.replace('"Lab"', '"' + "L" * 41 + '"'), 10, "hazards.places[1]", "at most 40 characters"),
    small("place with a line break", "", HAZARDS.replace('"Lab"', '"La\\nb"'), 10, "hazards.places[1]", "one line"),
    small("places is a string", "", '[hazards]\nplaces = "Gym"\n', 10, "hazards.places", "should be an array"),
    small("no categories", "", "[hazards]\ncategories = []\n", 10, "hazards.categories", "at least 1 item"),
    small("category repeated", "", '[hazards]\ncategories = ["food", "food"]\n', 10, "hazards.categories[1]", "repeats the category 'food'"),
    small("deadline negative", "", "[hazards]\ndeadline_days = [1, -2]\n", 10, "hazards.deadline_days[1]", "greater than or equal to 0"),
    small("deadline in quotes", "", '[hazards]\ndeadline_days = ["3"]\n', 10, "hazards.deadline_days[0]", "not a string"),
    small("deadline repeated", "", "[hazards]\ndeadline_days = [3, 3]\n", 10, "hazards.deadline_days[1]", "repeats the deadline 3"),
    small("too many deadlines", "", "[hazards]\ndeadline_days = [0, 1, 2, 3, 4, 5, 6, 7, 8]\n", 10, "hazards.deadline_days", "at most 8 items"),
    small("remind_at bad", "", '[hazards]\nremind_at = "8am"\n', 10, "hazards.remind_at", "expected a time"),
    small("photo limit tiny", "", "[hazards]\nphoto_max_kb = 1\n", 10, "hazards.photo_max_kb", "greater than or equal to 50"),
    small("retention in quotes", "", '[hazards]\nphoto_retention_days = "3y"\n', 10, "hazards.photo_retention_days", "not a string"),
    small("unknown hazards key", "", "[hazards]\nplace = []\n", 10, "hazards.place", "did you mean 'places'?"),
    small("sweep of an unknown duty", "", '[hazards]\nsweep_duties = ["sweep"]\n', 10, "hazards.sweep_duties[0]", "unknown duty id 'sweep'"),
    small("ladder step without notify", "", '[[hazards.escalation]]\nafter = "1d"\n', 9, "hazards.escalation[0].notify", "is required"),
    small("ladder to the assignee", "", '[[hazards.escalation]]\nafter = "1d"\nnotify = "assignee"\n', 11, "hazards.escalation[0].notify", 'use "owner"'),
    small("ladder to nobody's role", "", '[[hazards.escalation]]\nafter = "1d"\nnotify = "role:safety_officer"\n', 11, "hazards.escalation[0].notify", "nobody holds the role 'safety_officer'"),
    small("ladder to an unknown person", "", '[[hazards.escalation]]\nafter = "1d"\nnotify = "staff:nobody"\n', 11, "hazards.escalation[0].notify", "unknown staff id 'nobody'"),
    small("ladder delay in weeks", "", '[[hazards.escalation]]\nafter = "2w"\nnotify = "owner"\n', 10, "hazards.escalation[0].after", 'expected a delay like "0m"'),
    small("ladder delay of a year", "", '[[hazards.escalation]]\nafter = "365d"\nnotify = "owner"\n', 10, "hazards.escalation[0].after", "longer than 90 days"),
    small("ladder out of order", "", '[[hazards.escalation]]\nafter = "2d"\nnotify = "owner"\n[[hazards.escalation]]\nafter = "1d"\nnotify = "owner"\n', 13, "hazards.escalation[1].after", "must be later than the step before it"),
    small("nobody can verify", 'roles = ["principal"]', 'roles = ["teacher"]\n[summary]\nrecipients = ["staff:a"]', 5, "staff", "no hazard could be assigned or verified"),
    example("example sweep names a duty it lacks", 'sweep_duties = ["inspection"]', 'sweep_duties = ["inspections"]', "sweep_duties", "hazards.sweep_duties[0]", "unknown duty id 'inspections'"),
    example("example ladder step to the assignee", 'after = "0d"\nnotify = "owner"', 'after = "0d"\nnotify = "assignee"', 'notify = "assignee"', "hazards.escalation[0].notify", 'use "owner"', nth=-1),
    example("example category too long", '"other",           # 其他', '"other and everything else that fits nowhere",', "everything else", "hazards.categories[6]", "at most 40 characters"),
]
# fmt: on


def _problems(text: str) -> list[str]:
    with pytest.raises(ConfigError) as caught:
        parse_config(text, "school.toml", today=TODAY)
    return caught.value.render()


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_broken_hazard_config_is_reported_at_its_line(case: Case) -> None:
    """The expected problem line is printed, with key, line and message fragment."""
    found = _problems(case.text)
    start = case.expected_start("school.toml")
    assert any(f.startswith(start) and case.fragment in f for f in found), (start, found)
    assert all("\n" not in line and "pattern" not in line for line in found)


@pytest.mark.parametrize("case", CASES[:6], ids=[c.name for c in CASES[:6]])
def test_check_config_exits_2_on_a_broken_hazards_table(
    case: Case, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The command prints the same line and exits 2; nothing escapes as a traceback."""
    path = tmp_path / "school.toml"
    path.write_text(case.text, encoding="utf-8")
    assert main(["check-config", str(path)]) == 2
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    start = case.expected_start(str(path))
    assert any(line.startswith(start) and case.fragment in line for line in out.splitlines())
