"""The file around the config: encodings, odd paths, and the dates and times at the edges."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest

from safeduty.cli import main
from safeduty.config import ConfigError, load_config, parse_config
from tests.conftest import EXAMPLE

TEXT = EXAMPLE.read_text(encoding="utf-8")


def check(path: Path | str, capsys: pytest.CaptureFixture[str]) -> tuple[int, list[str]]:
    """Run ``safeduty check-config``: (exit status, printed lines); never a traceback."""
    status = main(["check-config", str(path)])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return status, out.splitlines()


def test_utf8_with_a_byte_order_mark_is_accepted(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Windows Notepad's UTF-8 starts with EF BB BF; the file is still valid."""
    path = tmp_path / "school.toml"
    path.write_bytes(b"\xef\xbb\xbf" + TEXT.encode("utf-8"))
    status, out = check(path, capsys)
    assert status == 0
    assert out[0].endswith("9 staff, 6 duties, 10 reminders per week (+6 monthly)")


def test_byte_order_mark_keeps_line_numbers(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A problem in a BOM file is reported at the same line as without the BOM."""
    path = tmp_path / "school.toml"
    path.write_bytes(b"\xef\xbb\xbf" + TEXT.replace("valid_days = 14", "valid_days = 0").encode())
    status, out = check(path, capsys)
    assert status == 2
    assert out[0].startswith(f"{path}:24: invites.valid_days: ")


def test_a_latin1_byte_is_reported_at_its_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A non-UTF-8 byte is reported by line, not by byte offset."""
    path = tmp_path / "school.toml"
    path.write_bytes(TEXT.encode("utf-8").replace(b"data_dir", b"d\xe9ta_dir"))
    status, out = check(path, capsys)
    assert status == 2
    assert out == [f"{path}:21: (file): is not UTF-8 text: byte 0xE9 on this line (save as UTF-8)"]


def test_a_gbk_file_is_reported_at_its_first_chinese_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Saved as GBK (common on Chinese Windows): the first line with Chinese text, here 3."""
    path = tmp_path / "school.toml"
    first = TEXT.splitlines()[0]
    path.write_bytes(TEXT.replace(first, "# safeduty school").encode("gbk"))
    status, out = check(path, capsys)
    assert status == 2
    assert out[0].startswith(f"{path}:3: (file): is not UTF-8 text: byte 0x")


def test_utf16_is_named(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Notepad's "Unicode" is UTF-16; the checker says so instead of a byte error."""
    path = tmp_path / "school.toml"
    path.write_bytes(TEXT.encode("utf-16"))
    assert check(path, capsys) == (2, [f"{path}:1: (file): is saved as UTF-16 (save it as UTF-8)"])


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda tmp: tmp / "nope.toml", "cannot read: no such file (check the path)"),
        (lambda tmp: tmp, "cannot read: it is a directory (give the path of the .toml file)"),
        (lambda tmp: str(tmp / "a\0b.toml"), "cannot read: embedded null byte"),
        (lambda tmp: tmp / "nope" / "school.toml", "cannot read: no such file"),
    ],
    ids=["missing", "directory", "NUL in the path", "missing directory"],
)
def test_paths_that_are_not_a_readable_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], make: object, message: str
) -> None:
    """Each is one line naming the path and why, with exit status 2."""
    path = make(tmp_path)  # type: ignore[operator]
    status, out = check(path, capsys)
    assert status == 2
    assert len(out) == 1
    shown = str(path).replace("\0", "\\u0000")  # a problem stays one printable line
    assert out[0].startswith(f"{shown}: (file): {message}")


def test_unreadable_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Permission denied is said in words (simulated: the tests may run as root)."""
    path = tmp_path / "school.toml"
    path.write_text(TEXT, encoding="utf-8")

    def refuse(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "open", refuse)
    assert check(path, capsys) == (
        2,
        [f"{path}: (file): cannot read: permission denied (check the file's permissions)"],
    )


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads anything")
def test_unreadable_file_for_real(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The same with a real chmod 000."""
    path = tmp_path / "school.toml"
    path.write_text(TEXT, encoding="utf-8")
    path.chmod(0)
    assert check(path, capsys)[1] == [
        f"{path}: (file): cannot read: permission denied (check the file's permissions)"
    ]


def test_huge_file_is_refused_without_reading_it_all(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A file over 1 MB is not a school config; the checker says so."""
    path = tmp_path / "school.toml"
    path.write_text(TEXT + "#" * 1_100_000 + "\n", encoding="utf-8")
    assert check(path, capsys)[1] == [
        f"{path}: (file): is larger than 1 MB (is this really the school's config?)"
    ]


def test_load_config_raises_config_error_for_every_file_problem(tmp_path: Path) -> None:
    """The bot's start and /reload only ever see ConfigError."""
    for path in (tmp_path, tmp_path / "nope.toml"):
        with pytest.raises(ConfigError):
            load_config(path)


# --- dates: the horizon is relative to a ``today`` passed in, so these never flake


def _calendar(holiday: str) -> str:
    return TEXT.replace("holidays = [2027-01-01,", f"holidays = [{holiday},")


def test_ten_years_ahead_is_the_last_accepted_day() -> None:
    """With today 2026-09-01, 2036-09-01 is fine and 2036-09-02 is refused."""
    parse_config(_calendar("2036-09-01"), today=date(2026, 9, 1))
    with pytest.raises(ConfigError) as caught:
        parse_config(_calendar("2036-09-02"), "s.toml", today=date(2026, 9, 1))
    assert caught.value.render() == [
        "s.toml:29: calendar.holidays[0]: 2036-09-02 is more than 10 years ahead (check the year)"
    ]


def test_horizon_from_29_february() -> None:
    """Ten years after a leap day is 28 February, not an error in the checker."""
    parse_config(_calendar("2034-02-28"), today=date(2024, 2, 29))
    with pytest.raises(ConfigError):
        parse_config(_calendar("2034-03-01"), today=date(2024, 2, 29))


def test_a_config_accepted_today_stays_accepted_later() -> None:
    """Time passing never makes a valid config invalid (old dates are fine)."""
    for today in (date(2026, 1, 1), date(2040, 1, 1), date(2090, 12, 31)):
        parse_config(TEXT, today=today)


def test_year_2000_is_the_earliest_date() -> None:
    """1999-12-31 is a typo for this bot; 2000-01-01 is accepted."""
    parse_config(_calendar("2000-01-01"), today=date(2026, 9, 1))
    with pytest.raises(ConfigError, match="1999-12-31 is before 2000"):
        parse_config(_calendar("1999-12-31"), today=date(2026, 9, 1))


def test_make_up_day_next_to_a_vacation_is_fine() -> None:
    """The Sunday before the May vacation is a normal make-up day."""
    parse_config(TEXT.replace("from = 2027-05-01", "from = 2027-04-26"))


# --- the escalation ladder ends at midnight


def test_last_step_one_minute_before_midnight_is_fine() -> None:
    """Deadline 07:50 + 16h09m = 23:59 is still sent; 16h10m is refused."""
    parse_config(TEXT.replace('after = "40m"', 'after = "16h9m"'))
    with pytest.raises(ConfigError, match="use less than 16h10m"):
        parse_config(TEXT.replace('after = "40m"', 'after = "16h10m"'))


# --- nothing escapes as a crash


def test_a_bug_in_the_checker_is_reported_not_raised(monkeypatch: pytest.MonkeyPatch) -> None:
    """An unexpected exception becomes one problem line that says where, not a traceback."""

    def broken(*args: object) -> list[object]:
        raise ZeroDivisionError

    monkeypatch.setattr("safeduty.config.check.sanity_problems", broken)
    with pytest.raises(ConfigError) as caught:
        parse_config(TEXT, "s.toml")
    [line] = caught.value.render()
    assert line.startswith("s.toml: (checker): could not check this file: ZeroDivisionError at ")
    assert line.endswith("(please report)")


def test_check_config_warns_at_the_official_key_which_dates_are_uncertain(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A year without official data: OK on stdout, one warning on stderr at `official`'s line."""
    from safeduty.domain import calendar as calendar_module
    from safeduty.domain import official_cn
    from safeduty.domain.official import UNKNOWN

    monkeypatch.setattr(
        calendar_module,
        "official_calendar",
        lambda _code: lambda day: official_cn.china(day) if day.year <= 2026 else UNKNOWN,
    )
    path = tmp_path / "school.toml"
    path.write_text(TEXT, "utf-8")
    assert main(["check-config", str(path)]) == 0
    out, err = capsys.readouterr()
    assert out.count("\n") == 1 and ": OK - " in out
    line = TEXT.splitlines().index('official = "CN"') + 1
    assert err.splitlines() == [
        f"{path}:{line}: calendar.official: warning: no official CN arrangement for 2027 yet "
        f"({official_cn.source()}): 152 dates from 2027-01-02 to 2027-07-10 follow the school "
        "weekdays and this file's own dates (it is usually published in November; then update "
        "safeduty, or add the dates to holidays and makeup_days)"
    ]


def test_an_override_on_a_day_the_duty_does_not_run_is_a_warning(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The holiday roster does not run on a school day: the override is named at its line."""
    text = TEXT.replace(
        '{ date = 2026-10-01, assignees = ["chen"] },',
        '{ date = 2026-10-01, assignees = ["chen"] },\n    { date = 2026-10-09, assignees = ["li"] },',
    )
    path = tmp_path / "school.toml"
    path.write_text(text, "utf-8")
    assert main(["check-config", str(path)]) == 0
    line = next(n for n, t in enumerate(text.splitlines(), 1) if "2026-10-09" in t)
    expected = (
        f"{path}:{line}: duties[5].overrides[1].date: warning: the duty does not run on "
        "2026-10-09 (a school day), so this override changes nothing"
    )
    assert expected in capsys.readouterr().err.splitlines()
