"""The month's incidents and gate register as ledger sheets, headed in the school's language.

Two sheets beside the duties' in the XLSX ledger: every incident with its acknowledgements,
playbook steps and outcome; every visitor and leave slip of the gate register.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Protocol, TypeVar
from zoneinfo import ZoneInfo

from sqlmodel import Session

from safeduty.config.model import SchoolConfig
from safeduty.domain.plan import local_moment
from safeduty.storage import incidents, visits
from safeduty.texts import t


@dataclass(frozen=True)
class Sheet:
    """One extra sheet of the ledger: its title, header row and rows."""

    title: str
    header: list[str]
    rows: list[list[object]] = field(default_factory=list)


def _name(config: SchoolConfig, staff_id: str | None) -> str:
    person = config.staff_by_id(staff_id or "")
    return person.name if person else (staff_id or "")


class _OfIncident(Protocol):
    incident_id: int


R = TypeVar("R", bound=_OfIncident)


def _by_incident(rows: Iterable[R]) -> dict[int | None, list[R]]:
    """Rows grouped by their incident, in their order (one pass, not a scan per incident)."""
    grouped: dict[int | None, list[R]] = {}
    for row in rows:
        grouped.setdefault(row.incident_id, []).append(row)
    return grouped


def register_sheets(
    config: SchoolConfig, session: Session, first_day: date, last_day: date
) -> list[Sheet]:
    """The incident sheet and the gate register sheet for the days ``first_day``..``last_day``,
    each only when it has rows (as a duty's sheet appears only when the duty ran)."""
    lang, zone = config.school.language, ZoneInfo(config.school.timezone)

    def local(moment: datetime | None) -> str:
        return moment.astimezone(zone).strftime("%Y-%m-%d %H:%M") if moment else ""

    def hhmm(moment: datetime | None) -> str:
        return moment.astimezone(zone).strftime("%H:%M") if moment else ""

    start = local_moment(first_day, time(0, 0), zone)
    end = local_moment(last_day + timedelta(days=1), time(0, 0), zone)
    found = incidents.between(session=session, first=start, last=end)
    ids = [i.id for i in found if i.id is not None]
    responders = _by_incident(incidents.responders_of(session=session, incident_ids=ids))
    steps = _by_incident(incidents.steps_of(session=session, incident_ids=ids))
    photos = _by_incident(incidents.photos_of(session=session, incident_ids=ids))
    sep = t(lang, "list_sep")
    incident_sheet = Sheet(
        t(lang, "ledger_incidents"),
        [
            t(lang, f"ledger_{key}")
            for key in (
                "number",
                "kind",
                "reporter",
                "reported_at",
                "details",
                "photos",
                "acks",
                "steps",
                "status",
                "closed_at",
                "closed_by",
                "result",
            )
        ],
    )
    for incident in found:
        acks = sep.join(
            f"{_name(config, r.staff_id)} {hhmm(r.acked_at)}"
            for r in responders.get(incident.id, [])
            if r.acked_at is not None
        )
        done = "; ".join(
            f"{incident.playbook[s.item]} ({_name(config, s.done_by)} {hhmm(s.done_at)})"
            for s in steps.get(incident.id, [])
            if s.item < len(incident.playbook)
        )
        pictures = "; ".join(p.path or p.file_id for p in photos.get(incident.id, []))
        incident_sheet.rows.append(
            [
                incident.id,
                incident.kind_name or t(lang, f"incident_type_{incident.kind}"),
                _name(config, incident.reporter),
                local(incident.reported_at),
                incident.description or "",
                pictures,
                acks,
                done,
                t(lang, f"incident_state_{incident.state}"),
                local(incident.closed_at),
                _name(config, incident.closed_by) if incident.closed_by else "",
                incident.outcome or "",
            ]
        )
    gate_sheet = Sheet(
        t(lang, "ledger_gate"),
        [
            t(lang, f"ledger_{key}")
            for key in (
                "date",
                "entry",
                "who",
                "from",
                "why",
                "host",
                "in",
                "out",
                "recorded_by",
                "status",
                "photos",
            )
        ],
    )
    entries: list[tuple[datetime, list[object]]] = []
    for visit in visits.visits_between(session=session, first=first_day, last=last_day):
        entries.append(
            (
                visit.time_in,
                [
                    visit.day,
                    t(lang, "ledger_entry_visit"),
                    visit.name,
                    visit.organisation,
                    visit.purpose,
                    visit.host,
                    hhmm(visit.time_in),
                    hhmm(visit.time_out),
                    _name(config, visit.recorded_by),
                    t(lang, f"visit_state_{visit.state}"),
                    "",
                ],
            )
        )
    for slip in visits.slips_between(session=session, first=first_day, last=last_day):
        entries.append(
            (
                slip.time_out,
                [
                    slip.day,
                    t(lang, "ledger_entry_leave"),
                    slip.pupil,
                    slip.class_name,
                    slip.signed_by,
                    "",
                    "",
                    hhmm(slip.time_out),
                    _name(config, slip.recorded_by),
                    "",
                    slip.photo_path or slip.photo_file_id or "",
                ],
            )
        )
    gate_sheet.rows.extend(row for _, row in sorted(entries, key=lambda e: e[0]))
    return [sheet for sheet in (incident_sheet, gate_sheet) if sheet.rows]
