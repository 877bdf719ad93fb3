"""Text and buttons of every hazard message, from the stored hazard, its steps and photos."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from zoneinfo import ZoneInfo

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.hazard_buttons import encode
from bot.render import local_date, shorten
from safeduty.config.hazard_model import DEFAULT_CATEGORIES
from safeduty.config.model import SchoolConfig
from safeduty.domain.hazards import HazardAction, HazardLevel, is_overdue
from safeduty.storage.tables import Hazard, HazardStep
from safeduty.texts import t

LABEL_CHARS = 40
PER_ROW = 3
LIST_CHARS = 40  # a description in the list


def category(lang: str, value: str) -> str:
    """A built-in category in the reader's language; a school's own as written."""
    return t(lang, f"hazard_cat_{value}") if value in DEFAULT_CATEGORIES else value


def level(lang: str, value: str) -> str:
    return t(lang, f"hazard_level_{value}")


def state(lang: str, value: str) -> str:
    return t(lang, f"hazard_state_{value}")


def name(config: SchoolConfig, lang: str, staff_id: str | None) -> str:
    """A staff member's name (their id once they left); the bot itself by name."""
    if staff_id is None:
        return t(lang, "hazard_nobody")
    if staff_id == "system":
        return t(lang, "system_actor")
    person = config.staff_by_id(staff_id)
    return person.name if person else staff_id


def when(moment: datetime, zone: ZoneInfo) -> str:
    """``12-01 07:32``, school-local."""
    return moment.astimezone(zone).strftime("%m-%d %H:%M")


def due(lang: str, deadline: date | None) -> str:
    return local_date(deadline, lang) if deadline else t(lang, "hazard_no_deadline")


def place(lang: str, hazard: Hazard) -> str:
    return hazard.place or t(lang, "hazard_no_place")


def photos_line(lang: str, hazard_id: int, count: int) -> str:
    return t(lang, "hazard_photos_line", count=count, id=hazard_id) if count else ""


def _rows(buttons: list[InlineKeyboardButton], per_row: int = PER_ROW) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([buttons[i : i + per_row] for i in range(0, len(buttons), per_row)])


def owner_keyboard(secret: str, config: SchoolConfig, hazard_id: int) -> InlineKeyboardMarkup:
    """One button per staff member (the one assigning included): who will fix it."""
    return _rows(
        [
            InlineKeyboardButton(
                s.name[:LABEL_CHARS], callback_data=encode(secret, "o", hazard_id, s.id)
            )
            for s in config.staff
        ]
    )


def deadline_keyboard(
    secret: str, config: SchoolConfig, hazard_id: int, owner: str, lang: str
) -> InlineKeyboardMarkup:
    """Today, or within N days, as the config lists them."""
    buttons = []
    for days in config.hazards.deadline_days:
        label = (
            t(lang, "btn_deadline_today") if days == 0 else t(lang, "btn_deadline_days", days=days)
        )
        buttons.append(
            InlineKeyboardButton(
                label, callback_data=encode(secret, "w", hazard_id, f"{owner}~{days}")
            )
        )
    return _rows(buttons)


def fixed_button(secret: str, hazard_id: int, lang: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(t(lang, "btn_fixed"), callback_data=encode(secret, "f", hazard_id))]]
    )


def verify_keyboard(secret: str, hazard_id: int, lang: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    t(lang, "btn_verify"), callback_data=encode(secret, "v", hazard_id)
                )
            ],
            [
                InlineKeyboardButton(
                    t(lang, "btn_reopen"), callback_data=encode(secret, "r", hazard_id)
                )
            ],
        ]
    )


def recheck_keyboard(
    secret: str, hazard_id: int, occurrence_id: int, lang: str
) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    t(lang, "btn_still_fixed"),
                    callback_data=encode(secret, "y", hazard_id, occurrence_id),
                ),
                InlineKeyboardButton(
                    t(lang, "btn_not_fixed"),
                    callback_data=encode(secret, "x", hazard_id, occurrence_id),
                ),
            ]
        ]
    )


def place_keyboard(secret: str, config: SchoolConfig, lang: str) -> InlineKeyboardMarkup:
    buttons = [
        InlineKeyboardButton(p, callback_data=encode(secret, "p", 0, n))
        for n, p in enumerate(config.hazards.places)
    ]
    buttons.append(
        InlineKeyboardButton(t(lang, "btn_place_other"), callback_data=encode(secret, "p", 0, "x"))
    )
    return _rows(buttons, 2)


def single(
    secret: str, lang: str, label_key: str, action: str, number: int = 0
) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(t(lang, label_key), callback_data=encode(secret, action, number))]]
    )


def category_keyboard(secret: str, config: SchoolConfig, lang: str) -> InlineKeyboardMarkup:
    return _rows(
        [
            InlineKeyboardButton(category(lang, c), callback_data=encode(secret, "c", 0, n))
            for n, c in enumerate(config.hazards.categories)
        ],
        2,
    )


def level_keyboard(secret: str, lang: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    t(lang, "btn_level_general"), callback_data=encode(secret, "l", 0, "g")
                ),
                InlineKeyboardButton(
                    t(lang, "btn_level_major"), callback_data=encode(secret, "l", 0, "m")
                ),
            ]
        ]
    )


def track_keyboard(secret: str, occurrence_id: int, item: int, lang: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    t(lang, "btn_track"),
                    callback_data=encode(secret, "t", occurrence_id, f"{item}~g"),
                )
            ],
            [
                InlineKeyboardButton(
                    t(lang, "btn_track_major"),
                    callback_data=encode(secret, "t", occurrence_id, f"{item}~m"),
                )
            ],
        ]
    )


def level_mark(lang: str, hazard: Hazard) -> str:
    prefix = "🚨" if hazard.level == HazardLevel.MAJOR else ""
    return prefix + level(lang, hazard.level)


def _step_text(config: SchoolConfig, lang: str, s: HazardStep) -> str:
    action = HazardAction(s.action)
    if action == HazardAction.ASSIGNED:
        return t(
            lang,
            "hazard_step_assigned",
            owner=name(config, lang, s.owner),
            deadline=due(lang, s.deadline),
        )
    if action == HazardAction.ESCALATED:
        target = s.note or ""
        kind, _, rest = target.partition(":")
        shown = (
            name(config, lang, rest)
            if kind == "staff"
            else ", ".join(p.name for p in config.staff_with_role(rest))
            if kind == "role"
            else t(lang, "ledger_owner")
        )
        return t(lang, "hazard_step_escalated", target=shown or target)
    if action == HazardAction.FIXED:
        return t(lang, "hazard_step_fixed", note=s.note or t(lang, "no_note"))
    if action == HazardAction.REOPENED:
        return t(lang, "hazard_step_reopened", note=s.note or "", deadline=due(lang, s.deadline))
    return t(lang, f"hazard_step_{action}")


def detail(
    config: SchoolConfig,
    hazard: Hazard,
    steps: Sequence[HazardStep],
    lang: str,
    now: datetime,
) -> str:
    """``/hazard ID``: the hazard as it stands and its whole timeline, who did what and when."""
    zone = ZoneInfo(config.school.timezone)
    overdue = (
        t(lang, "hazard_overdue_mark").strip()
        if is_overdue(hazard.state, hazard.deadline, now, zone)
        else ""
    )
    lines = [
        t(
            lang,
            "hazard_title",
            id=hazard.id,
            state=state(lang, hazard.state),
            level=level_mark(lang, hazard),
        ),
        hazard.description,
        t(
            lang,
            "hazard_where",
            place=place(lang, hazard),
            category=category(lang, hazard.category),
        ),
        t(
            lang,
            "hazard_who",
            reporter=name(config, lang, hazard.reported_by),
            time=when(hazard.reported_at, zone),
        ),
        t(
            lang,
            "hazard_owner_line",
            owner=name(config, lang, hazard.owner),
            deadline=due(lang, hazard.deadline),
            overdue=f" {overdue}" if overdue else "",
        ),
        "",
        t(lang, "hazard_timeline"),
    ]
    for s in steps:
        lines.append(
            t(
                lang,
                "hazard_step_line",
                time=when(s.at, zone),
                actor=name(config, lang, s.actor),
                what=_step_text(config, lang, s),
            )
        )
    return "\n".join(lines)


def list_line(config: SchoolConfig, hazard: Hazard, lang: str, now: datetime) -> str:
    """One line of ``/hazards``."""
    zone = ZoneInfo(config.school.timezone)
    overdue = is_overdue(hazard.state, hazard.deadline, now, zone)
    return t(
        lang,
        "hazards_line",
        id=hazard.id,
        overdue=t(lang, "hazard_overdue_mark") if overdue else "",
        level=level_mark(lang, hazard),
        description=shorten(hazard.description, LIST_CHARS),
        place=place(lang, hazard),
        owner=name(config, lang, hazard.owner),
        deadline=due(lang, hazard.deadline),
        state=state(lang, hazard.state),
    )
