"""What the checker reports: one :class:`Problem` per mistake, rendered as one line each."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import date, time

Path = tuple[str | int, ...]

_BARE_KEY = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-")


def one_line(text: str) -> str:
    """``text`` with control and other invisible characters escaped, so a problem stays one line."""
    return "".join(
        f"\\u{ord(c):04x}" if unicodedata.category(c).startswith("C") else c for c in text
    )


def shown(value: object, limit: int = 60) -> str:
    """A short, one-line ``repr`` of a value the admin typed, safe for any size."""
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= 10**30:
        return "a number too large to show"  # and too large for repr() past 4300 digits
    text = value.isoformat() if isinstance(value, date | time) else repr(value)
    return text if len(text) <= limit else f"{text[: limit - 5]}...{text[-1]}"


def dotted(path: Path) -> str:
    """``("duties", 0, "rota", "mon")`` -> ``duties[0].rota.mon``; odd keys are quoted."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
            continue
        name = part if part and set(part) <= _BARE_KEY else f'"{one_line(part)}"'
        out += f".{name}" if out else name
    return out or "(top level)"


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the config, pointing at the key that holds it."""

    key: str
    message: str
    hint: str | None = None
    line: int | None = None

    def render(self, filename: str) -> str:
        where = f"{filename}:{self.line}" if self.line else filename
        hint = f" ({self.hint})" if self.hint else ""
        return one_line(f"{where}: {self.key}: {self.message}{hint}")


class ConfigError(Exception):
    """The config has problems; ``problems`` lists all of them, in file order."""

    def __init__(self, filename: str, problems: list[Problem]) -> None:
        self.filename = filename
        self.problems = problems
        super().__init__("\n".join(self.render()))

    def render(self) -> list[str]:
        return [p.render(self.filename) for p in self.problems]
