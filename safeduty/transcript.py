"""Print the fake Telegram's conversation log as a readable chat, in school-local time."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TextIO

from safeduty.testing.fake_telegram import Event

LABELS = {
    "zh-CN": {"bot": "机器人", "tap": "点按", "photo": "照片", "document": "文件", "toast": "提示"},
    "en": {"bot": "bot", "tap": "taps", "photo": "photo", "document": "file", "toast": "notice"},
}


class Transcript:
    """Prints events as they happen, each stamped with the simulated school-local minute."""

    def __init__(
        self, events: list[Event], names: dict[int, str], language: str, out: TextIO
    ) -> None:
        self.events = events
        self.names = names
        self.labels = LABELS.get(language, LABELS["en"])
        self.out = out
        self.shown = 0

    def flush(self, now: Callable[[], datetime]) -> None:
        """Print every event since the last flush, stamped with ``now()``."""
        stamp = now().strftime("%H:%M")
        for event in self.events[self.shown :]:
            self.out.write(self.render(event, stamp) + "\n")
        self.shown = len(self.events)
        self.out.flush()

    def render(self, event: Event, stamp: str) -> str:
        """One event as ``[07:20] bot → 王老师: text`` with indented continuation lines."""
        person = self.names.get(event.chat_id, str(event.chat_id))
        bot = self.labels["bot"]
        if event.actor == "user":
            head = f"[{stamp}] {person} → {bot}"
        else:
            head = f"[{stamp}] {bot} → {person}"
        text = event.text
        if event.kind in ("tap", "photo", "document", "toast"):
            text = f"({self.labels[event.kind]}) {text}".rstrip()
        elif event.kind == "edit":
            text = f"(✎) {text}"
        lines = text.splitlines() or [""]
        body = "\n".join([lines[0], *(("        " + line).rstrip() for line in lines[1:])])
        buttons = "".join(f" [{label}]" for label in event.buttons)
        return f"{head}: {body}" + (f"\n        {buttons.strip()}" if buttons else "")
