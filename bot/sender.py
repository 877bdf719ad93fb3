"""Send one owed message: claim it, render it, send it, and sort what went wrong.

healthchecks' transports are the model: blocked or unknown chats are permanent (the
person is unreachable and the duty climbs the ladder), network trouble and 5xx are
transient (the row goes back to pending and is tried again), and a migrated group gets
its new chat id. A 429 puts the row back for exactly ``retry_after``. The database work
(claim, render, record) runs in a worker thread with its own session, so a slow or
locked database never stalls the event loop that answers taps; only the request to
Telegram runs on the loop. ``bot/dispatch.py`` decides what to send and when.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from enum import StrEnum
from typing import Any
from zoneinfo import ZoneInfo

from sqlmodel import Session
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message
from telegram.error import BadRequest, ChatMigrated, Forbidden, NetworkError, RetryAfter
from telegram.ext import ExtBot

from bot import cover_render, hazard_messages, incident_messages, render, summary_text
from bot.callbacks import encode
from bot.pace import PACED, pace_of, retry_seconds
from bot.patience import waiting_out
from safeduty.commands import deliveries
from safeduty.domain.states import DUTY_MESSAGES, DeliveryKind
from safeduty.services import Services
from safeduty.storage import duties
from safeduty.storage.links import link_of
from safeduty.storage.tables import Delivery, Occurrence
from safeduty.texts import alert_key, t

log = logging.getLogger("safeduty.sender")
LATE_NOTE_AFTER = timedelta(minutes=10)
RECORD_PATIENCE = 60.0  # seconds to wait out a locked database before a sent message is recorded
MARK_ROOM = 100  # characters kept free in each part for the repeat mark
TITLES = {DeliveryKind.REMINDER: "reminder_title", DeliveryKind.NUDGE: "nudge_title"}


class Outcome(StrEnum):
    """What became of one try."""

    SENT = "sent"
    RETRY = "retry"
    FAILED = "failed"
    UNREACHABLE = "unreachable"
    JUMPED = "jumped"  # unreachable, and a duty moved on to its next rung because of it
    TAKEN = "taken"  # someone else claimed it first: nothing done


@dataclass
class SendReport:
    """What the sender did, for the tick's report and the logs."""

    sent: list[int] = field(default_factory=list)
    retry: list[int] = field(default_factory=list)
    failed: list[int] = field(default_factory=list)
    unreachable: list[str] = field(default_factory=list)
    jumped: bool = False

    def add(self, delivery_id: int, recipient: str, outcome: Outcome) -> None:
        if outcome == Outcome.SENT:
            self.sent.append(delivery_id)
        elif outcome == Outcome.RETRY:
            self.retry.append(delivery_id)
        elif outcome == Outcome.FAILED:
            self.failed.append(delivery_id)
        elif outcome in (Outcome.UNREACHABLE, Outcome.JUMPED):
            self.unreachable.append(recipient)
            self.jumped = self.jumped or outcome == Outcome.JUMPED


class UnreachableError(Exception):
    """The person cannot receive messages (blocked the bot, no chat, never linked)."""


@dataclass(frozen=True)
class Prepared:
    """A claimed delivery, rendered and ready for Telegram."""

    delivery: Delivery
    chat_id: int
    composed: Composed
    text: str  # with the late note; the repeat mark is added when sent
    mark: str


async def send_one(services: Services, bot: ExtBot[Any], delivery_id: int) -> Outcome:
    """Claim, render, send and record one delivery; every failure is recorded, never raised."""
    ready = await asyncio.to_thread(_claim_and_prepare, services, delivery_id)
    if isinstance(ready, Outcome):
        return ready
    try:
        message = await _transmit(services, bot, ready)
    except ChatMigrated as exc:
        await _record(
            deliveries.migrated,
            services,
            delivery_id=delivery_id,
            now=services.clock.now(),
            new_chat_id=int(exc.new_chat_id),
        )
        return Outcome.RETRY
    except (Forbidden, UnreachableError) as exc:
        return await asyncio.to_thread(_unreachable, services, ready.delivery, str(exc))
    except BadRequest as exc:
        if "chat not found" in str(exc).lower():
            return await asyncio.to_thread(_unreachable, services, ready.delivery, str(exc))
        log.error("delivery %s refused by Telegram: %s", delivery_id, exc)
        await _record(
            deliveries.failed,
            services,
            config=services.config,
            delivery_id=delivery_id,
            now=services.clock.now(),
            error=str(exc),
        )
        return Outcome.FAILED
    except RetryAfter as exc:  # Telegram said exactly when: not a failure, and surely not sent
        log.warning("delivery %s: flood control, again in %s s", delivery_id, retry_seconds(exc))
        await _record(
            deliveries.retry,
            services,
            config=services.config,
            delivery_id=delivery_id,
            now=services.clock.now(),
            error=str(exc),
            maybe_delivered=False,
            wait=timedelta(seconds=retry_seconds(exc)),
        )
        return Outcome.RETRY
    except NetworkError as exc:  # timeouts, 5xx, dropped connections: maybe it arrived
        log.warning("delivery %s will be retried: %s", delivery_id, exc)
        await _record(
            deliveries.retry,
            services,
            config=services.config,
            delivery_id=delivery_id,
            now=services.clock.now(),
            error=str(exc) or type(exc).__name__,
            maybe_delivered=True,
        )
        return Outcome.RETRY
    await _recorded_patiently(
        services,
        lambda session: deliveries.sent(
            session,
            delivery_id=delivery_id,
            now=services.clock.now(),
            chat_id=message.chat_id,
            message_id=message.message_id,
        ),
        what=f"recording delivery {delivery_id} as sent",
    )
    repeat = " (possible repeat)" if ready.delivery.repeat else ""
    log.info("sent %s to %s%s", ready.delivery.kind, ready.delivery.recipient, repeat)
    return Outcome.SENT


def _claim_and_prepare(services: Services, delivery_id: int) -> Prepared | Outcome:
    """In a worker thread: claim the row, then render it (a row that cannot render fails)."""
    now = services.clock.now()
    with services.session() as session:
        if not deliveries.claim(session, delivery_id=delivery_id, now=now):
            return Outcome.TAKEN
        delivery = session.get(Delivery, delivery_id, populate_existing=True)
        assert delivery is not None  # noqa: S101  # just claimed
        link = link_of(session=session, staff_id=delivery.recipient)
        if link is None:
            return _unreachable_in(services, session, delivery, "not linked")
        try:
            return _prepare(services, session, delivery, chat_id=link.chat_id)
        except Exception as exc:  # a row we cannot render: record it, go on
            log.exception("delivery %s could not be rendered", delivery_id)
            session.rollback()
            deliveries.failed(
                session,
                config=services.config,
                delivery_id=delivery_id,
                now=services.clock.now(),
                error=repr(exc),
            )
            return Outcome.FAILED


def _prepare(services: Services, session: Session, delivery: Delivery, *, chat_id: int) -> Prepared:
    occ = session.get(Occurrence, delivery.occurrence_id) if delivery.occurrence_id else None
    lang = services.language_of(delivery.recipient)
    composed = _compose(services, session, delivery, occ, lang)
    text = composed.text
    if services.clock.now() - delivery.due_at > LATE_NOTE_AFTER:
        due = render.hhmm(delivery.due_at, ZoneInfo(services.config.school.timezone))
        text = f"{text}\n\n{t(lang, 'sent_late_note', time=due)}"
    mark = f"{t(lang, 'repeat_mark')}\n" if delivery.repeat else ""
    return Prepared(delivery, chat_id, composed, text, mark)


async def _record(command: Callable[..., bool], services: Services, **values: object) -> None:
    """Run one recording command in a worker thread with its own session."""

    def run() -> bool:
        with services.session() as session:
            return command(session, **values)

    await asyncio.to_thread(run)


async def _recorded_patiently(
    services: Services, record: Callable[[Session], bool], *, what: str
) -> None:
    """Record what Telegram accepted, waiting out a locked database: it is on the phone now,
    and a record lost here would send it again as a repeat."""

    def run() -> bool:
        with services.session() as session:
            return record(session)

    async def attempt() -> bool:
        return await asyncio.to_thread(run)

    await waiting_out(attempt, patience=RECORD_PATIENCE, what=what)


def _unreachable(services: Services, delivery: Delivery, error: str) -> Outcome:
    with services.session() as session:
        return _unreachable_in(services, session, delivery, error)


def _unreachable_in(
    services: Services, session: Session, delivery: Delivery, error: str
) -> Outcome:
    assert delivery.id is not None  # noqa: S101  # stored rows have ids
    log.warning("%s is unreachable: %s", delivery.recipient, error)
    jumped = deliveries.unreachable(
        session, delivery_id=delivery.id, now=services.clock.now(), error=error
    )
    return Outcome.JUMPED if jumped else Outcome.UNREACHABLE


async def send_long(bot: ExtBot[Any], chat_id: int, text: str) -> Message:
    """Send ``text`` in as many messages as it needs, split at line ends; return the last."""
    message = None
    for chunk in summary_text.split_message(text):
        message = await bot.send_message(chat_id, chunk)
    assert message is not None  # noqa: S101  # a summary always has lines
    return message


@dataclass(frozen=True)
class Composed:
    """A rendered message: text, buttons, and a photo to send it with (as the caption)."""

    text: str
    markup: InlineKeyboardMarkup | None = None
    photo: str | bytes | None = None
    split: bool = False  # long text goes out in parts, resumed where a failure stopped it


async def _transmit(services: Services, bot: ExtBot[Any], ready: Prepared) -> Message:
    """Send the prepared message; its overall turn was taken before the claim (``PACED``)."""
    composed, chat_id, mark = ready.composed, ready.chat_id, ready.mark
    if composed.split:  # the mark goes on the first part only: the split never shifts
        return await _send_parts(services, bot, ready)
    text = mark + ready.text
    if composed.photo is not None:
        return await bot.send_photo(
            chat_id, composed.photo, caption=text[:1024], rate_limit_args=PACED
        )
    try:
        return await bot.send_message(
            chat_id, text, reply_markup=composed.markup, rate_limit_args=PACED
        )
    except BadRequest as exc:
        # A "contact" button to someone whose privacy settings forbid links to them is
        # refused (BUTTON_USER_PRIVACY_RESTRICTED); the message matters more than the button.
        if composed.markup is None or "privacy" not in str(exc).lower():
            raise
        log.warning("button refused (%s); sending delivery %s without it", exc, ready.delivery.id)
        await _next_turn(bot, chat_id)
        return await bot.send_message(chat_id, text, rate_limit_args=PACED)


async def _next_turn(bot: ExtBot[Any], chat_id: int) -> None:
    """Before a second message in one delivery: the chat's gap and an overall turn."""
    pace = pace_of(bot)
    if pace is not None:
        await pace.gaps.wait_for(chat_id)
        await pace.turn()


async def _send_parts(services: Services, bot: ExtBot[Any], ready: Prepared) -> Message:
    """Send a long text in parts, recording each, so a retry resumes at the part that failed.

    The text is split with room for the repeat mark, which only a first part carries, so
    a retry splits it at the same line ends as the try before.
    """
    delivery, chat_id = ready.delivery, ready.chat_id
    assert delivery.id is not None  # noqa: S101  # stored rows have ids
    delivery_id = delivery.id
    parts = summary_text.split_message(ready.text, limit=summary_text.LIMIT - MARK_ROOM)
    message = None
    for number, part in enumerate(parts[delivery.parts_sent :], delivery.parts_sent + 1):
        if message is not None:
            await _next_turn(bot, chat_id)
        text = (ready.mark if number == 1 else "") + part
        message = await bot.send_message(chat_id, text, rate_limit_args=PACED)
        await _recorded_patiently(
            services,
            lambda session, number=number: deliveries.part_sent(  # type: ignore[misc]
                session, delivery_id=delivery_id, parts=number, now=services.clock.now()
            ),
            what=f"recording part {number} of delivery {delivery_id}",
        )
    if message is None:  # every part went out before a crash: send a short closing line
        message = await bot.send_message(chat_id, parts[-1][-200:], rate_limit_args=PACED)
    return message


def _compose(
    services: Services,
    session: Session,
    delivery: Delivery,
    occ: Occurrence | None,
    lang: str,
) -> Composed:
    zone = ZoneInfo(services.config.school.timezone)
    now = services.clock.now()
    kind = DeliveryKind(delivery.kind)
    if kind == DeliveryKind.SUMMARY and delivery.day is not None:
        summary = summary_text.day_summary(session, delivery.day, now)
        text = summary_text.render_summary(services, session, summary, lang, status_at=None)
        return Composed(text, split=True)
    if kind == DeliveryKind.CHART and delivery.day is not None:
        png, caption = summary_text.weekly_chart(services, session, delivery.day, lang, now)
        return Composed(caption, photo=png)
    if delivery.incident_id is not None or delivery.visit_id is not None:
        return Composed(*incident_messages.compose(services, session, delivery, lang))
    if kind == DeliveryKind.ALERT:
        return Composed(t(lang, alert_key(delivery.key), what=delivery.error or delivery.key))
    if delivery.hazard_id is not None:
        return Composed(*hazard_messages.compose(services, session, delivery, lang))
    if kind in cover_render.KINDS:  # leave, covers, swaps, heads-ups
        return Composed(*cover_render.compose(services, session, delivery, occ, lang))
    if occ is None:
        raise ValueError(f"delivery {delivery.id} of kind {kind} has no occurrence")
    assignee = services.config.staff_by_id(occ.assignee)
    assignee_name = assignee.name if assignee else occ.assignee
    answers = duties.answers(session=session, occurrence_id=occ.id or 0)
    secret = duties.secret(session=session)
    item_text = occ.checklist[delivery.item] if delivery.item is not None else ""
    if kind in DUTY_MESSAGES and delivery.recipient == occ.assignee:
        minutes = int((occ.deadline - now).total_seconds() // 60)
        title = "overdue_title" if minutes < 0 else TITLES.get(kind, "overdue_title")
        text, markup = render.checklist_message(
            occ=occ,
            answers=answers,
            lang=lang,
            zone=zone,
            title_key=title,
            minutes_left=max(0, minutes),
            secret=secret,
        )
        return Composed(text, markup)
    if kind == DeliveryKind.ESCALATION:
        assignee_link = link_of(session=session, staff_id=occ.assignee)
        text, contact = render.escalation_message(
            occ=occ,
            lang=lang,
            zone=zone,
            level=(delivery.step or 0) + 1,
            assignee_name=assignee_name,
            assignee_user_id=assignee_link.telegram_user_id if assignee_link else None,
            unreachable=assignee_link is None or assignee_link.unreachable_since is not None,
        )
        return Composed(text, contact)
    if kind == DeliveryKind.RESOLVED:
        by = services.config.staff_by_id(occ.answered_by or "")
        return Composed(
            render.resolved_message(
                occ=occ,
                lang=lang,
                zone=zone,
                by_name=by.name if by else str(occ.answered_by),
                assignee_name=assignee_name,
            )
        )
    if kind == DeliveryKind.PROBLEM:
        answer = answers[delivery.item or 0]
        text = render.problem_message(
            occ=occ, answer=answer, lang=lang, assignee_name=assignee_name
        )
        return Composed(text, photo=answer.photo_file_id)
    if kind == DeliveryKind.ASK_NOTE:
        return Composed(t(lang, "problem_ask_note", duty=occ.duty_name, item=item_text))
    if kind == DeliveryKind.ASK_PHOTO:
        button = InlineKeyboardButton(
            t(lang, "btn_no_photo"),
            callback_data=encode(secret, "n", occ.id or 0, delivery.item or 0),
        )
        return Composed(t(lang, "problem_ask_photo"), InlineKeyboardMarkup([[button]]))
    if kind == DeliveryKind.MOVED_ON:
        return Composed(t(lang, "problem_moved_on", duty=occ.duty_name, item=item_text))
    raise ValueError(f"delivery {delivery.id}: nothing renders kind {kind!r}")
