"""Parse TOML text, turning every way ``tomllib`` can fail into a problem with a line.

Besides its own syntax errors, ``tomllib`` raises a bare ``ValueError`` for integers of more
than 4300 digits and ``RecursionError`` for arrays or tables nested hundreds deep.
"""

from __future__ import annotations

import re
import tomllib
from itertools import groupby
from typing import Any

from safeduty.config.problems import Problem

_TOML_POSITION = re.compile(r"\(at line (\d+), column \d+\)")
_DIGITS = frozenset("0123456789abcdefABCDEF_")
_TOO_DEEP = 50
_AT_END = " (at end of document)"
SYNTAX = "TOML syntax"


def _last(text: str) -> int:
    return max(1, len(text.splitlines()))


def _first_line(text: str, wanted: Any) -> int | None:
    for number, line in enumerate(text.splitlines(), 1):
        if wanted(line):
            return number
    return None


def _has_long_number(line: str) -> bool:
    runs = (len(list(run)) for is_digit, run in groupby(line, _DIGITS.__contains__) if is_digit)
    return max(runs, default=0) > 4000


def _deep_line(text: str) -> int | None:
    """The line where brackets first open ``_TOO_DEEP`` levels deep (strings aside, roughly)."""
    depth = 0
    for number, line in enumerate(text.splitlines(), 1):
        for c in line:
            depth += (c in "[{") - (c in "]}")
            if depth >= _TOO_DEEP:
                return number
    return None


def parse_toml(text: str) -> dict[str, Any] | Problem:
    """The TOML document as a dict, or the problem that stops it being read."""
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        position = _TOML_POSITION.search(str(exc))
        message = _TOML_POSITION.sub("", str(exc)).strip()
        if message.endswith(_AT_END):  # an unclosed string or bracket: the last line
            message = message.removesuffix(_AT_END) + " before the end of the file"
            return Problem(SYNTAX, message, "something opened earlier is not closed", _last(text))
        return Problem(SYNTAX, message, None, int(position[1]) if position else None)
    except RecursionError:
        return Problem(SYNTAX, "arrays or tables nested too deeply", None, _deep_line(text))
    except ValueError as exc:
        line = _first_line(text, _has_long_number)
        if line is None:
            return Problem(SYNTAX, f"cannot be parsed: {exc}")
        return Problem(SYNTAX, "a number with too many digits", None, line)
