"""Find the line of every key and array element in a TOML text, for error messages.

``tomllib`` gives values without positions, so this small scanner walks the (already valid)
text once and records where each key path starts: ``("duties", 1, "escalation", 0, "after")``.
"""

from __future__ import annotations

import tomllib
from bisect import bisect_right

from safeduty.config.problems import Path

__all__ = ["Path", "key_lines", "line_of"]


def _unescape(raw: str) -> str:
    """The key a quoted basic string such as ``"caf\\u00e9"`` names, decoded as TOML does."""
    try:
        return str(tomllib.loads(f'k = "{raw}"')["k"])
    except tomllib.TOMLDecodeError:
        return raw


class _Scanner:
    def __init__(self, text: str) -> None:
        self.s = text
        self.i = 0
        self.starts = [0] + [n + 1 for n, c in enumerate(text) if c == "\n"]
        self.lines: dict[Path, int] = {}
        self.tables_of_arrays: dict[Path, int] = {}

    def line(self) -> int:
        return bisect_right(self.starts, self.i)

    def peek(self, n: int = 1) -> str:
        return self.s[self.i : self.i + n]

    def skip(self, newlines: bool) -> None:
        while self.i < len(self.s):
            c = self.s[self.i]
            if c in " \t\r" or (newlines and c == "\n"):
                self.i += 1
            elif c == "#":
                while self.i < len(self.s) and self.s[self.i] != "\n":
                    self.i += 1
            else:
                return

    def string(self) -> str:
        """Skip a string, returning its raw text (escapes in basic strings left as written)."""
        for quote in ('"""', "'''"):
            if self.peek(3) == quote:
                j = self.i + 3
                while self.s[j : j + 3] != quote:
                    if j >= len(self.s):
                        raise IndexError("unterminated string")
                    j += 2 if quote == '"""' and self.s[j] == "\\" else 1
                while self.s[j + 3 : j + 4] == quote[0]:  # up to two quotes end the content
                    j += 1
                value, self.i = self.s[self.i + 3 : j], j + 3
                return value
        quote = self.s[self.i]
        j = self.i + 1
        while self.s[j] != quote:
            j += 2 if quote == '"' and self.s[j] == "\\" else 1
        value, self.i = self.s[self.i + 1 : j], j + 1
        return value

    def key(self) -> list[str]:
        parts: list[str] = []
        while True:
            self.skip(newlines=False)
            if self.peek() == "'":
                parts.append(self.string())
            elif self.peek() == '"':
                raw = self.string()
                parts.append(_unescape(raw) if "\\" in raw else raw)
            else:
                j = self.i
                while j < len(self.s) and (self.s[j].isalnum() or self.s[j] in "_-"):
                    j += 1
                parts.append(self.s[self.i : j])
                self.i = j
            self.skip(newlines=False)
            if self.peek() != ".":
                return parts
            self.i += 1

    def value(self, path: Path) -> None:
        self.skip(newlines=False)
        c = self.peek()
        if c == "[":
            self.i += 1
            index = 0
            while True:
                self.skip(newlines=True)
                if self.peek() == "]":
                    self.i += 1
                    return
                self.lines.setdefault((*path, index), self.line())
                self.value((*path, index))
                self.skip(newlines=True)
                if self.peek() == ",":
                    self.i += 1
                index += 1
        elif c == "{":
            self.i += 1
            while True:
                self.skip(newlines=False)
                if self.peek() == "}":
                    self.i += 1
                    return
                if self.peek() == ",":
                    self.i += 1
                    continue
                self.pair(path)
        elif c in ('"', "'"):
            self.string()
        else:
            while self.i < len(self.s) and self.s[self.i] not in ",]}\n#":
                self.i += 1

    def pair(self, table: Path) -> None:
        line = self.line()
        path = (*table, *self.key())
        for end in range(len(table) + 1, len(path) + 1):  # a.b = 1 also places "a"
            self.lines.setdefault(path[:end], line)
        self.skip(newlines=False)
        self.i += 1  # the "="
        self.value(path)

    def header(self) -> Path:
        is_array = self.peek(2) == "[["
        self.i += 2 if is_array else 1
        line = self.line()
        parts = self.key()
        resolved: Path = ()
        for part in parts[:-1]:
            resolved = (*resolved, part)
            self.lines.setdefault(resolved, line)  # [x.y] also places "x"
            if (count := self.tables_of_arrays.get(resolved)) is not None:
                resolved = (*resolved, count - 1)
        resolved = (*resolved, parts[-1])
        if is_array:
            count = self.tables_of_arrays.get(resolved, 0)
            self.tables_of_arrays[resolved] = count + 1
            self.lines.setdefault(resolved, line)
            resolved = (*resolved, count)
        self.lines.setdefault(resolved, line)
        self.i = self.s.index("\n", self.i) if "\n" in self.s[self.i :] else len(self.s)
        return resolved

    def run(self) -> dict[Path, int]:
        table: Path = ()
        while True:
            self.skip(newlines=True)
            if self.i >= len(self.s):
                return self.lines
            if self.peek() == "[":
                table = self.header()
            else:
                self.pair(table)


def key_lines(text: str) -> dict[Path, int]:
    """Map each key path (and array element) of a valid TOML ``text`` to its 1-based line.

    The scanner only ever sees text ``tomllib`` accepted; should it still trip on some
    corner of TOML, problems lose their line numbers instead of the checker crashing.
    """
    scanner = _Scanner(text)
    try:
        return scanner.run()
    except (IndexError, ValueError, RecursionError):
        return scanner.lines


def line_of(lines: dict[Path, int], path: Path) -> int | None:
    """The line of ``path``, else of its nearest ancestor that has one."""
    for end in range(len(path), 0, -1):
        if (found := lines.get(path[:end])) is not None:
            return found
    return None
