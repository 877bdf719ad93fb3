"""Load and check a school config; every problem names its key path and its line.

Nothing the file contains may crash the checker: the bot runs it on start and on /reload,
and a traceback there would hide the problem from the admin who has to fix it.
"""

from __future__ import annotations

import hashlib
import traceback
from datetime import UTC, date, datetime
from pathlib import Path as FsPath

from pydantic import ValidationError

from safeduty.config.locate import Path, key_lines, line_of
from safeduty.config.model import SchoolConfig
from safeduty.config.problems import ConfigError, Problem, dotted
from safeduty.config.sanity import sanity_problems
from safeduty.config.schema import schema_problems
from safeduty.config.source import decode, read_bytes, read_text
from safeduty.config.syntax import parse_toml

__all__ = ["ConfigError", "Problem", "dotted", "load_config", "parse_config"]


def _check(text: str, today: date) -> SchoolConfig | list[Problem]:
    data = parse_toml(text)
    if isinstance(data, Problem):
        return [data]
    lines = key_lines(text)
    try:
        config = SchoolConfig.model_validate(data)
    except ValidationError as exc:
        return schema_problems(exc, lines)
    found = [
        Problem(dotted(path), message, hint, line_of(lines, path))
        for path, message, hint in sanity_problems(config, today)
    ]
    return found or config


def _checker_failed(exc: Exception) -> Problem:
    """A bug in the checker, reported like a problem (with where it happened) so it is seen."""
    frame = traceback.extract_tb(exc.__traceback__)[-1]
    where = f"{FsPath(frame.filename).name}:{frame.lineno}"
    return Problem(
        "(checker)", f"could not check this file: {type(exc).__name__} at {where}", "please report"
    )


def parse_config(
    text: str, filename: str = "<config>", *, today: date | None = None
) -> SchoolConfig:
    """Parse and check a config text; raise :class:`ConfigError` listing every problem.

    ``today`` anchors the "too far in the future" check on dates; tests pass a fixed one.
    """
    today = today or datetime.now(UTC).date()
    try:
        result = _check(text.removeprefix("\ufeff"), today)
    except Exception as exc:  # see the module docstring: report, never crash
        result = [_checker_failed(exc)]
    if isinstance(result, list):
        raise ConfigError(filename, sorted(result, key=lambda p: p.line or 0))
    return result


def load_config(path: str | FsPath, *, today: date | None = None) -> SchoolConfig:
    """Read and check the config file at ``path``."""
    text = read_text(FsPath(path))
    if isinstance(text, Problem):
        raise ConfigError(str(path), [text])
    return parse_config(text, str(path), today=today)


def located(
    path: str | FsPath, found: list[tuple[Path, str, str | None]], *, note: str = "warning"
) -> list[Problem]:
    """``found`` (key path, message, hint) as problems at their lines in the file at ``path``.

    For warnings computed elsewhere about a config that loaded: ``note`` starts each message.
    """
    text = read_text(FsPath(path))
    lines = key_lines(text.removeprefix("\ufeff")) if isinstance(text, str) else {}
    return [
        Problem(dotted(key), f"{note}: {message}", hint, line_of(lines, key))
        for key, message, hint in found
    ]


def load_config_file(path: str | FsPath) -> tuple[SchoolConfig, str]:
    """Read the file once; return its config and the SHA-256 of exactly those bytes.

    The bot records the hash when it loads or reloads, so the record shows which file
    was in force, byte for byte (not a later edit of it).
    """
    data = read_bytes(FsPath(path))
    if isinstance(data, Problem):
        raise ConfigError(str(path), [data])
    text = decode(data)
    if isinstance(text, Problem):
        raise ConfigError(str(path), [text])
    return parse_config(text, str(path)), hashlib.sha256(data).hexdigest()
