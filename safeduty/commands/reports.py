"""Owe the daily summary and the weekly chart when their minute comes (restart-safe).

They are rows in ``delivery`` like every other message, keyed by day and recipient, so a
restart neither loses nor repeats them; the tick notices a time that has passed.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlmodel import Session

from safeduty.commands.owed import owe
from safeduty.commands.record import Command
from safeduty.domain.calendar import school_calendar
from safeduty.domain.events import EventKind
from safeduty.domain.plan import local_moment, school_date
from safeduty.domain.states import DeliveryKind
from safeduty.services import Services
from safeduty.storage import duties, incidents, reports
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


LOOKBACK_DAYS = 7
"""How far back a summary or chart the bot was down for is still owed (sent late)."""


def owe_summary(services: Services, session: Session, now: datetime) -> int:
    """At the summary time, owe the day's summary to its recipients if there is anything.

    Days of the past week whose summary time passed while the bot was down are owed too;
    they go out late and say so.
    """
    config = services.config
    zone = ZoneInfo(config.school.timezone)
    today = school_date(now, config)
    owed = 0
    for back in range(LOOKBACK_DAYS, -1, -1):
        day = today - timedelta(days=back)
        due = local_moment(day, config.summary.time, zone)
        if now < due or duties.owed_for_day(session=session, kind=DeliveryKind.SUMMARY, day=day):
            continue
        if not reports.occurrences_between(session=session, first=day, last=day) and (
            not incidents.between(session=session, first=local_moment(day, time(0), zone), last=due)
        ):
            continue  # no duties and no incidents, so nothing to report
        owed += _owe_all(
            services,
            session,
            kind=DeliveryKind.SUMMARY,
            day=day,
            targets=list(config.summary.recipients),
            due=due,
            now=now,
        )
    return owed


def first_school_day_of_week(day: date, services: Services) -> date | None:
    """The first school day of ``day``'s Monday-to-Sunday week, if the week has one."""
    monday = day - timedelta(days=day.weekday())
    week = (monday + timedelta(days=n) for n in range(7))
    calendar = school_calendar(services.config)
    return next((d for d in week if calendar.timetable_day(d) is not None), None)


def owe_weekly_chart(services: Services, session: Session, now: datetime) -> int:
    """On the week's first school day at the chart time, owe last week's chart.

    A week whose chart time passed while the bot was down still gets its chart, late.
    """
    chart = services.config.weekly_chart
    if not chart.enabled:
        return 0
    today = school_date(now, services.config)
    owed = 0
    for back in (7, 0):  # last week's first school day, then this week's
        first = first_school_day_of_week(today - timedelta(days=back), services)
        if first is None or first > today:
            continue
        due = local_moment(first, chart.time, ZoneInfo(services.config.school.timezone))
        monday = first - timedelta(days=first.weekday() + 7)
        if now < due or duties.owed_for_day(session=session, kind=DeliveryKind.CHART, day=monday):
            continue
        sunday = monday + timedelta(days=6)
        if not reports.occurrences_between(session=session, first=monday, last=sunday):
            continue  # a week the bot knew nothing of (not yet installed) has no chart
        owed += _owe_all(
            services,
            session,
            kind=DeliveryKind.CHART,
            day=monday,
            targets=list(chart.recipients),
            due=due,
            now=now,
        )
    return owed
