"""Load and check a school config; every problem names its key path and its line."""

from __future__ import annotations

import difflib
import re
import tomllib
import types
import typing
from dataclasses import dataclass
from pathlib import Path as FsPath
from typing import Any

from pydantic import BaseModel, ValidationError

from safeduty.config.locate import Path, key_lines, line_of
from safeduty.config.model import SchoolConfig
from safeduty.config.sanity import sanity_problems

_TOML_POSITION = re.compile(r"\(at line (\d+), column \d+\)")


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
        return f"{where}: {self.key}: {self.message}{hint}"


class ConfigError(Exception):
    """The config has problems; ``problems`` lists all of them, in file order."""

    def __init__(self, filename: str, problems: list[Problem]) -> None:
        self.filename = filename
        self.problems = problems
        super().__init__("\n".join(self.render()))

    def render(self) -> list[str]:
        return [p.render(self.filename) for p in self.problems]


def dotted(path: Path) -> str:
    """``("duties", 0, "rota", "mon")`` -> ``duties[0].rota.mon``."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(top level)"


def _model_at(path: Path) -> type[BaseModel] | None:
    """The model class whose fields are valid at ``path``, for "did you mean" hints."""
    model: Any = SchoolConfig
    for part in path:
        if isinstance(part, int):
            continue
        if not (isinstance(model, type) and issubclass(model, BaseModel)):
            return None
        field = next((f for n, f in model.model_fields.items() if (f.alias or n) == part), None)
        if field is None:
            return None
        model = field.annotation
        while typing.get_origin(model) in (list, typing.Union, types.UnionType):
            model = next(a for a in typing.get_args(model) if a is not type(None))
    return model if isinstance(model, type) and issubclass(model, BaseModel) else None


def _unknown_key_hint(path: Path) -> str | None:
    model = _model_at(path[:-1])
    if model is None:
        return None
    names = [f.alias or n for n, f in model.model_fields.items()]
    close = difflib.get_close_matches(str(path[-1]), names, n=1)
    return f"did you mean {close[0]!r}?" if close else f"known keys: {', '.join(names)}"


def _schema_problems(error: ValidationError, lines: dict[Path, int]) -> list[Problem]:
    problems = []
    for item in error.errors(include_url=False):
        path: Path = tuple(p for p in item["loc"] if isinstance(p, str | int))
        kind = item["type"]
        if kind == "extra_forbidden":
            message, hint = "unknown key", _unknown_key_hint(path)
        elif kind == "missing":
            message, hint = "is required", None
        else:
            message = item["msg"].removeprefix("Value error, ")
            hint = None
            if "input" in item and not isinstance(item["input"], dict | list):
                hint = f"got {item['input']!r}" if "got" not in message else None
        problems.append(Problem(dotted(path), message, hint, line_of(lines, path)))
    return problems


def parse_config(text: str, filename: str = "<config>") -> SchoolConfig:
    """Parse and check a config text; raise :class:`ConfigError` listing every problem."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        position = _TOML_POSITION.search(str(exc))
        message = _TOML_POSITION.sub("", str(exc)).strip()
        line = int(position[1]) if position else None
        raise ConfigError(filename, [Problem("TOML syntax", message, None, line)]) from None
    lines = key_lines(text)
    try:
        config = SchoolConfig.model_validate(data)
    except ValidationError as exc:
        problems = _schema_problems(exc, lines)
        raise ConfigError(filename, sorted(problems, key=lambda p: p.line or 0)) from None
    found = [
        Problem(dotted(path), message, hint, line_of(lines, path))
        for path, message, hint in sanity_problems(config)
    ]
    if found:
        raise ConfigError(filename, sorted(found, key=lambda p: p.line or 0))
    return config


def load_config(path: str | FsPath) -> SchoolConfig:
    """Read and check the config file at ``path``."""
    fs_path = FsPath(path)
    try:
        text = fs_path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(str(path), [Problem("(file)", f"cannot read: {exc}")]) from None
    return parse_config(text, str(path))
