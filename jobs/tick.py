"""The tick: one repeating job that wakes the commands up; the sender sends what is owed.

Every occurrence row carries its next action and when it is due (healthchecks' "alert
after"); the tick only asks what is due now, claims it with a compare-and-set and records
the messages it owes, then wakes the sender (``bot/dispatch.py``). Nothing lives in
memory, so a restart or a second process is safe.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from telegram.ext import ExtBot

from bot.dispatch import dispatcher_for
from bot.sender import SendReport
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
from safeduty.storage.db import unavailable

log = logging.getLogger("safeduty.tick")
MAX_ROUNDS = 5
MAX_BATCHES = 500  # of due occurrences per tick (200 each): the rest waits 20 s


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
    next_due: datetime | None = None  # when the next duty's action falls due

    def merge(self, other: TickReport) -> None:
        self.planned += other.planned
        self.actions += other.actions
        self.next_due = other.next_due

    def absorb(self, sent: SendReport) -> None:
        self.sent += sent.sent
        self.retry += sent.retry
        self.failed += sent.failed
        self.unreachable += sent.unreachable


def advance(services: Services) -> TickReport:
    """The tick's database work, in a worker thread: plan, advance what is due, owe messages.

    Due occurrences are taken in batches until none is left, and the sender is woken
    after each, so a morning of ten thousand reminders starts going out while the rest
    are still being recorded.
    """
    report = TickReport()
    now = services.clock.now()
    report.planned += plan_ahead(services, now)
    with services.session() as session:
        for _ in range(MAX_BATCHES):
            due, waiting = duties.due_occurrences(session=session, now=now), False
            for occ in due:
                try:
                    report.actions += duty_commands.step(
                        session, config=services.config, occ=occ, now=now
                    )
                except Exception as exc:  # one bad row never stops the loop
                    session.rollback()
                    if unavailable(exc):  # not the row's fault: the next tick tries again
                        log.warning("occurrence %s waits for the database: %s", occ.id, exc)
                        waiting = True
                        continue
                    log.exception("occurrence %s could not be advanced", occ.id)
                    duty_commands.fault(
                        session,
                        config=services.config,
                        occurrence_id=occ.id or 0,
                        error=repr(exc),
                        now=now,
                    )
            services.owed()
            session.expunge_all()  # a district's rows are not kept in memory
            if not due or waiting:
                break
        expire_inputs(session, config=services.config, now=now)
        report.actions += hazard_round(services, session, now)
        report.actions += incident_round(services, session, now)
        escalate_unstaffed(session, config=services.config, now=now)
        owe_heads_ups(session, config=services.config, now=now)
        owe_summary(services, session, now)
        owe_weekly_chart(services, session, now)
        report.next_due = duties.next_action(session=session, after=now)
    services.owed()
    return report


async def tick(services: Services, bot: ExtBot[Any], *, settle: bool = True) -> TickReport:
    """One pass: the database work off the event loop, then the sender is woken.

    With ``settle`` (tests, the demo, benchmarks on a fake clock) the tick waits until
    everything due has been sent and reports it; the scheduled tick does not wait, so a
    long fan-out never holds up the next tick.
    """
    report = TickReport()
    dispatcher = dispatcher_for(services, bot)
    for _ in range(MAX_ROUNDS):
        mark = dispatcher.mark()  # the sender may start on what advance owes before it ends
        report.merge(await asyncio.to_thread(advance, services))
        if not settle:
            break
        sent = await dispatcher.settle(since=mark)
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
    await asyncio.to_thread(_mark, services)
    if services.config.monitoring.heartbeat_url:
        report.heartbeat = await heartbeat.ping(services.config.monitoring.heartbeat_url)
    return report


def _mark(services: Services) -> None:
    with services.session() as session:
        health.mark_tick(session, now=services.clock.now())
