"""``safeduty check-config``: every kind of broken config is reported at its key and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from safeduty.cli import main
from safeduty.config import ConfigError, parse_config
from tests.conftest import EXAMPLE

TEXT = EXAMPLE.read_text(encoding="utf-8")


def line_of(needle: str, text: str = TEXT, nth: int = 0) -> int:
    """1-based line of the ``nth`` line containing ``needle``."""
    hits = [n for n, line in enumerate(text.splitlines(), 1) if needle in line]
    return hits[nth]


def problems(text: str) -> list[str]:
    with pytest.raises(ConfigError) as caught:
        parse_config(text, "school.toml")
    return caught.value.render()


def edit(old: str, new: str, count: int = 1) -> str:
    assert old in TEXT, old
    return TEXT.replace(old, new, count)


def test_example_config_passes(capsys: pytest.CaptureFixture[str]) -> None:
    """The shipped example is valid and summarised in one line."""
    assert main(["check-config", str(EXAMPLE)]) == 0
    out = capsys.readouterr().out.strip()
    assert out.endswith("9 staff, 6 duties, 10 reminders per week (+6 monthly)")
    assert "\n" not in out


CASES = [
    # (kind, old, new, expected key, substring of message, line needle in the edited text)
    (
        "unknown key with hint",
        'remind_at = "07:20"',
        'remind_ta = "07:20"',
        "duties[0].remind_ta",
        "unknown key (did you mean 'remind_at'?)",
        "remind_ta",
    ),
    (
        "bad time",
        'remind_at = "07:20"',
        'remind_at = "7:61"',
        "duties[0].remind_at",
        'expected a time like "07:20"',
        "7:61",
    ),
    (
        "bad duration",
        'nudge_before = "10m"',
        'nudge_before = "10 minutes"',
        "duties[0].nudge_before",
        "expected a duration",
        "10 minutes",
    ),
    (
        "unknown timezone",
        'timezone = "Asia/Shanghai"',
        'timezone = "Asia/Beijing"',
        "school.timezone",
        "unknown timezone 'Asia/Beijing'",
        "Asia/Beijing",
    ),
    (
        "bad language",
        'language = "zh-CN"',
        'language = "zh"',
        "school.language",
        "Input should be 'zh-CN' or 'en'",
        'language = "zh"',
    ),
    (
        "wrong type",
        "valid_days = 14",
        'valid_days = "two weeks"',
        "invites.valid_days",
        "valid integer",
        "valid_days",
    ),
    (
        "out of range",
        "valid_days = 14",
        "valid_days = 0",
        "invites.valid_days",
        "greater than or equal to 1",
        "valid_days",
    ),
    (
        "bad date range",
        '{ name = "寒假", from = 2027-01-23, to = 2027-02-21 }',
        '{ name = "寒假", from = 2027-02-23, to = 2027-02-21 }',
        "calendar.vacations[0]",
        "'to' is before 'from'",
        "寒假",
    ),
    (
        "rota names unknown staff",
        'tue = "zhang"',
        'tue = "zhangg"',
        "duties[0].rota.tue",
        "unknown staff id 'zhangg'",
        "zhangg",
    ),
    (
        "escalation to unknown staff",
        'notify = "role:principal"',
        'notify = "staff:nobody"',
        "duties[0].escalation[2].notify",
        "unknown staff id 'nobody'",
        "staff:nobody",
    ),
    (
        "bad notify target",
        'notify = "role:principal"',
        'notify = "principal"',
        "duties[0].escalation[2].notify",
        'expected "assignee"',
        'notify = "principal"',
    ),
    (
        "summary to nobody",
        'recipients = ["role:principal"]',
        "recipients = []",
        "summary.recipients",
        "the summary goes to nobody",
        "recipients = []",
    ),
    (
        "deadline before reminder",
        'deadline = "12:30"',
        'deadline = "11:00"',
        "duties[1].deadline",
        "11:00 is not after the reminder at 11:30",
        'deadline = "11:00"',
    ),
    (
        "weekday without assignee",
        ', fri = "sun" }',
        " }",
        "duties[0].rota",
        "no one is on duty on fri",
        "rota = ",
    ),
    ("no one on the duty", 'assignees = ["wu"]', "", "duties[1]", "has no one on it", "[[duties]]"),
    (
        "duplicate staff id",
        'id = "zhang"',
        'id = "wang"',
        "staff[4].id",
        "duplicate id 'wang'",
        'id = "wang"',
    ),
    (
        "escalation steps out of order",
        'after = "45m"',
        'after = "5m"',
        "duties[1].escalation[1].after",
        "must be later than the step before it",
        'after = "5m"',
    ),
    (
        "missing required key",
        'name = "阳光实验小学"\n',
        "",
        "school.name",
        "is required",
        "[school]",
    ),
    (
        "nudge outside the window",
        'nudge_before = "10m"',
        'nudge_before = "45m"',
        "duties[0].nudge_before",
        "would not fall between",
        "nudge_before",
    ),
]


@pytest.mark.parametrize(
    ("kind", "old", "new", "key", "message", "needle"), CASES, ids=[c[0] for c in CASES]
)
def test_each_kind_of_problem_points_at_its_key_and_line(
    kind: str, old: str, new: str, key: str, message: str, needle: str
) -> None:
    """Every problem is one line ``PATH:LINE: key: message (hint)`` at the right line."""
    text = edit(old, new)
    found = problems(text)
    nth = 1 if kind in ("duplicate staff id", "no one on the duty") else 0
    expected = f"school.toml:{line_of(needle, text, nth)}: {key}: "
    assert any(f.startswith(expected) and message in f for f in found), (expected, found)


def test_escalation_to_a_role_nobody_holds() -> None:
    """A ladder step naming a role that no staff member has is an error."""
    text = TEXT.replace('roles = ["safety_officer", "teacher"]', 'roles = ["teacher"]')
    found = problems(text)
    line = line_of('notify = "role:safety_officer"', text)
    assert (
        f"school.toml:{line}: duties[0].escalation[1].notify: "
        "nobody holds the role 'safety_officer'" in found[0]
    )


def test_toml_syntax_error_reports_the_line() -> None:
    """Broken TOML is reported with the line the parser stopped at."""
    text = edit('name = "阳光实验小学"', 'name = "阳光实验小学')
    [found] = problems(text)
    assert found.startswith(f"school.toml:{line_of('阳光实验小学', text)}: TOML syntax: ")


def test_all_problems_are_reported_at_once() -> None:
    """Several mistakes are listed together, in file order."""
    text = edit('remind_at = "07:20"', 'remind_at = "7:61"').replace(
        "valid_days = 14", "valid_days = 0"
    )
    found = problems(text)
    assert len(found) == 2
    assert "invites.valid_days" in found[0] and "duties[0].remind_at" in found[1]


def test_check_config_exits_2_and_prints_each_problem(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The command prints one line per problem and exits with status 2."""
    bad = tmp_path / "school.toml"
    bad.write_text(edit('tue = "zhang"', 'tue = "zhangg"'), encoding="utf-8")
    assert main(["check-config", str(bad)]) == 2
    out = capsys.readouterr().out.splitlines()
    assert out == [
        f"{bad}:{line_of('zhangg', bad.read_text('utf-8'))}: duties[0].rota.tue: "
        "unknown staff id 'zhangg' (use a [[staff]] id)"
    ]


def test_missing_file_is_one_clear_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A path that does not exist is reported, not a traceback."""
    assert main(["check-config", str(tmp_path / "nope.toml")]) == 2
    assert "cannot read" in capsys.readouterr().out
