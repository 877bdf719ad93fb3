"""Text and buttons of leave, cover, swap and heads-up messages, from the stored rows."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlmodel import Session
from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot import cover_buttons as cb
from bot.render import hhmm, local_date
from safeduty.domain.cover_states import UNSTAFFED, CoverReason, CoverState
from safeduty.domain.plan import local_moment
from safeduty.domain.states import DeliveryKind
from safeduty.services import Services
from safeduty.storage import covers, duties
from safeduty.storage.tables import Cover, Delivery, Occurrence
from safeduty.texts import t

KINDS = frozenset(
    {
        DeliveryKind.HEADS_UP,
        DeliveryKind.LEAVE_NOTICE,
        DeliveryKind.COVER_NEEDED,
        DeliveryKind.COVER_ASKED,
        DeliveryKind.COVER_ASSIGNED,
        DeliveryKind.COVER_ACCEPTED,
        DeliveryKind.COVER_DECLINED,
        DeliveryKind.UNSTAFFED,
        DeliveryKind.COVER_WITHDRAWN,
    }
)
BUTTON_CHARS = 40
Composed = tuple[str, InlineKeyboardMarkup | None]


def name(services: Services, staff_id: str | None) -> str:
    person = services.config.staff_by_id(staff_id) if staff_id else None
    return person.name if person else str(staff_id)


def when(day: date, moment: datetime, lang: str, zone: ZoneInfo) -> str:
    """``12月3日 周四 07:20`` or ``Thu 3 Dec 07:20``."""
    return f"{local_date(day, lang)} {hhmm(moment, zone)}"


def zone_of(services: Services) -> ZoneInfo:
    return ZoneInfo(services.config.school.timezone)


def _deadline(services: Services, cover: Cover) -> str:
    """The duty's deadline that day, from the config (the cover keeps only its reminder)."""
    duty = services.config.duty_by_id(cover.duty_id)
    if duty is None:
        return "?"
    return hhmm(local_moment(cover.day, duty.deadline, zone_of(services)), zone_of(services))


def cover_when(services: Services, cover: Cover, lang: str) -> str:
    return when(cover.day, cover.remind_at, lang, zone_of(services))


def status_line(services: Services, cover: Cover, lang: str) -> str:
    """``• 12月3日 周四 11:30 午餐食品安全 → 张老师代班``."""
    state = CoverState(cover.state)
    key = "cover_status_deputy" if cover.deputy and state == CoverState.ACCEPTED else None
    status = t(lang, key or f"cover_status_{state}", name=name(services, cover.substitute))
    return t(
        lang,
        "cover_line",
        when=cover_when(services, cover, lang),
        duty=cover.duty_name,
        status=status,
    )


def find_button(secret: str, cover: Cover, lang: str) -> InlineKeyboardButton:
    """ "Find cover: <when> <duty>": opens the list of colleagues to ask."""
    label = t(lang, "btn_find", when=local_date(cover.day, lang), duty=cover.duty_name)
    data = cb.encode(secret, cb.COVER, "p", str(cover.id), cb.NONE)
    return InlineKeyboardButton(label[:BUTTON_CHARS], callback_data=data)


def find_buttons(secret: str, rows: list[Cover], lang: str) -> InlineKeyboardMarkup | None:
    """One "find cover" button per cover still without a person."""
    open_ = [c for c in rows if c.reason == CoverReason.LEAVE and c.state in UNSTAFFED]
    if not open_:
        return None
    return InlineKeyboardMarkup([[find_button(secret, c, lang)] for c in open_[:20]])


def answer_buttons(secret: str, cover: Cover, lang: str) -> InlineKeyboardMarkup:
    """Accept / decline, under the question to the colleague."""
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    t(lang, "btn_accept"),
                    callback_data=cb.encode(secret, cb.COVER, "a", str(cover.id), cb.NONE),
                ),
                InlineKeyboardButton(
                    t(lang, "btn_decline"),
                    callback_data=cb.encode(secret, cb.COVER, "d", str(cover.id), cb.NONE),
                ),
            ]
        ]
    )


def leave_text(services: Services, session: Session, leave_id: int, lang: str) -> str:
    """The duties a leave touches and who covers each."""
    rows = covers.covers_of_leave(session=session, leave_id=leave_id)
    leave = covers.leave(session=session, leave_id=leave_id)
    if leave is None:
        return ""
    if not rows:
        return t(lang, "leave_no_duties", name=name(services, leave.staff_id))
    lines = [t(lang, "leave_duties"), *(status_line(services, c, lang) for c in rows)]
    return "\n".join(lines)


def compose(
    services: Services, session: Session, delivery: Delivery, occ: Occurrence | None, lang: str
) -> Composed:
    """The owed message of one of :data:`KINDS`."""
    kind = DeliveryKind(delivery.kind)
    if kind == DeliveryKind.HEADS_UP:
        return _heads_up(services, session, occ, lang), None
    if kind == DeliveryKind.LEAVE_NOTICE:
        return _leave_notice(services, session, delivery, lang), None
    cover = covers.cover(session=session, cover_id=delivery.cover_id or 0)
    if cover is None:
        raise ValueError(f"delivery {delivery.id} of kind {kind} has no cover")
    secret = duties.secret(session=session)
    values = {
        "when": cover_when(services, cover, lang),
        "duty": cover.duty_name,
        "absent": name(services, cover.absent),
        "name": name(services, cover.substitute),
        "by": name(services, cover.proposed_by),
        "deadline": _deadline(services, cover),
    }
    swap = cover.reason == CoverReason.SWAP
    if kind == DeliveryKind.COVER_ASKED:
        text = t(lang, "swap_ask" if swap else "cover_ask", **values)
        return text, answer_buttons(secret, cover, lang)
    if kind == DeliveryKind.COVER_ASSIGNED:
        return t(lang, "cover_assigned", **values), None
    if kind == DeliveryKind.COVER_ACCEPTED:
        return t(lang, "swap_accepted_notice" if swap else "cover_accepted_notice", **values), None
    if kind == DeliveryKind.COVER_DECLINED:
        if swap:
            return t(lang, "swap_declined_notice", **values), None
        markup = find_buttons(secret, [cover], lang)
        return t(lang, "cover_declined_notice", **values), markup
    if kind == DeliveryKind.COVER_WITHDRAWN:
        return t(lang, "cover_withdrawn", **values), None
    if kind == DeliveryKind.UNSTAFFED:
        markup = find_buttons(secret, [cover], lang)
        return t(lang, "cover_unstaffed", **values), markup
    return _needed(services, session, cover, lang, secret)


def _needed(services: Services, session: Session, cover: Cover, lang: str, secret: str) -> Composed:
    """To the officers: the leave's duties that have nobody, each with a "find" button."""
    leave = covers.leave(session=session, leave_id=cover.leave_id or 0)
    rows = covers.covers_of_leave(session=session, leave_id=cover.leave_id or 0)
    head = t(
        lang,
        "cover_needed",
        absent=name(services, cover.absent),
        first=local_date(leave.first_day if leave else cover.day, lang),
        last=local_date(leave.last_day if leave else cover.day, lang),
    )
    lines = [head, *(status_line(services, c, lang) for c in rows if not c.deputy)]
    lines += ["", t(lang, "cover_needed_hint")]
    return "\n".join(lines), find_buttons(secret, rows, lang)


def _leave_notice(services: Services, session: Session, delivery: Delivery, lang: str) -> str:
    """To someone an admin recorded leave for: the period and who covers what."""
    leaves = covers.leaves_between(
        session=session, first=delivery.day or date.min, last=delivery.day or date.min
    )
    mine = [s for s in leaves if s.staff_id == delivery.recipient and s.first_day == delivery.day]
    if not mine:
        raise ValueError(f"delivery {delivery.id}: no active leave starts on {delivery.day}")
    leave = mine[-1]
    head = t(
        lang,
        "leave_notice",
        by=name(services, leave.requested_by),
        first=local_date(leave.first_day, lang),
        last=local_date(leave.last_day, lang),
    )
    return f"{head}\n{leave_text(services, session, leave.id or 0, lang)}"


def _heads_up(services: Services, session: Session, occ: Occurrence | None, lang: str) -> str:
    if occ is None:
        raise ValueError("a heads-up without its occurrence")
    zone = zone_of(services)
    covered = covers.covering(session=session, occ=occ)
    covering = t(lang, "heads_up_covering", name=name(services, covered.absent)) if covered else ""
    return t(
        lang,
        "heads_up",
        when=when(occ.day, occ.remind_at, lang, zone),
        duty=occ.duty_name,
        deadline=hhmm(occ.deadline, zone),
        covering=covering,
    )
