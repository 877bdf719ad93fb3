"""Check a Bot API request against the compiled Bot API 10.0 spec (``botapi_10_0.json``).

python-telegram-bot sends every parameter as a form field: objects and arrays arrive as
JSON text, numbers and booleans as strings. Values are decoded before their types are checked.
The spec facts come from ``scripts/compile_botapi_spec.py``; see ``BOTAPI_SPEC_LICENSE``.
"""

from __future__ import annotations

import html
import json
import re
from functools import cache
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

SPEC_FILE = Path(__file__).with_name("botapi_10_0.json")
HTML_TAGS = {
    "b",
    "strong",
    "i",
    "em",
    "u",
    "ins",
    "s",
    "strike",
    "del",
    "span",
    "tg-spoiler",
    "a",
    "code",
    "pre",
    "blockquote",
    "tg-emoji",
    "tg-time",
}


@cache
def spec() -> dict[str, Any]:
    """The compiled spec, loaded once."""
    return json.loads(SPEC_FILE.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


class FileUpload:
    """A file part of a multipart request."""

    def __init__(self, filename: str, content: bytes) -> None:
        self.filename = filename
        self.content = content


def _decode(value: Any) -> Any:
    if isinstance(value, str):
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value


def _fewest(results: list[list[str]]) -> list[str]:
    """Of several failed readings of a union type, the one with the fewest problems."""
    return sorted(results, key=len)[0]


def _is_int(value: Any) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, int):
        return True
    return isinstance(value, str) and re.fullmatch(r"-?\d+", value) is not None


def _check_type(kind: str, value: Any, where: str) -> list[str]:
    """Problems with ``value`` as Bot API type ``kind`` (empty when it fits)."""
    if kind.startswith("Array of "):
        items = _decode(value)
        if not isinstance(items, list):
            return [f"{where}: expected {kind}"]
        return [
            p for n, item in enumerate(items) for p in _check_type(kind[9:], item, f"{where}[{n}]")
        ]
    if kind == "Integer":
        return [] if _is_int(value) else [f"{where}: expected Integer, got {value!r}"]
    if kind == "Float":
        try:
            float(value)
        except (TypeError, ValueError):
            return [f"{where}: expected Float, got {value!r}"]
        return []
    if kind in ("Boolean", "True"):
        ok = value in (True, "true", "True") or (
            kind == "Boolean" and value in (False, "false", "False")
        )
        return [] if ok else [f"{where}: expected {kind}, got {value!r}"]
    if kind == "String":
        return [] if isinstance(value, str) else [f"{where}: expected String, got {value!r}"]
    if kind == "InputFile":
        return [] if isinstance(value, FileUpload) else [f"{where}: expected an uploaded file"]
    obj = spec()["types"].get(kind)
    if obj is None:
        return [f"{where}: unknown type {kind}"]
    decoded = _decode(value)
    if not isinstance(decoded, dict):
        return [f"{where}: expected {kind} object, got {value!r}"]
    if obj.get("subtypes"):
        results = [_check_type(sub, decoded, where) for sub in obj["subtypes"]]
        return [] if any(not r for r in results) else _fewest(results)
    return check_fields(obj["fields"], decoded, where, kind)


def _check_length(
    field: dict[str, Any], value: Any, where: str, parse_mode: str | None
) -> list[str]:
    if "max" not in field or not isinstance(value, str):
        return []
    if field["unit"] == "bytes":
        size = len(value.encode("utf-8"))
    else:
        size = len(strip_html(value) if parse_mode == "HTML" else value)
    if not field["min"] <= size <= field["max"]:
        return [f"{where}: {size} {field['unit']}, allowed {field['min']}-{field['max']}"]
    return []


def check_fields(
    fields: dict[str, Any], params: dict[str, Any], where: str, owner: str
) -> list[str]:
    """Problems with ``params`` against the spec ``fields`` of method or type ``owner``."""
    problems = []
    for name in params:
        if name not in fields:
            problems.append(f"{where}.{name}: not a parameter of {owner}")
    parse_mode = params.get("parse_mode")
    for name, field in fields.items():
        here = f"{where}.{name}"
        if name not in params or params[name] is None:
            unless = field.get("required_unless")
            if field["required"] or (unless and unless not in params):
                problems.append(f"{here}: required")
            continue
        value = params[name]
        # The docs: a String chat_id is "@username".
        if (
            name.endswith("chat_id")
            and isinstance(value, str)
            and not _is_int(value)
            and not value.startswith("@")
        ):
            problems.append(f"{here}: expected Integer or @username, got {value!r}")
            continue
        results = [_check_type(kind, value, here) for kind in field["types"]]
        if all(results):
            problems.extend(_fewest(results))
            continue
        problems.extend(_check_length(field, value, here, parse_mode))
        if name in ("text", "caption") and parse_mode == "HTML":
            problems.extend(check_html(value, here))
    return problems


def check_request(method: str, params: dict[str, Any]) -> list[str]:
    """Every spec violation in a call of ``method`` with ``params`` (empty when valid)."""
    entry = spec()["methods"].get(method)
    if entry is None:
        return [f"{method}: no such Bot API method"]
    return check_fields(entry["fields"], params, method, method)


class _TagChecker(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.problems: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in HTML_TAGS:
            self.problems.append(f"unsupported tag <{tag}>")
        self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack.pop() != tag:
            self.problems.append(f"unbalanced </{tag}>")

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def check_html(value: str, where: str) -> list[str]:
    """Problems Telegram would report as "can't parse entities" for an HTML text."""
    if re.search(r"&(?!(lt|gt|amp|quot|#\d+|#x[0-9a-fA-F]+);)", value):
        return [f"{where}: can't parse entities: unescaped '&'"]
    checker = _TagChecker()
    checker.feed(value)
    checker.close()
    if checker.stack:
        checker.problems.append(f"unclosed <{checker.stack[-1]}>")
    return [f"{where}: can't parse entities: {p}" for p in checker.problems]


def strip_html(value: str) -> str:
    """The text Telegram counts after parsing HTML entities."""
    return html.unescape(re.sub(r"<[^>]*>", "", value))
