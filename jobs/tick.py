"""The tick: one repeating job that plans, advances what is due, and sends what is owed.

Every occurrence row carries its next action and when it is due (healthchecks' "alert
after"); the tick only asks what is due now, claims it with a compare-and-set and records
the messages it owes. Nothing lives in memory, so a restart or a second process is safe.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlmodel import Session
from telegram import Bot

from bot import problems
from bot.sender import SendReport, send_due
from bot.services import Services
from jobs.reports import owe_summary, owe_weekly_chart
from safeduty.domain.escalation import CLOSE, end_of_day, next_due
from safeduty.domain.plan import plan_days, school_date
from safeduty.storage import duties
from safeduty.storage.tables import Delivery, Occurrence

log = logging.getLogger("safeduty.tick")
ABANDONED_INPUT = timedelta(minutes=15)
MAX_ROUNDS = 5


@dataclass
class TickReport:
    """What a tick did: returned so tests (and logs) can see it."""

    planned: int = 0
    actions: list[str] = field(default_factory=list)
    sent: list[int] = field(default_factory=list)
    retry: list[int] = field(default_factory=list)
    failed: list[int] = field(default_factory=list)
    unreachable: list[str] = field(default_factory=list)

    def absorb(self, sent: SendReport) -> None:
        self.sent += sent.sent
        self.retry += sent.retry
        self.failed += sent.failed
        self.unreachable += sent.unreachable


def plan(services: Services, session: Session, now: datetime) -> int:
    """Make sure today's and tomorrow's occurrences exist (school-local days)."""
    today = school_date(now, services.config)
    if services.planned_for == (today, id(services.config)):
        return 0  # already planned today with this config (a reload swaps the object)
    zone = ZoneInfo(services.config.school.timezone)
    planned = plan_days(services.config, today, 2)
    closes = {p.day: end_of_day(p.day, zone) for p in planned}
    added = duties.ensure_occurrences(session=session, planned=planned, closes=closes, now=now)
    services.planned_for = (today, id(services.config))
    return added


def advance_one(services: Services, session: Session, occ: Occurrence, now: datetime) -> list[str]:
    """Run every action of ``occ`` that is due by ``now``, in order, each exactly once.

    Progress is tracked in locals, never by mutating the loaded row, so a later flush can
    not overwrite what another process (or an answer) wrote meanwhile.
    """
    assert occ.id is not None  # noqa: S101  # stored rows have ids
    done = []
    actions = duties.actions_of(occ)
    step, due, state = occ.next_step, occ.next_action_at, occ.state
    while due is not None and due <= now and state in duties.OPEN_STATES:
        action = actions[step]
        closing = action.kind == CLOSE
        following = None if closing else next_due(actions, step + 1)
        next_state = "missed" if closing else "reminded"
        if not duties.advance(
            session=session,
            occurrence_id=occ.id,
            from_step=step,
            to_step=step + 1,
            next_action_at=following,
            state=next_state,
        ):
            session.rollback()
            break  # another tick or process took it
        if closing:
            duties.cancel_pending(session=session, occurrence_id=occ.id)
        else:
            for who in services.config.resolve(action.notify, occ.assignee):
                duties.owe(
                    session=session,
                    delivery=Delivery(
                        key=f"o{occ.id}:{action.kind}:{step}:{who}",
                        occurrence_id=occ.id,
                        kind=action.kind,
                        step=action.step,
                        recipient=who,
                        due_at=min(action.due, now),  # a jump makes it due now
                    ),
                )
        session.commit()
        done.append(f"{occ.duty_id}/{occ.assignee}/{occ.day} {action.kind}")
        step, due, state = step + 1, following, next_state
    return done


async def tick(services: Services, bot: Bot) -> TickReport:
    """One pass: plan, advance what is due, finish abandoned problem notes, send."""
    report = TickReport()
    for _ in range(MAX_ROUNDS):
        now = services.clock.now()
        with services.session() as session:
            report.planned += plan(services, session, now)
            for occ in duties.due_occurrences(session=session, now=now):
                report.actions += advance_one(services, session, occ, now)
            for waiting in duties.stale_inputs(session=session, before=now - ABANDONED_INPUT):
                problems.finish_item(services, session, waiting.occurrence_id, waiting.item)
            owe_summary(services, session, now)
            owe_weekly_chart(services, session, now)
            session.commit()
        sent = await send_due(services, bot)
        report.absorb(sent)
        if not sent.jumped:  # an unreachable assignee moved a duty on: act on it now
            break
    if report.actions or report.sent or report.failed:
        log.info(
            "tick: %d actions, %d sent, %d to retry, %d failed",
            len(report.actions),
            len(report.sent),
            len(report.retry),
            len(report.failed),
        )
    return report
