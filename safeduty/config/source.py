"""Read a config file into text, reporting unreadable or non-UTF-8 files as problems.

Windows Notepad saves UTF-8 with a byte-order mark and "Unicode" as UTF-16; the first is
accepted, the second is named, and any other bad byte is reported at its line.
"""

from __future__ import annotations

import codecs
from pathlib import Path as FsPath

from safeduty.config.problems import Problem

MAX_BYTES = 1_000_000  # a school's config is a few KB; more is a wrong file, not a config
FILE = "(file)"


def read_bytes(path: FsPath) -> bytes | Problem:
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_BYTES + 1)
    except FileNotFoundError:
        return Problem(FILE, "cannot read: no such file", "check the path")
    except IsADirectoryError:
        return Problem(FILE, "cannot read: it is a directory", "give the path of the .toml file")
    except PermissionError:
        return Problem(FILE, "cannot read: permission denied", "check the file's permissions")
    except (OSError, ValueError) as exc:  # ValueError: a NUL byte in the path
        return Problem(FILE, f"cannot read: {getattr(exc, 'strerror', None) or exc}")
    if len(data) > MAX_BYTES:
        return Problem(FILE, "is larger than 1 MB", "is this really the school's config?")
    return data


def decode(data: bytes) -> str | Problem:
    """UTF-8 text without a byte-order mark, or the problem pointing at the first bad line."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return Problem(FILE, "is saved as UTF-16", "save it as UTF-8", 1)
    try:
        return data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        bad = data[exc.start : exc.start + 1].hex().upper()
        return Problem(FILE, f"is not UTF-8 text: byte 0x{bad} on this line", "save as UTF-8", line)


def read_text(path: FsPath) -> str | Problem:
    """The text of the file at ``path``, or the one problem that stops it being read."""
    data = read_bytes(path)
    return data if isinstance(data, Problem) else decode(data)
