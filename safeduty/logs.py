"""Logging to stderr, one line per event, with the bot token scrubbed from every line."""

from __future__ import annotations

import logging
import sys


class RedactToken(logging.Filter):
    """Replace the token wherever it appears (URLs in library logs include it)."""

    def __init__(self, token: str | None) -> None:
        super().__init__()
        self.token = token

    def filter(self, record: logging.LogRecord) -> bool:
        if self.token:
            message = record.getMessage()
            if self.token in message:
                record.msg, record.args = message.replace(self.token, "<token>"), None
        return True


def setup_logging(token: str | None, level: int = logging.INFO) -> None:
    """Log to stderr; quiet the HTTP client, whose request lines would repeat every poll."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(RedactToken(token))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    for noisy in ("httpx", "httpcore", "apscheduler", "alembic"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
