"""Build the text and buttons of every duty message from the stored occurrence and answers."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from zoneinfo import ZoneInfo

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.callbacks import encode
from safeduty.config.values import WEEKDAYS
from safeduty.storage.tables import ItemAnswer, Occurrence
from safeduty.texts import t

OK, PROBLEM, UNSET = "✅", "⚠️", "⬜"
LABEL_CHARS = 40
NOTE_CHARS = 150  # shown under an item; the full note is in the record and the notice
MESSAGE_CHARS = 4096


def local_date(day: date, lang: str) -> str:
    """``12月1日 周二`` or ``Tue 1 Dec``."""
    weekday = t(lang, f"weekday_{WEEKDAYS[day.weekday()]}")
    if lang == "en":
        return f"{weekday} {day.day} {day:%b}"
    return f"{day.month}月{day.day}日 {weekday}"


def shorten(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` characters with an ellipsis when longer."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def hhmm(moment: datetime, zone: ZoneInfo) -> str:
    """A moment as school-local ``HH:MM``."""
    return moment.astimezone(zone).strftime("%H:%M")


def _mark(answer: ItemAnswer | None) -> str:
    if answer is None:
        return UNSET
    return OK if answer.ok else PROBLEM


def _items(
    occ: Occurrence, answers: dict[int, ItemAnswer], lang: str, note_chars: int = NOTE_CHARS
) -> list[str]:
    lines = []
    for n, item in enumerate(occ.checklist):
        answer = answers.get(n)
        lines.append(f"{n + 1}. {_mark(answer)} {item}")
        if answer is not None and not answer.ok and answer.note and note_chars:
            lines.append("    " + t(lang, "note_line", note=shorten(answer.note, note_chars)))
        if answer is not None and not answer.ok and answer.photo_file_id:
            lines.append("    " + t(lang, "photo_line"))
    return lines


def _fit(build: Callable[[int], str]) -> str:
    """The text with notes as long as fit in one message (Telegram allows 4096 characters)."""
    for chars in (NOTE_CHARS, 40, 0):
        text = build(chars)
        if len(text) <= MESSAGE_CHARS:
            return text
    return shorten(text, MESSAGE_CHARS)


def checklist_message(
    *,
    occ: Occurrence,
    answers: dict[int, ItemAnswer],
    lang: str,
    zone: ZoneInfo,
    secret: str,
    title_key: str = "reminder_title",
    minutes_left: int = 0,
) -> tuple[str, InlineKeyboardMarkup]:
    """The answerable checklist: all-clear, one toggle per item, submit."""
    assert occ.id is not None  # noqa: S101  # stored rows have ids
    title = t(lang, title_key, duty=occ.duty_name, minutes=minutes_left)
    due = t(lang, "due_line", date=local_date(occ.day, lang), deadline=hhmm(occ.deadline, zone))
    text = _fit(
        lambda chars: "\n".join(
            [title, due, "", *_items(occ, answers, lang, chars), "", t(lang, "checklist_hint")]
        )
    )
    rows = [
        [InlineKeyboardButton(t(lang, "btn_all_clear"), callback_data=encode(secret, "a", occ.id))]
    ]
    for n, item in enumerate(occ.checklist):
        label = f"{_mark(answers.get(n))} {n + 1}. {item}"[:LABEL_CHARS]
        rows.append([InlineKeyboardButton(label, callback_data=encode(secret, "t", occ.id, n))])
    rows.append(
        [InlineKeyboardButton(t(lang, "btn_submit"), callback_data=encode(secret, "s", occ.id))]
    )
    return text, InlineKeyboardMarkup(rows)


def answered_message(
    *, occ: Occurrence, answers: dict[int, ItemAnswer], lang: str, zone: ZoneInfo, by_name: str
) -> str:
    """The checklist as submitted, with who and when; it has no buttons."""
    assert occ.answered_at is not None  # noqa: S101  # only called once answered
    late = t(lang, "late_mark") if occ.late else ""
    head = [
        t(lang, "answered_title", duty=occ.duty_name),
        t(lang, "answered_line", by=by_name, time=hhmm(occ.answered_at, zone), late=late),
        "",
    ]
    return _fit(lambda chars: "\n".join([*head, *_items(occ, answers, lang, chars)]))


def escalation_message(
    *,
    occ: Occurrence,
    lang: str,
    zone: ZoneInfo,
    level: int,
    assignee_name: str,
    assignee_user_id: int | None,
    unreachable: bool,
) -> tuple[str, InlineKeyboardMarkup | None]:
    """An escalation to someone other than the assignee, with a way to reach them."""
    text = t(
        lang,
        "escalation_other",
        level=level,
        assignee=assignee_name,
        duty=occ.duty_name,
        date=local_date(occ.day, lang),
        deadline=hhmm(occ.deadline, zone),
    )
    if unreachable:
        text += "\n" + t(lang, "unreachable_line", assignee=assignee_name)
    if assignee_user_id is None:
        return text, None
    button = InlineKeyboardButton(
        t(lang, "btn_contact", name=assignee_name), url=f"tg://user?id={assignee_user_id}"
    )
    return text, InlineKeyboardMarkup([[button]])


def resolved_message(
    *, occ: Occurrence, lang: str, zone: ZoneInfo, by_name: str, assignee_name: str
) -> str:
    """Tells everyone an escalation reached that the duty is now answered."""
    assert occ.answered_at is not None  # noqa: S101  # only called once answered
    late = t(lang, "late_mark") if occ.late else ""
    return t(
        lang,
        "resolved_notice",
        by=by_name,
        time=hhmm(occ.answered_at, zone),
        duty=occ.duty_name,
        assignee=assignee_name,
        late=late,
    )


def problem_message(*, occ: Occurrence, answer: ItemAnswer, lang: str, assignee_name: str) -> str:
    """The safety officer's notice of a problem, with its note."""
    return t(
        lang,
        "problem_notice",
        duty=occ.duty_name,
        assignee=assignee_name,
        date=local_date(occ.day, lang),
        item=occ.checklist[answer.item],
        note=answer.note or t(lang, "no_note"),
    )
