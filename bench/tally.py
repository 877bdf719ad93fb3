"""What the fake Telegram received, counted for the throughput benchmarks.

A reminder is recognised by its "all clear" button, whose data names the occurrence
(``bot/callbacks.py``): a chat with none lost its reminder, a chat with two for the same
occurrence got a duplicate.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine, make_url, text

from safeduty.testing.fake_records import Sent
from safeduty.testing.fake_telegram import FakeTelegram

ALL_CLEAR = re.compile(r"^1\.a\.(\d+)\.")


def reminder_of(sent: Sent) -> int | None:
    """The occurrence ``sent`` reminds of (as first sent), or None if it is no reminder."""
    for button in sent.sent_buttons:
        if match := ALL_CLEAR.match(button.get("callback_data", "")):
            return int(match.group(1))
    return None


@dataclass(frozen=True)
class Tally:
    """Reminders delivered to a set of chats."""

    delivered: int  # chats with at least one reminder
    lost: int  # chats with none
    duplicated: int  # reminders beyond the first for the same occurrence in a chat
    last_at: float | None  # monotonic time the last first reminder arrived
    arrivals: tuple[float, ...] = ()  # each chat's first reminder, monotonic, in order

    @classmethod
    def of(cls, telegram: FakeTelegram, chats: Iterable[int]) -> Tally:
        delivered = lost = duplicated = 0
        last: float | None = None
        arrivals = []
        for chat in chats:
            reminders = [s for s in telegram.messages.get(chat, []) if reminder_of(s) is not None]
            if not reminders:
                lost += 1
                continue
            delivered += 1
            per_occurrence = Counter(reminder_of(s) for s in reminders)
            duplicated += sum(n - 1 for n in per_occurrence.values())
            first = min(s.at for s in reminders)
            arrivals.append(first)
            last = first if last is None else max(last, first)
        return cls(delivered, lost, duplicated, last, tuple(sorted(arrivals)))


def process_url(engine: Engine, folder: Path) -> str:
    """The URL a separate process opens to reach ``engine``'s database (and schema)."""
    if engine.dialect.name == "sqlite":
        return f"sqlite:///{folder / 'bench.db'}"
    with engine.connect() as conn:
        schema = str(conn.execute(text("SHOW search_path")).scalar())
    url = engine.url.update_query_dict({"options": f"-csearch_path={schema}"})
    return make_url(url).render_as_string(hide_password=False)


def peak_rss_mb(pid: int) -> float | None:
    """A process's peak resident set (VmHWM) in MB, while it runs; None if unreadable."""
    try:
        status = Path(f"/proc/{pid}/status").read_text("utf-8")
    except OSError:
        return None
    for line in status.splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return None
