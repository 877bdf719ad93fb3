"""Pydantic's validation errors, reworded for an admin: plain words, never a pattern."""

from __future__ import annotations

import difflib
import types
import typing
from datetime import date, datetime, time
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from safeduty.config.locate import line_of
from safeduty.config.model import SchoolConfig
from safeduty.config.problems import Path, Problem, dotted, shown

_TOML_TYPES: tuple[tuple[type, str], ...] = (
    (bool, "a boolean"),
    (int, "an integer"),
    (float, "a float"),
    (str, "a string"),
    (datetime, "a date-time"),
    (date, "a date"),
    (time, "a time"),
    (list, "an array"),
    (dict, "a table"),
)
_WANTED = {
    "dict_type": "a table",
    "model_type": "a table",
    "model_attributes_type": "a table",
    "list_type": "an array [...]",
    "string_type": "a string in quotes",
    "int_type": "a valid integer (a whole number)",
    "bool_type": "true or false",
}


def _toml_type(value: object) -> str:
    return next((name for kind, name in _TOML_TYPES if isinstance(value, kind)), "a value")


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


def _reworded(item: ErrorDetails, path: Path) -> tuple[str, str | None]:
    """(message, hint) for one pydantic error."""
    kind, value = item["type"], item.get("input")
    if kind == "extra_forbidden":
        return "unknown key", _unknown_key_hint(path)
    if kind == "missing":
        return "is required", None
    if kind in _WANTED:
        return f"should be {_WANTED[kind]}, not {_toml_type(value)}", None
    if kind == "string_pattern_mismatch":  # a safety net: the models use validators instead
        message = "has characters that are not allowed here"
    else:
        message = item["msg"].removeprefix("Value error, ")
    if isinstance(value, dict | list) or "got " in message or shown(value) in message:
        return message, None
    return message, f"got {shown(value)}"


def schema_problems(error: ValidationError, lines: dict[Path, int]) -> list[Problem]:
    """One problem per validation error, at the line of the key it concerns."""
    problems = []
    for item in error.errors(include_url=False):
        # "[key]" marks a bad key of a table (a rota's weekday); the key itself is the path
        path: Path = tuple(p for p in item["loc"] if isinstance(p, str | int) and p != "[key]")
        message, hint = _reworded(item, path)
        problems.append(Problem(dotted(path), message, hint, line_of(lines, path)))
    return problems
