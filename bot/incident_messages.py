"""The owed messages of incidents and the gate register, rendered for the sender.

Each is drawn from the rows as they stand when it is sent: a ping shows who has
acknowledged meanwhile, a responder told late sees the description that followed.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

from sqlmodel import Session
from telegram import InlineKeyboardMarkup

from bot.incident_render import kind_of, name_of, view, visitor_card
from bot.render import hhmm
from safeduty.domain.states import DeliveryKind
from safeduty.services import Services
from safeduty.storage import duties, incidents, visits
from safeduty.storage.tables import Delivery, IncidentPhoto, IncidentResponder
from safeduty.texts import t

Rendered = tuple[str, InlineKeyboardMarkup | None, str | None]  # text, buttons, photo


def compose(services: Services, session: Session, delivery: Delivery, lang: str) -> Rendered:
    """Text, buttons and photo of an incident's or a visit's owed message."""
    if delivery.visit_id is not None:
        return _visit(services, session, delivery, lang)
    config, zone = services.config, ZoneInfo(services.config.school.timezone)
    incident = incidents.get(session=session, incident_id=delivery.incident_id or 0)
    if incident is None:
        raise ValueError(f"delivery {delivery.id}: incident {delivery.incident_id} is gone")
    kind = DeliveryKind(delivery.kind)
    secret = duties.secret(session=session)
    label = kind_of(incident, lang)
    if kind in (DeliveryKind.INCIDENT, DeliveryKind.INCIDENT_PING):
        head: tuple[str, ...] = ()
        if kind == DeliveryKind.INCIDENT_PING:
            head = (t(lang, "incident_ping", count=delivery.step or 1), "")
        elif delivery.step:
            head = (t(lang, "incident_escalated", level=delivery.step), "")
        text, markup = view(
            config,
            session,
            incident,
            lang=lang,
            viewer=delivery.recipient,
            secret=secret,
            head=head,
        )
        return text, markup, None
    if kind == DeliveryKind.INCIDENT_ACKED:
        row = session.get(IncidentResponder, delivery.step or 0)
        if row is None or row.acked_at is None:
            raise ValueError(f"delivery {delivery.id}: no acknowledgement {delivery.step}")
        text = t(
            lang,
            "incident_acked_notice",
            name=name_of(config, row.staff_id),
            time=hhmm(row.acked_at, zone),
            id=incident.id,
            kind=label,
        )
        return text, None, None
    reporter = name_of(config, incident.reporter)
    if kind == DeliveryKind.INCIDENT_DETAIL and delivery.item is not None:
        photo = session.get(IncidentPhoto, delivery.item)
        if photo is None:
            raise ValueError(f"delivery {delivery.id}: no photo {delivery.item}")
        text = t(lang, "incident_photo_notice", id=incident.id, kind=label, reporter=reporter)
        return text, None, photo.file_id
    if kind == DeliveryKind.INCIDENT_DETAIL:
        text = t(
            lang,
            "incident_detail_notice",
            id=incident.id,
            kind=label,
            reporter=reporter,
            text=incident.description or "",
        )
        return text, None, None
    if kind == DeliveryKind.INCIDENT_CLOSED and incident.closed_at is not None:
        text = t(
            lang,
            "incident_closed_notice",
            id=incident.id,
            kind=label,
            name=name_of(config, incident.closed_by),
            time=hhmm(incident.closed_at, zone),
            outcome=incident.outcome or "",
        )
        return text, None, None
    raise ValueError(f"delivery {delivery.id}: nothing renders kind {kind!r} of an incident")


def _visit(services: Services, session: Session, delivery: Delivery, lang: str) -> Rendered:
    config, zone = services.config, ZoneInfo(services.config.school.timezone)
    visit = visits.get(session=session, visit_id=delivery.visit_id or 0)
    if visit is None:
        raise ValueError(f"delivery {delivery.id}: visit {delivery.visit_id} is gone")
    dash = "—"
    facts = {
        "name": visit.name,
        "organisation": visit.organisation or dash,
        "host": visit.host or dash,
        "time": hhmm(visit.time_in, zone),
        "teacher": name_of(config, visit.recorded_by),
    }
    secret = duties.secret(session=session)
    if delivery.kind == DeliveryKind.VISIT_SETTLED:
        text, _ = visitor_card(config, visit, lang=lang, secret=secret)
        return text, None, None  # a notice: the buttons stay on the messages that asked
    if delivery.kind == DeliveryKind.VISIT_ASK:
        head = t(lang, "visit_ask", **facts)
    else:
        head = t(lang, "visit_escalation", level=(delivery.step or 0) + 1, **facts)
    text, markup = visitor_card(config, visit, lang=lang, secret=secret, head=head + "\n")
    return text, markup, None
