"""Compile the Bot API 10.0 spec into the compact facts the fake Telegram server checks.

Source: ``shared/telegram-bot-api/api-10.0.json`` (PaulSonOfLars/telegram-bot-api-spec,
MIT licence, Copyright (c) 2020 Paul Larsen), itself scraped from core.telegram.org/bots/api.
Only facts are kept -- names, types, required flags, subtypes and the length limits that the
docs state in prose ("1-4096 characters", "1-64 bytes") -- never the description text.

Run from the repository root:  python scripts/compile_botapi_spec.py [SOURCE]
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any

DEFAULT_SOURCE = Path(__file__).resolve().parents[2] / "shared/telegram-bot-api/api-10.0.json"
TARGET = Path(__file__).resolve().parents[1] / "safeduty/testing/botapi_10_0.json"
LIMIT = re.compile(r"(\d+)-(\d+) (characters|bytes)")
REQUIRED_UNLESS = re.compile(r"Required if (\w+) is not specified")


def compact_field(field: dict[str, Any]) -> dict[str, Any]:
    """Keep what a validator needs from one field."""
    out: dict[str, Any] = {"types": field["types"], "required": field["required"]}
    text = field.get("description", "")
    if limit := LIMIT.search(text):
        out["min"], out["max"], out["unit"] = int(limit[1]), int(limit[2]), limit[3]
    if unless := REQUIRED_UNLESS.search(text):
        out["required_unless"] = unless[1]
    return out


def compile_spec(source: dict[str, Any]) -> dict[str, Any]:
    """Return the compact spec for every method and type of ``source``."""

    def fields(entry: dict[str, Any]) -> dict[str, Any]:
        return {f["name"]: compact_field(f) for f in entry.get("fields", [])}

    return {
        "source": "shared/telegram-bot-api/api-10.0.json "
        "(PaulSonOfLars/telegram-bot-api-spec, MIT licence, (c) 2020 Paul Larsen)",
        "generated_by": "scripts/compile_botapi_spec.py",
        "version": source["version"],
        "methods": {
            name: {"fields": fields(m), "returns": m["returns"]}
            for name, m in sorted(source["methods"].items())
        },
        "types": {
            name: {"fields": fields(t), **({"subtypes": t["subtypes"]} if "subtypes" in t else {})}
            for name, t in sorted(source["types"].items())
        },
    }


def main() -> None:
    src = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_SOURCE
    spec = compile_spec(json.loads(src.read_text(encoding="utf-8")))
    TARGET.write_text(json.dumps(spec, separators=(",", ":"), sort_keys=True) + "\n", "utf-8")
    print(f"wrote {TARGET} ({len(spec['methods'])} methods, {len(spec['types'])} types)")


if __name__ == "__main__":
    main()
