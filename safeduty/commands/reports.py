"""Owe the daily summary and the weekly chart when their minute comes (restart-safe).

They are rows in ``delivery`` like every other message, keyed by day and recipient, so a
restart neither loses nor repeats them; the tick notices a time that has passed.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlmodel import Session

from safeduty.commands.owed import owe
from safeduty.commands.record import Command
from safeduty.domain.calendar import timetable_day
from safeduty.domain.events import EventKind
from safeduty.domain.plan import local_moment, school_date
from safeduty.domain.states import DeliveryKind
from safeduty.services import Services
from safeduty.storage import duties, reports
from safeduty.storage.tables import Delivery


def _owe_all(
    services: Services,
    session: Session,
    *,
    kind: DeliveryKind,
    day: date,
    targets: list[str],
    due: datetime,
    now: datetime,
) -> int:
    event = EventKind.SUMMARY_OWED if kind == DeliveryKind.SUMMARY else EventKind.CHART_OWED
    people = dict.fromkeys(who for t in targets for who in services.config.resolve(t, ""))
    with Command(session, kind=event, actor="system", now=now) as cmd:
        owed = 0
        for who in people:
            delivery = Delivery(
                key=f"{kind}:{day}:{who}", kind=kind, recipient=who, day=day, due_at=due
            )
            owed += owe(cmd, delivery)
        if not owed:
            return 0
        cmd.done(day=day, recipients=list(people))
    return owed


def owe_summary(services: Services, session: Session, now: datetime) -> int:
    """At the summary time, owe today's summary to its recipients if there is anything."""
    config = services.config
    zone = ZoneInfo(config.school.timezone)
    today = school_date(now, config)
    due = local_moment(today, config.summary.time, zone)
    if now < due or duties.owed_for_day(session=session, kind=DeliveryKind.SUMMARY, day=today):
        return 0
    occurrences, _, _ = reports.day_rows(session=session, day=today)
    if not occurrences:
        return 0  # no duties, so nothing to report
    return _owe_all(
        services,
        session,
        kind=DeliveryKind.SUMMARY,
        day=today,
        targets=list(config.summary.recipients),
        due=due,
        now=now,
    )


def first_school_day_of_week(day: date, services: Services) -> date | None:
    """The first school day of ``day``'s Monday-to-Sunday week, if the week has one."""
    monday = day - timedelta(days=day.weekday())
    week = (monday + timedelta(days=n) for n in range(7))
    return next((d for d in week if timetable_day(d, services.config.calendar) is not None), None)


def owe_weekly_chart(services: Services, session: Session, now: datetime) -> int:
    """On the week's first school day at the chart time, owe last week's chart."""
    chart = services.config.weekly_chart
    if not chart.enabled:
        return 0
    today = school_date(now, services.config)
    if first_school_day_of_week(today, services) != today:
        return 0
    due = local_moment(today, chart.time, ZoneInfo(services.config.school.timezone))
    if now < due:
        return 0
    last_monday = today - timedelta(days=today.weekday() + 7)
    return _owe_all(
        services,
        session,
        kind=DeliveryKind.CHART,
        day=last_monday,
        targets=list(chart.recipients),
        due=due,
        now=now,
    )
