"""The daily summary's incident and gate register lines: each incident of the day (and any
still open from before) with who acknowledged when; the register's counts."""

from __future__ import annotations

from datetime import date, time, timedelta
from zoneinfo import ZoneInfo

from sqlmodel import Session

from bot.incident_render import kind_of, name_of
from bot.render import hhmm, local_date
from safeduty.domain.plan import local_moment
from safeduty.domain.visits import VisitState
from safeduty.services import Services
from safeduty.storage import incidents, visits
from safeduty.texts import t


def summary_lines(services: Services, session: Session, day: date, lang: str) -> list[str]:
    """The lines the summary (and /status) gains for ``day``; none on a quiet day."""
    config = services.config
    zone = ZoneInfo(config.school.timezone)
    start = local_moment(day, time(0, 0), zone)
    found = incidents.between(session=session, first=start, last=start + timedelta(days=1))
    earlier = incidents.open_before(session=session, before=start)
    shown = [*earlier, *found]
    lines: list[str] = []
    if shown:
        acks = incidents.responders_of(session=session, incident_ids=[i.id or 0 for i in shown])
        sep = t(lang, "list_sep")
        lines += ["", t(lang, "summary_incidents")]
        for incident in shown:
            acked = sep.join(
                t(
                    lang,
                    "incident_ack_item",
                    name=name_of(config, r.staff_id),
                    time=hhmm(r.acked_at, zone),
                )
                for r in acks
                if r.incident_id == incident.id and r.acked_at is not None
            )
            local = incident.reported_at.astimezone(zone)
            when = hhmm(incident.reported_at, zone)
            if local.date() != day:
                when = f"{local_date(local.date(), lang)} {when}"
            lines.append(
                t(
                    lang,
                    "summary_incident_line",
                    time=when,
                    id=incident.id,
                    kind=kind_of(incident, lang),
                    reporter=name_of(config, incident.reporter),
                    state=t(lang, f"incident_state_{incident.state}"),
                    acks=acked or t(lang, "none_word"),
                )
            )
    register = visits.visits_between(session=session, first=day, last=day)
    slips = visits.slips_between(session=session, first=day, last=day)
    if register or slips:
        inside = sum(v.state != VisitState.LEFT for v in register)
        lines += [
            "",
            t(lang, "summary_register", visitors=len(register), inside=inside, slips=len(slips)),
        ]
    return lines
