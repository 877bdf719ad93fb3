"""The daily summary and the weekly chart's figures, read from the database.

A bounded number of queries each (filtered by the day or week in SQL, joined rather than
looked up per occurrence), so the work grows with the rows, not with rows times staff.
Plain functions of a session: the sender calls them from a worker thread.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlmodel import Session

from safeduty.domain.summary import DaySummary, WeekSummary, summarize, summarize_week
from safeduty.storage import reports


def day_summary(session: Session, day: date, now: datetime) -> DaySummary:
    """The day's outcomes, problems and escalations as of ``now``.

    Only what the summary shows is read: every occurrence, the answers that are not all
    clear, the messages that went out.
    """
    occurrences = reports.occurrences_between(session=session, first=day, last=day)
    problems = reports.problems_of_day(session=session, day=day)
    sent = reports.sent_of_day(session=session, day=day)
    return summarize(day, now, occurrences, problems, sent)  # type: ignore[arg-type]


def week_summary(session: Session, monday: date, now: datetime) -> WeekSummary:
    """The week from ``monday``: the days that had duties (Monday to Friday if none did)."""
    week_days = [monday + timedelta(days=n) for n in range(7)]
    lines = reports.outcome_lines(session=session, first=monday, last=week_days[-1])
    whole = summarize_week(week_days, lines, now)
    days = [d for d in week_days if whole.per_day[d]] or week_days[:5]
    return WeekSummary(days, {d: whole.per_day[d] for d in days}, whole.missed_by)
