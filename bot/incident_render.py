"""Text and buttons of incident and gate register messages, from the stored rows.

One view of an incident serves everyone: the reporter, each responder, whoever opens it
from /incidents. Only the buttons differ with the viewer: acknowledge (a responder who
has not), the playbook (anyone involved, while it is open), close (officers).
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

from sqlmodel import Session
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, ReplyKeyboardMarkup

from bot.incident_buttons import GATE, INCIDENT, encode
from bot.render import LABEL_CHARS, hhmm, local_date, shorten
from safeduty.config.model import SchoolConfig
from safeduty.domain.incidents import OPEN_INCIDENT, may_close
from safeduty.domain.visits import VisitState
from safeduty.storage import incidents
from safeduty.storage.tables import Incident, IncidentResponder, IncidentStep, Visit
from safeduty.texts import CATALOGS, t

MESSAGE_CHARS = 4096


def keyboard(lang: str) -> ReplyKeyboardMarkup:
    """The persistent button under every linked person's message box."""
    return ReplyKeyboardMarkup(
        [[t(lang, "incident_button")]], resize_keyboard=True, is_persistent=True
    )


def is_incident_button(text: str) -> bool:
    """Whether ``text`` is what the persistent button sends, in any language."""
    return text.strip() in {catalog["incident_button"] for catalog in CATALOGS.values()}


def type_name(kind: str, name: str | None, lang: str) -> str:
    """An incident type as people read it: its configured name, else the built-in one."""
    return name or t(lang, f"incident_type_{kind}")


def kind_of(incident: Incident, lang: str) -> str:
    """The incident's type, as it was named when it was reported."""
    return type_name(incident.kind, incident.kind_name, lang)


def name_of(config: SchoolConfig, staff_id: str | None) -> str:
    """A staff member's name (their id if the config no longer has them)."""
    person = config.staff_by_id(staff_id or "")
    return person.name if person else str(staff_id)


def picker(config: SchoolConfig, lang: str, secret: str) -> tuple[str, InlineKeyboardMarkup]:
    """The reply to /incident and the 🚨 button: one button per type, two to a row."""
    buttons = [
        InlineKeyboardButton(
            type_name(kind.id, kind.name, lang),
            callback_data=encode(secret, INCIDENT, "r", kind.id),
        )
        for kind in config.incidents.types
    ]
    rows = [buttons[n : n + 2] for n in range(0, len(buttons), 2)]
    return t(lang, "incident_pick"), InlineKeyboardMarkup(rows)


def view(
    config: SchoolConfig,
    session: Session,
    incident: Incident,
    *,
    lang: str,
    viewer: str,
    secret: str,
    head: tuple[str, ...] = (),
) -> tuple[str, InlineKeyboardMarkup | None]:
    """The incident as it stands, with the buttons ``viewer`` may use."""
    assert incident.id is not None  # noqa: S101  # stored rows have ids
    zone = ZoneInfo(config.school.timezone)
    local = incident.reported_at.astimezone(zone)
    sep = t(lang, "list_sep")
    responders = incidents.responders(session=session, incident_id=incident.id)
    steps = incidents.steps(session=session, incident_id=incident.id)
    photos = incidents.photos(session=session, incident_id=incident.id)
    lines = [
        *head,
        t(lang, "incident_title", id=incident.id, kind=kind_of(incident, lang)),
        t(
            lang,
            "incident_reported_line",
            reporter=name_of(config, incident.reporter),
            date=local_date(local.date(), lang),
            time=hhmm(incident.reported_at, zone),
        ),
        t(lang, "incident_description", text=shorten(incident.description, 1500))
        if incident.description
        else t(lang, "incident_no_description"),
    ]
    if photos:
        lines.append(t(lang, "incident_photos", count=len(photos)))
    acked = [r for r in responders if r.acked_at is not None]
    if acked:
        acks = sep.join(
            t(
                lang,
                "incident_ack_item",
                name=name_of(config, r.staff_id),
                time=hhmm(r.acked_at, zone),
            )
            for r in acked
            if r.acked_at is not None
        )
        lines.append(t(lang, "incident_acks", acks=acks))
    waiting = [name_of(config, r.staff_id) for r in responders if r.acked_at is None]
    if waiting and incident.state in OPEN_INCIDENT:
        lines.append(t(lang, "incident_waiting", names=sep.join(waiting)))
    if incident.playbook:
        lines += ["", t(lang, "incident_playbook")]
        for n, item in enumerate(incident.playbook):
            step = steps.get(n)
            if step is None:
                lines.append(t(lang, "incident_step_open", n=n + 1, item=item))
            else:
                lines.append(
                    t(
                        lang,
                        "incident_step_done",
                        n=n + 1,
                        item=item,
                        name=name_of(config, step.done_by),
                        time=hhmm(step.done_at, zone),
                    )
                )
    if incident.closed_at is not None:
        lines += [
            "",
            t(
                lang,
                "incident_closed_line",
                name=name_of(config, incident.closed_by),
                time=hhmm(incident.closed_at, zone),
                outcome=incident.outcome or "",
            ),
        ]
    text = shorten("\n".join(lines), MESSAGE_CHARS)
    markup = _buttons(
        config,
        incident,
        responders=responders,
        steps=steps,
        viewer=viewer,
        lang=lang,
        secret=secret,
    )
    return text, markup


def _buttons(
    config: SchoolConfig,
    incident: Incident,
    *,
    responders: list[IncidentResponder],
    steps: dict[int, IncidentStep],
    viewer: str,
    lang: str,
    secret: str,
) -> InlineKeyboardMarkup | None:
    if incident.state not in OPEN_INCIDENT or incident.id is None:
        return None
    person = config.staff_by_id(viewer)
    roles: set[str] = set(person.roles if person else ())
    mine = next((r for r in responders if r.staff_id == viewer), None)
    rows = []
    if mine is not None and mine.acked_at is None:
        rows.append([_button(t(lang, "btn_ack"), secret, "a", incident.id)])
    if viewer == incident.reporter or mine is not None or may_close(roles):
        for n, item in enumerate(incident.playbook):
            mark = "✅" if n in steps else "⬜"
            label = f"{mark} {n + 1}. {item}"[:LABEL_CHARS]
            rows.append([_button(label, secret, "t", incident.id, n)])
    if may_close(roles):
        rows.append([_button(t(lang, "btn_close"), secret, "c", incident.id)])
    return InlineKeyboardMarkup(rows) if rows else None


def _button(
    label: str, secret: str, action: str, target: object, item: int = 0
) -> InlineKeyboardButton:
    return InlineKeyboardButton(label, callback_data=encode(secret, INCIDENT, action, target, item))


def visitor_card(
    config: SchoolConfig, visit: Visit, *, lang: str, secret: str, head: str | None = None
) -> tuple[str, InlineKeyboardMarkup | None]:
    """A visitor as registered, their status, and the buttons to check them out or confirm."""
    assert visit.id is not None  # noqa: S101  # stored rows have ids
    zone = ZoneInfo(config.school.timezone)
    dash = "—"
    lines = [head] if head else []
    lines.append(
        t(
            lang,
            "visitor_card",
            name=visit.name,
            organisation=visit.organisation or dash,
            purpose=visit.purpose or dash,
            host=visit.host or dash,
            time=hhmm(visit.time_in, zone),
            teacher=name_of(config, visit.recorded_by),
        )
    )
    if visit.state == VisitState.LEFT and visit.time_out is not None:
        lines.append(
            t(
                lang,
                "visitor_left",
                time=hhmm(visit.time_out, zone),
                name=name_of(config, visit.out_by),
            )
        )
    elif visit.state == VisitState.CONFIRMED and visit.confirmed_at is not None:
        lines.append(
            t(
                lang,
                "visitor_confirmed",
                name=name_of(config, visit.confirmed_by),
                time=hhmm(visit.confirmed_at, zone),
            )
        )
    elif visit.state == VisitState.ASKED:
        lines.append(t(lang, "visitor_asked"))
    else:
        lines.append(t(lang, "visitor_inside"))
    if visit.state == VisitState.LEFT:
        return "\n".join(lines), None
    out = InlineKeyboardButton(
        t(lang, "btn_checkout", name=visit.name)[:LABEL_CHARS],
        callback_data=encode(secret, GATE, "o", visit.id),
    )
    rows = [[out]]
    if visit.state == VisitState.ASKED:
        rows[0].append(
            InlineKeyboardButton(
                t(lang, "btn_still_inside"), callback_data=encode(secret, GATE, "s", visit.id)
            )
        )
    return "\n".join(lines), InlineKeyboardMarkup(rows)
