"""What a school day owed and what arrived: the figures the chaos and fault runs check.

Read after the run, from the database (occurrences, answers, deliveries and the chain's
step events) and from the fake Telegram (every message as it arrived). What is owed comes
from each occurrence's own timeline (``domain.escalation``) and the config, not from the
delivery rows the bot wrote, so a message the bot never owed counts as missing too; every
other row the bot owes (questions, alerts) must arrive as well.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Engine
from sqlmodel import Session, select

from safeduty.config.model import SchoolConfig
from safeduty.domain.escalation import superseded
from safeduty.domain.events import EventKind
from safeduty.domain.plan import local_moment
from safeduty.domain.states import ActionKind, DeliveryKind, DeliveryStatus, OccurrenceState
from safeduty.storage import duties
from safeduty.storage.tables import Delivery, Event, ItemAnswer, Occurrence, StaffLink
from safeduty.testing.fake_records import Sent
from safeduty.testing.fake_telegram import FakeTelegram
from safeduty.testing.staff_sim import Intent, Staff, callback, plain
from safeduty.texts import CATALOGS, t

LANGUAGES = ("zh-CN", "en")
DIRECT = (
    "problem_done",
    "not_recorded",
    "unknown_command",
    "help",
    "photo_before_note",
    "hazard_track_offer",
    "hazard_tracked",
)
"""Replies a handler sends itself (not owed messages): never counted as repeats."""


def _template(text: str) -> re.Pattern[str]:
    """A catalog sentence as a pattern: each ``{value}`` stands for any text."""
    parts = re.split(r"\{[a-z_]+\}", text)
    return re.compile(".*?".join(re.escape(part) for part in parts), re.DOTALL)


def _direct(text: str) -> bool:
    """Whether ``text`` is one of the replies a handler sends itself (in any language)."""
    return any(
        _template(CATALOGS[lang][key]).fullmatch(text) for lang in LANGUAGES for key in DIRECT
    )


MOOT = (DeliveryStatus.CANCELLED, DeliveryStatus.INTERRUPTED)
CHASERS = (ActionKind.REMIND, ActionKind.NUDGE, ActionKind.ESCALATE)

Key = tuple[int | None, str, int | None, int | None, str, date | None]
"""(occurrence, kind, ladder step, item, recipient, day): one owed message."""


@dataclass
class Figures:
    """The run's counts; ``failures`` lists everything lost, missing or silently repeated."""

    owed: Counter[str] = field(default_factory=Counter)
    delivered: Counter[str] = field(default_factory=Counter)
    moot: int = 0
    missing: list[str] = field(default_factory=list)
    arrivals: int = 0
    repeats: Counter[str] = field(default_factory=Counter)
    unmarked: list[str] = field(default_factory=list)
    given: int = 0
    recorded: int = 0
    lost: list[str] = field(default_factory=list)
    taps: int = 0
    answered: int = 0
    told: int = 0
    messages: int = 0
    faults: Counter[str] = field(default_factory=Counter)

    def add(self, other: Figures) -> None:
        """Count another run's figures in (for totals over several runs)."""
        for name, value in vars(other).items():
            mine = getattr(self, name)
            if isinstance(mine, Counter):
                mine.update(value)
            else:
                setattr(self, name, mine + value)

    @property
    def failures(self) -> list[str]:
        """Every way the run fell short, one line each."""
        unanswered = self.taps - self.answered
        return [
            *(f"lost answer: {what}" for what in self.lost),
            *(f"missing: {what}" for what in self.missing),
            *(f"unmarked repeat: {what}" for what in self.unmarked),
            *([f"{unanswered} tap(s) never answered"] if unanswered else []),
        ]

    def lines(self) -> list[str]:
        """The figures as printed by the benchmarks."""
        owed, delivered = sum(self.owed.values()), sum(self.delivered.values())
        share = 100.0 * delivered / owed if owed else 100.0
        kinds = ", ".join(f"{kind} {n}" for kind, n in sorted(self.owed.items()))
        repeats = ", ".join(f"{kind} {n}" for kind, n in sorted(self.repeats.items())) or "none"
        return [
            f"answers: {self.given} given, {self.recorded} recorded, {len(self.lost)} lost "
            f"(taps {self.taps}: {self.answered} answered, {self.told} told 'not recorded' "
            f"and made again; messages {self.messages})",
            f"owed: {owed} ({kinds}); delivered {delivered} ({share:.1f}%); "
            f"no longer needed {self.moot}; missing {len(self.missing)}",
            f"arrivals: {self.arrivals}; repeats {sum(self.repeats.values())} ({repeats}); "
            f"unmarked repeats {len(self.unmarked)}",
        ]


@dataclass
class Record:
    """What the database holds about the day, read once after the run."""

    occurrences: list[Occurrence]
    answers: dict[int, dict[int, ItemAnswer]]
    rows: list[Delivery]
    chats: dict[str, int]  # staff id -> chat
    steps: dict[tuple[int, int], datetime]  # (occurrence, step) -> when the chain took it

    @classmethod
    def read(cls, engine: Engine, day: date) -> Record:
        with Session(engine) as session:
            occurrences = [
                o
                for o in duties.occurrences_on(session=session, day=day)
                if o.state not in (OccurrenceState.PLANNED, OccurrenceState.DROPPED)
            ]
            steps = {}
            stepped = select(Event).where(Event.kind == EventKind.OCCURRENCE_STEPPED)
            for event in session.exec(stepped):
                payload = json.loads(event.payload)
                steps[(int(payload["occurrence"]), int(payload["step"]))] = event.at
            return cls(
                occurrences=occurrences,
                answers={
                    o.id or 0: duties.answers(session=session, occurrence_id=o.id or 0)
                    for o in occurrences
                },
                rows=list(session.exec(select(Delivery))),
                chats={link.staff_id: link.chat_id for link in session.exec(select(StaffLink))},
                steps=steps,
            )


def audit(
    *,
    engine: Engine,
    config: SchoolConfig,
    telegram: FakeTelegram,
    staff: Staff,
    day: date,
    end: datetime,
    slack: timedelta,
) -> Figures:
    """Hold the record and the fake's chats against what the day owed and what people did.

    ``end`` is the simulated moment the run stopped; ``slack`` how long a due step may
    wait for a tick (longer across a restart) before it counts as never taken.
    """
    figures = Figures(faults=Counter(telegram.injected))
    check = Audit(config, telegram, Record.read(engine, day), figures)
    expected = check.timelines(end, slack)
    expected.update(check.summaries(day, end))
    check.deliveries(expected)
    check.repeats()
    check.answers(staff, day)
    return check.figures


@dataclass
class Audit:
    """The checks, over one run's record and chats."""

    config: SchoolConfig
    telegram: FakeTelegram
    record: Record
    figures: Figures

    def label(self, occ: Occurrence) -> str:
        zone = ZoneInfo(self.config.school.timezone)
        return f"{occ.duty_id}/{occ.assignee} ({occ.remind_at.astimezone(zone):%H:%M})"

    def timelines(self, end: datetime, slack: timedelta) -> dict[Key, str]:
        """The duty messages each occurrence's timeline owed, its "resolved" notices, its
        problem notices."""
        expected: dict[Key, str] = {}
        config = self.config
        officers = [p.id for p in config.staff_with_role("safety_officer")] or [
            p.id for p in config.staff_with_role("principal")
        ]
        for occ in self.record.occurrences:
            label, occ_id = self.label(occ), occ.id or 0
            actions = duties.actions_of(occ)
            cutoff = occ.answered_at or end
            for n, action in enumerate(actions):
                if action.kind == ActionKind.CLOSE:
                    continue
                at = self.record.steps.get((occ_id, n))
                if at is None:
                    if occ.next_step <= n and action.due <= cutoff - slack:
                        self.figures.missing.append(f"{label}: {action.kind} #{n} never taken")
                    continue
                if superseded(actions, n, at):
                    continue  # after a down time only the latest message to the assignee goes
                for who in config.resolve(action.notify, occ.assignee):
                    key: Key = (occ_id, str(action.kind), action.step, None, who, None)
                    expected[key] = f"{label}: {action.kind} #{n} to {who}"
            if occ.state != OccurrenceState.ANSWERED:
                continue
            for who in sorted(self.escalated(occ)):
                expected[(occ_id, DeliveryKind.RESOLVED, None, None, who, None)] = (
                    f"{label}: answered, told to {who}"
                )
            for item, answer in sorted(self.record.answers[occ_id].items()):
                for who in [] if answer.ok else officers:
                    expected[(occ_id, DeliveryKind.PROBLEM, None, item, who, None)] = (
                        f"{label}: problem with item {item + 1} to {who}"
                    )
        return expected

    def escalated(self, occ: Occurrence) -> set[str]:
        """Who (besides the assignee) got an escalation about ``occ``, as the fake saw it."""
        person = self.config.staff_by_id(occ.assignee)
        name = person.name if person else occ.assignee
        reached = set()
        for staff_id, chat in self.record.chats.items():
            if staff_id == occ.assignee:
                continue
            lang = self.config.language_of(staff_id)
            heads = {
                t(
                    lang,
                    "escalation_other",
                    level=level,
                    assignee=name,
                    duty=occ.duty_name,
                    date="",
                    deadline="",
                ).split("\n")[0]
                for level in range(1, len(occ.ladder) + 1)
            }
            if any(plain(m, lang).split("\n")[0] in heads for m in self.telegram.chat(chat)):
                reached.add(staff_id)
        return reached

    def summaries(self, day: date, end: datetime) -> dict[Key, str]:
        """The day's summary, to each recipient, once its time has come."""
        config = self.config
        due = local_moment(day, config.summary.time, ZoneInfo(config.school.timezone))
        if not self.record.occurrences or end < due:
            return {}
        people = dict.fromkeys(w for r in config.summary.recipients for w in config.resolve(r, ""))
        return {
            (None, DeliveryKind.SUMMARY, None, None, who, day): f"summary of {day} to {who}"
            for who in people
        }

    def deliveries(self, expected: dict[Key, str]) -> None:
        """Every owed message (expected, or owed by the bot's own rows) arrived where the
        record says."""
        by_key = {_key(row): row for row in self.record.rows}
        owed = dict(expected)
        for row in self.record.rows:
            owed.setdefault(_key(row), f"{row.kind} {row.key} to {row.recipient}")
        figures = self.figures
        for key, what in owed.items():
            found = by_key.get(key)
            kind = key[1]
            if found is not None and found.status in MOOT and self.moot(key, found, expected):
                figures.moot += 1
                continue
            figures.owed[kind] += 1
            if found is None:
                figures.missing.append(f"{what}: never owed")
            elif found.status != DeliveryStatus.SENT:
                figures.missing.append(f"{what}: {found.status} ({found.error})")
            elif not self.arrived(found):
                figures.missing.append(f"{what}: recorded as sent, never arrived")
            else:
                figures.delivered[kind] += 1

    def moot(self, key: Key, row: Delivery, expected: dict[Key, str]) -> bool:
        """Whether a message the bot stopped sending was truly no longer needed: a chaser
        once its duty was answered (or, to the assignee, closed); the bot's other rows as
        it says."""
        if key not in expected:
            return True
        occ = next((o for o in self.record.occurrences if o.id == row.occurrence_id), None)
        if occ is None or row.kind not in (
            ActionKind.REMIND,
            ActionKind.NUDGE,
            ActionKind.ESCALATE,
        ):
            return False
        closed = occ.state == OccurrenceState.MISSED and row.recipient == occ.assignee
        return closed or occ.state == OccurrenceState.ANSWERED

    def arrived(self, row: Delivery) -> bool:
        chat = self.record.chats.get(row.recipient)
        return chat is not None and any(
            m.message_id == row.message_id for m in self.telegram.chat(chat)
        )

    def repeats(self) -> None:
        """Count arrivals beyond one per owed message; each must say it may be a repeat.

        Arrivals are grouped by what they say. A message sent again after a timeout or a
        crash may arrive twice; only its first arrival may lack the mark, so a group may
        hold at most as many unmarked arrivals as it holds owed messages: those the record
        says arrived there, and those tried but never confirmed (a try that arrived before
        a crash, its message then no longer needed) wherever an arrival is left over.
        """
        rows = self.record.rows
        acked = {(row.chat_id, row.message_id): row for row in rows if row.message_id}
        figures = self.figures
        for staff_id, chat in self.record.chats.items():
            lang = self.config.language_of(staff_id)
            mark = t(lang, "repeat_mark")
            unconfirmed = sum(
                1 for r in rows if r.recipient == staff_id and r.attempts and not r.message_id
            )
            groups: dict[tuple[str, Any], list[Sent]] = {}
            for message in self.telegram.chat(chat):
                if not _direct(message.sent_text or ""):
                    groups.setdefault(_signature(message, lang), []).append(message)
            for signature, arrivals in groups.items():
                figures.arrivals += len(arrivals)
                owned = [
                    acked[(chat, m.message_id)] for m in arrivals if (chat, m.message_id) in acked
                ]
                kind = owned[0].kind if owned else "unconfirmed"
                unmarked = sum(not (m.sent_text or "").startswith(mark) for m in arrivals)
                first = min(unconfirmed, max(0, unmarked - len(owned)))
                unconfirmed -= first  # that many arrivals were the only ones of their message
                if len(arrivals) > len(owned) + first:
                    figures.repeats[kind] += len(arrivals) - len(owned) - first
                if unmarked > len(owned) + first:
                    figures.unmarked.append(
                        f"{kind} to {staff_id}: {len(arrivals)} arrivals, {unmarked} without "
                        f"the mark: {str(signature[1])[:80]!r}"
                    )

    def answers(self, staff: Staff, day: date) -> None:
        """Each answer a person gave is recorded as given: items, notes, photos."""
        figures = self.figures
        taps = [act for act in staff.acts if act.tap]
        figures.taps = len(taps)
        figures.answered = sum(act.answer is not None for act in taps)
        figures.messages = len(staff.acts) - len(taps)
        figures.told = sum(act.told for act in staff.acts)
        for intent in staff.intents:
            figures.given += 1
            occ = next(
                (
                    o
                    for o in self.record.occurrences
                    if (o.duty_name, o.assignee) == (intent.duty, intent.staff_id)
                ),
                None,
            )
            what = f"{intent.duty} by {intent.staff_id} on {day}"
            answered = (OccurrenceState.ANSWERED, intent.staff_id)
            if occ is None or (occ.state, occ.answered_by) != answered:
                figures.lost.append(f"{what}: not answered ({occ.state if occ else 'no duty'})")
                continue
            wrong = _differences(intent, self.record.answers[occ.id or 0])
            if wrong:
                figures.lost.append(f"{what}: " + "; ".join(wrong))
            else:
                figures.recorded += 1


def _differences(intent: Intent, got: dict[int, ItemAnswer]) -> list[str]:
    wrong = []
    for item in range(len(intent.checklist)):
        answer = got.get(item)
        problem = item in intent.problems
        if answer is None or answer.ok == problem:
            wrong.append(f"item {item + 1} recorded {answer.ok if answer else None}")
        elif problem and answer.note != intent.problems[item]:
            wrong.append(f"item {item + 1} note {answer.note!r}")
        elif problem and (answer.photo_file_id is not None) != (item in intent.photos):
            wrong.append(f"item {item + 1} photo {answer.photo_file_id!r}")
    return wrong


def _key(row: Delivery) -> Key:
    return (row.occurrence_id, row.kind, row.step, row.item, row.recipient, row.day)


def _signature(message: Sent, lang: str) -> tuple[str, Any]:
    """What makes two arrivals the same message: its buttons, else its text."""
    data = sorted(str(b["callback_data"]) for b in message.sent_buttons if callback(b))
    if data:
        return ("buttons", tuple(data))
    text = plain(message, lang)
    return ("text", text.split("\n")[0] if text.startswith("📋") else text)
