"""The tick: one repeating job that wakes the commands up and sends what is owed.

Every occurrence row carries its next action and when it is due (healthchecks' "alert
after"); the tick only asks what is due now, claims it with a compare-and-set and records
the messages it owes. Nothing lives in memory, so a restart or a second process is safe.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from telegram import Bot

from bot.sender import SendReport, send_due
from jobs import heartbeat
from jobs.hazards import hazard_round
from jobs.incidents import incident_round
from safeduty.commands import duties as duty_commands
from safeduty.commands.cover_sync import escalate_unstaffed
from safeduty.commands.heads_up import owe_heads_ups
from safeduty.commands.planning import plan_ahead
from safeduty.commands.problems import expire_inputs
from safeduty.commands.reports import owe_summary, owe_weekly_chart
from safeduty.services import Services
from safeduty.storage import duties, health

log = logging.getLogger("safeduty.tick")
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
    heartbeat: bool | None = None  # None: no heartbeat URL configured

    def absorb(self, sent: SendReport) -> None:
        self.sent += sent.sent
        self.retry += sent.retry
        self.failed += sent.failed
        self.unreachable += sent.unreachable


async def tick(services: Services, bot: Bot) -> TickReport:
    """One pass: plan, advance what is due, finish abandoned problem notes, send."""
    report = TickReport()
    for _ in range(MAX_ROUNDS):
        now = services.clock.now()
        report.planned += plan_ahead(services, now)
        with services.session() as session:
            for occ in duties.due_occurrences(session=session, now=now):
                try:
                    report.actions += duty_commands.step(
                        session, config=services.config, occ=occ, now=now
                    )
                except Exception as exc:  # one bad row never stops the loop
                    log.exception("occurrence %s could not be advanced", occ.id)
                    session.rollback()
                    duty_commands.fault(
                        session,
                        config=services.config,
                        occurrence_id=occ.id or 0,
                        error=repr(exc),
                        now=now,
                    )
            expire_inputs(session, config=services.config, now=now)
            report.actions += hazard_round(services, session, now)
            report.actions += incident_round(services, session, now)
            escalate_unstaffed(session, config=services.config, now=now)
            owe_heads_ups(session, config=services.config, now=now)
            owe_summary(services, session, now)
            owe_weekly_chart(services, session, now)
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
    with services.session() as session:
        health.mark_tick(session, now=services.clock.now())
    if services.config.monitoring.heartbeat_url:
        report.heartbeat = await heartbeat.ping(services.config.monitoring.heartbeat_url)
    return report
