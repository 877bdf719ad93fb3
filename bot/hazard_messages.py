"""The owed hazard messages as the sender sends them: rendered from the hazard as it stands."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from sqlmodel import Session
from telegram import InlineKeyboardMarkup

from bot import hazard_render as hr
from safeduty.domain.hazards import HazardLevel, HazardState
from safeduty.domain.states import DeliveryKind
from safeduty.services import Services
from safeduty.storage import duties, hazards
from safeduty.storage.tables import Delivery, Hazard, Occurrence
from safeduty.texts import t


def compose(
    services: Services, session: Session, delivery: Delivery, lang: str
) -> tuple[str, InlineKeyboardMarkup | None]:
    """Text and buttons of one owed hazard message for its recipient."""
    hazard = hazards.get(session=session, hazard_id=delivery.hazard_id or 0)
    if hazard is None or hazard.id is None:
        raise ValueError(f"delivery {delivery.id}: hazard {delivery.hazard_id} is gone")
    config, kind, hazard_id = services.config, DeliveryKind(delivery.kind), hazard.id
    secret = duties.secret(session=session)
    zone = ZoneInfo(config.school.timezone)
    photos = len(hazards.photos_of(session=session, hazard_id=hazard_id))
    facts = {
        "id": hazard_id,
        "description": hazard.description,
        "place": hr.place(lang, hazard),
        "owner": hr.name(config, lang, hazard.owner),
        "deadline": hr.due(lang, hazard.deadline),
    }
    owner_can_fix = delivery.recipient == hazard.owner and hazard.state in (
        HazardState.ASSIGNED,
        HazardState.REOPENED,
    )
    fix = hr.fixed_button(secret, hazard_id, lang) if owner_can_fix else None
    if kind == DeliveryKind.HAZARD_NEW:
        text = t(
            lang,
            "hazard_new_notice",
            level=hr.level_mark(lang, hazard),
            category=hr.category(lang, hazard.category),
            reporter=hr.name(config, lang, hazard.reported_by),
            time=hr.when(hazard.reported_at, zone),
            photos=hr.photos_line(lang, hazard_id, photos),
            **{k: v for k, v in facts.items() if k not in ("owner", "deadline")},
        )
        if hazard.level == HazardLevel.MAJOR:
            text = f"{t(lang, 'hazard_new_major')}\n{text}"
        return text, hr.owner_keyboard(secret, config, hazard_id)
    if kind == DeliveryKind.HAZARD_ASSIGNED:
        photos_text = hr.photos_line(lang, hazard_id, photos)
        return t(lang, "hazard_assigned_notice", photos=photos_text, **_no_owner(facts)), fix
    if kind == DeliveryKind.HAZARD_REMIND:
        return t(lang, "hazard_remind_notice", **_no_owner(facts)), fix
    if kind == DeliveryKind.HAZARD_OVERDUE:
        if delivery.recipient == hazard.owner:
            return t(lang, "hazard_overdue_owner", **_no_owner(facts)), fix
        return t(lang, "hazard_overdue_other", level=(delivery.step or 0) + 1, **facts), None
    if kind == DeliveryKind.HAZARD_FIXED:
        text = t(
            lang,
            "hazard_fixed_notice",
            note=hazard.fix_note or t(lang, "no_note"),
            photos=hr.photos_line(lang, hazard_id, photos),
            **_no_deadline(facts),
        )
        waiting = hazard.state == HazardState.FIXED
        return text, hr.verify_keyboard(secret, hazard_id, lang) if waiting else None
    if kind == DeliveryKind.HAZARD_CLOSED:
        by = hr.name(config, lang, hazard.verified_by)
        return t(lang, "hazard_closed_notice", by=by, **_brief(facts)), None
    if kind == DeliveryKind.HAZARD_REOPENED:
        text = t(lang, "hazard_reopened_notice", reason=hazard.reopen_reason or "", **facts)
        return text, fix
    if kind == DeliveryKind.HAZARD_RECHECK:
        return _recheck(services, session, delivery, hazard, lang=lang, secret=secret, facts=facts)
    if kind == DeliveryKind.HAZARD_FILED:
        key = "hazard_filed_fix" if hazard.state == HazardState.FIXED else "hazard_filed_report"
        return t(lang, key, id=hazard_id), None
    raise ValueError(f"delivery {delivery.id}: nothing renders hazard kind {kind!r}")


def _recheck(
    services: Services,
    session: Session,
    delivery: Delivery,
    hazard: Hazard,
    *,
    lang: str,
    secret: str,
    facts: dict[str, object],
) -> tuple[str, InlineKeyboardMarkup | None]:
    zone = ZoneInfo(services.config.school.timezone)
    closed = hr.when(hazard.closed_at, zone) if hazard.closed_at else ""
    text = t(lang, "hazard_recheck_notice", closed=closed, **_brief(facts))
    occ = session.get(Occurrence, delivery.occurrence_id or 0)
    if occ is None or occ.id is None or hazard.state != HazardState.CLOSED:
        return text, None
    return text, hr.recheck_keyboard(secret, hazard.id or 0, occ.id, lang)


def _no_owner(facts: dict[str, object]) -> dict[str, object]:
    return {k: v for k, v in facts.items() if k != "owner"}


def _no_deadline(facts: dict[str, object]) -> dict[str, object]:
    return {k: v for k, v in facts.items() if k != "deadline"}


def _brief(facts: dict[str, object]) -> dict[str, object]:
    return {k: v for k, v in facts.items() if k in ("id", "description", "place")}
