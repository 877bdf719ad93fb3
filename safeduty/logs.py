"""Logging to stderr, one line per event, with the bot token scrubbed from every line."""

from __future__ import annotations

import logging
import os
import sys
from typing import Any


class OneLineFormatter(logging.Formatter):
    """One line per event, with the bot token scrubbed from everything, exceptions included.

    An exception shows as its chain of ``Type: message`` (library errors and URLs can carry
    the token); ``SAFEDUTY_LOG_TRACEBACKS=1`` folds full tracebacks onto the line instead.
    """

    def __init__(self, fmt: str, *, token: str | None = None, tracebacks: bool = False) -> None:
        super().__init__(fmt)
        self.token = token
        self.tracebacks = tracebacks

    def formatException(self, ei: Any) -> str:  # noqa: N802  # logging's API name
        if self.tracebacks:
            return super().formatException(ei)
        exc, chain = ei[1], []
        while exc is not None:
            chain.append(f"{type(exc).__name__}: {exc}")
            exc = exc.__cause__ or exc.__context__
        return " <- ".join(chain)

    def format(self, record: logging.LogRecord) -> str:
        line = super().format(record).replace("\n", " | ")
        return line.replace(self.token, "<token>") if self.token else line


def setup_logging(token: str | None, level: int = logging.INFO) -> None:
    """Log to stderr; quiet the HTTP client, whose request lines would repeat every poll."""
    handler = logging.StreamHandler(sys.stderr)
    tracebacks = os.environ.get("SAFEDUTY_LOG_TRACEBACKS") == "1"
    fmt = "%(asctime)s %(levelname)s %(name)s: %(message)s"
    handler.setFormatter(OneLineFormatter(fmt, token=token, tracebacks=tracebacks))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    for noisy in ("httpx", "httpcore", "apscheduler", "alembic"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
