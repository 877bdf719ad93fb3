"""The daily summary and /status as text, split cleanly under Telegram's 4096 characters."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlmodel import Session

from bot import incident_summary
from bot.cover_render import cover_when
from bot.render import hhmm, local_date
from safeduty import hazard_ledger, summaries
from safeduty.config.values import WEEKDAYS
from safeduty.domain.summary import LATE, MISSED, ON_TIME, OVERDUE, DaySummary
from safeduty.services import Services
from safeduty.storage import chain, covers, health, reports
from safeduty.storage.links import all_links
from safeduty.texts import t

LIMIT = 4096


def split_message(text: str, limit: int = LIMIT) -> list[str]:
    """Split at line ends so no chunk exceeds ``limit``; a single over-long line is wrapped."""
    chunks: list[str] = []
    current = ""
    for whole in text.split("\n"):
        line = whole
        while len(line) > limit:  # pathological: one line longer than a message
            if current:
                chunks.append(current)
                current = ""
            chunks.append(line[:limit])
            line = line[limit:]
        candidate = f"{current}\n{line}" if current else line
        if len(candidate) > limit:
            chunks.append(current)
            current = line
        else:
            current = candidate
    if current.strip():
        chunks.append(current)
    return chunks


day_summary = summaries.day_summary  # the sender and /status call it from here


class _Names(dict[str, str]):
    """Staff names by id, built once per text (a lookup per line, not a scan of the staff)."""

    def __init__(self, services: Services) -> None:
        super().__init__((s.id, s.name) for s in services.config.staff)

    def __call__(self, staff_id: str) -> str:
        return self.get(staff_id, staff_id)


def render_summary(
    services: Services,
    session: Session,
    summary: DaySummary,
    lang: str,
    *,
    status_at: datetime | None,
) -> str:
    """The summary text in ``lang``; ``status_at`` makes it a /status "so far" view."""
    zone, name = ZoneInfo(services.config.school.timezone), _Names(services)
    school, date_text = services.config.school.name, local_date(summary.day, lang)
    if status_at is None:
        lines = [t(lang, "summary_title", school=school, date=date_text)]
    else:
        lines = [t(lang, "status_title", school=school, date=date_text, time=hhmm(status_at, zone))]
    counts = summary.counts()
    lines.append(
        t(
            lang,
            "summary_counts",
            on_time=counts[ON_TIME],
            late=counts[LATE],
            missed=counts[MISSED] + counts[OVERDUE],
            problems=len(summary.problems),
        )
    )
    lines.append("")
    for duty in summary.duties:
        at = hhmm(duty.answered_at, zone) if duty.answered_at else ""
        outcome = t(lang, f"outcome_{duty.outcome}", time=at)
        lines.append(
            t(
                lang,
                "summary_duty_line",
                duty=duty.duty_name,
                assignee=name(duty.assignee),
                outcome=outcome,
            )
        )
    if not summary.duties:
        lines.append(t(lang, "summary_no_duties"))
    if summary.problems:
        lines += ["", t(lang, "summary_problems")]
        for problem in summary.problems:
            photo = t(lang, "photo_mark") if problem.has_photo else ""
            lines.append(
                t(
                    lang,
                    "summary_problem_line",
                    duty=problem.duty_name,
                    item=problem.item,
                    assignee=name(problem.assignee),
                    note=problem.note or t(lang, "no_note"),
                    photo=photo,
                )
            )
    if summary.escalations:
        lines += ["", t(lang, "summary_escalations")]
        for esc in summary.escalations:
            lines.append(
                t(
                    lang,
                    "summary_escalation_line",
                    time=hhmm(esc.sent_at, zone),
                    duty=esc.duty_name,
                    assignee=name(esc.assignee),
                    level=esc.level,
                    recipient=name(esc.recipient),
                )
            )
    hazards = hazard_ledger.counts(
        session, services.config, summary.day, status_at or services.clock.now()
    )
    if hazards.open or hazards.opened or hazards.fixed or hazards.verified:
        lines += ["", t(lang, "summary_hazards", **asdict(hazards))]
    lines += incident_summary.summary_lines(services, session, summary.day, lang)
    lines += _unstaffed(services, session, summary.day, lang, name)
    lines += ["", _health(services, session, summary, lang, zone, name=name)]
    if status_at is not None:
        ticked = health.last_tick(session)
        when = f"{ticked.astimezone(zone):%m-%d %H:%M:%S}" if ticked else t(lang, "never_word")
        lines.append(t(lang, "last_tick", time=when))
    head = chain.head(session)
    lines.append(t(lang, "summary_chain", count=head.seq, head=head.short))
    return "\n".join(lines)


def _unstaffed(
    services: Services, session: Session, day: date, lang: str, name: _Names
) -> list[str]:
    """Duties a leave left without a person, that day and the next."""
    rows = covers.unstaffed_between(session=session, first=day, last=day + timedelta(days=1))
    if not rows:
        return []
    lines = ["", t(lang, "summary_unstaffed")]
    for row in rows:
        lines.append(
            t(
                lang,
                "summary_unstaffed_line",
                when=cover_when(services, row, lang),
                duty=row.duty_name,
                absent=name(row.absent),
            )
        )
    return lines


def _health(
    services: Services,
    session: Session,
    summary: DaySummary,
    lang: str,
    zone: ZoneInfo,
    *,
    name: _Names,
) -> str:
    links = all_links(session=session)
    sep = t(lang, "list_sep")
    unreachable = [name(s) for s in reports.unreachable_staff(session=session)]
    unlinked = [s.name for s in services.config.staff if s.id not in links]
    started = reports.last_start(session=session)
    started_text = f"{started.astimezone(zone):%m-%d %H:%M}" if started else t(lang, "never_word")
    return t(
        lang,
        "summary_health",
        reminders=summary.reminders_sent,
        repeats=summary.repeats,
        unreachable=sep.join(unreachable) or t(lang, "none_word"),
        unlinked=sep.join(unlinked) or t(lang, "none_word"),
        started=started_text,
    )


def weekly_chart(
    services: Services, session: Session, monday: date, lang: str, now: datetime
) -> tuple[bytes, str]:
    """Last week's chart as PNG bytes and its one-line caption."""
    from safeduty.chart import weekly_png

    sunday = monday + timedelta(days=6)
    week = summaries.week_summary(session, monday, now)
    days = week.days
    names = {s.id: s.name for s in services.config.staff}
    hazards = hazard_ledger.counts(session, services.config, sunday, now)
    png = weekly_png(
        week,
        day_labels=[t(lang, f"weekday_{WEEKDAYS[d.weekday()]}") for d in days],
        outcome_labels={k: t(lang, f"word_{k}") for k in (ON_TIME, LATE, MISSED)},
        title=t(lang, "chart_title"),
        missed_title=t(lang, "chart_missed_most"),
        none_missed=t(lang, "chart_no_missed"),
        names=names,
        footer=t(lang, "chart_hazards_title", open=hazards.open, overdue=hazards.overdue),
    )
    totals = week.totals
    caption = t(
        lang,
        "chart_caption",
        start=local_date(monday, lang),
        end=local_date(sunday, lang),
        on_time=totals[ON_TIME],
        late=totals[LATE],
        missed=totals[MISSED],
    )
    caption += t(lang, "chart_hazards", open=hazards.open, overdue=hazards.overdue)
    return png, caption
