"""The one outbound path for owed messages: render, send, and sort what went wrong.

healthchecks' transports are the model: blocked or unknown chats are permanent (the
person is unreachable and the duty climbs the ladder), network trouble and 5xx are
transient (the row goes back to pending for the next tick), and a migrated group gets its
new chat id. Flood control (429) is AIORateLimiter's job; if it still fails, retry later.
The sender takes its turn at the pace of ``bot/pace.py`` before it claims a row.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from functools import partial
from zoneinfo import ZoneInfo

from sqlmodel import Session
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, Message
from telegram.error import BadRequest, ChatMigrated, Forbidden, NetworkError, RetryAfter

from bot import cover_render, hazard_messages, incident_messages, render, summary_text
from bot.callbacks import encode
from bot.pace import wait_for_turn
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


@dataclass
class SendReport:
    """What one pass of the sender did, for the tick's report and the logs."""

    sent: list[int] = field(default_factory=list)
    retry: list[int] = field(default_factory=list)
    failed: list[int] = field(default_factory=list)
    unreachable: list[str] = field(default_factory=list)
    jumped: bool = False


class UnreachableError(Exception):
    """The person cannot receive messages (blocked the bot, no chat, never linked)."""


async def send_due(services: Services, bot: Bot) -> SendReport:
    """Claim and send every pending delivery that is due, in the order it fell due."""
    report = SendReport()
    with services.session() as session:
        for delivery in duties.sendable(session=session, now=services.clock.now()):
            assert delivery.id is not None  # noqa: S101  # stored rows have ids
            await wait_for_turn(getattr(bot, "rate_limiter", None))  # before the claim: bot/pace.py
            if deliveries.claim(session, delivery_id=delivery.id, now=services.clock.now()):
                try:
                    await _send_one(services, bot, session, delivery, report)
                except Exception as exc:  # a row we cannot render: record it, go on
                    log.exception("delivery %s could not be sent", delivery.id)
                    session.rollback()
                    deliveries.failed(
                        session,
                        config=services.config,
                        delivery_id=delivery.id,
                        now=services.clock.now(),
                        error=repr(exc),
                    )
                    report.failed.append(delivery.id)
    return report


async def _send_one(
    services: Services, bot: Bot, session: Session, delivery: Delivery, report: SendReport
) -> None:
    """Send one claimed delivery and record what Telegram said, as one command."""
    assert delivery.id is not None  # noqa: S101  # stored rows have ids
    delivery_id = delivery.id
    occ = session.get(Occurrence, delivery.occurrence_id) if delivery.occurrence_id else None
    link = link_of(session=session, staff_id=delivery.recipient)
    try:
        if link is None:
            raise UnreachableError("not linked")
        message = await _deliver(services, bot, session, delivery, occ, chat_id=link.chat_id)
    except ChatMigrated as exc:
        deliveries.migrated(
            session,
            delivery_id=delivery_id,
            now=services.clock.now(),
            new_chat_id=int(exc.new_chat_id),
        )
        report.retry.append(delivery_id)
    except (Forbidden, UnreachableError) as exc:
        _unreachable(services, session, delivery, error=str(exc), report=report)
    except BadRequest as exc:
        if "chat not found" in str(exc).lower():
            _unreachable(services, session, delivery, error=str(exc), report=report)
        else:
            log.error("delivery %s refused by Telegram: %s", delivery_id, exc)
            deliveries.failed(
                session,
                config=services.config,
                delivery_id=delivery_id,
                now=services.clock.now(),
                error=str(exc),
            )
            report.failed.append(delivery_id)
    except (RetryAfter, NetworkError) as exc:  # flood, timeouts, 5xx, dropped connections
        log.warning("delivery %s will be retried: %s", delivery_id, exc)
        deliveries.retry(
            session,
            config=services.config,
            delivery_id=delivery_id,
            now=services.clock.now(),
            error=str(exc) or type(exc).__name__,
            maybe_delivered=not isinstance(exc, RetryAfter),  # a 429 was surely not sent
        )
        report.retry.append(delivery_id)
    else:
        await _record_patiently(
            lambda: deliveries.sent(
                session,
                delivery_id=delivery_id,
                now=services.clock.now(),
                chat_id=message.chat_id,
                message_id=message.message_id,
            ),
            what=f"recording delivery {delivery_id} as sent",
        )
        report.sent.append(delivery_id)
        repeat = " (possible repeat)" if delivery.repeat else ""
        log.info("sent %s to %s%s", delivery.kind, delivery.recipient, repeat)


async def _record_patiently(record: Callable[[], bool], *, what: str) -> None:
    """Record what Telegram accepted, waiting out a locked database: it is on the phone now,
    and a record lost here would send it again as a repeat."""

    async def attempt() -> bool:
        return record()

    await waiting_out(attempt, patience=RECORD_PATIENCE, what=what)


def _unreachable(
    services: Services, session: Session, delivery: Delivery, *, error: str, report: SendReport
) -> None:
    assert delivery.id is not None  # noqa: S101  # stored rows have ids
    report.unreachable.append(delivery.recipient)
    log.warning("%s is unreachable: %s", delivery.recipient, error)
    if deliveries.unreachable(
        session, delivery_id=delivery.id, now=services.clock.now(), error=error
    ):
        report.jumped = True


async def send_long(bot: Bot, chat_id: int, text: str) -> Message:
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


async def _deliver(
    services: Services,
    bot: Bot,
    session: Session,
    delivery: Delivery,
    occ: Occurrence | None,
    *,
    chat_id: int,
) -> Message:
    """Render the delivery and send it; a possible repeat or a late send says so."""
    lang = services.language_of(delivery.recipient)
    composed = _compose(services, session, delivery, occ, lang)
    text = composed.text
    now = services.clock.now()
    if now - delivery.due_at > LATE_NOTE_AFTER:
        due = render.hhmm(delivery.due_at, ZoneInfo(services.config.school.timezone))
        text = f"{text}\n\n{t(lang, 'sent_late_note', time=due)}"
    mark = f"{t(lang, 'repeat_mark')}\n" if delivery.repeat else ""
    if composed.split:  # the mark goes on the first part only: the split never shifts
        return await _send_parts(
            services, bot, session, delivery, chat_id=chat_id, text=text, mark=mark
        )
    text = mark + text
    if composed.photo is not None:
        return await bot.send_photo(chat_id, composed.photo, caption=text[:1024])
    try:
        return await bot.send_message(chat_id, text, reply_markup=composed.markup)
    except BadRequest as exc:
        # A "contact" button to someone whose privacy settings forbid links to them is
        # refused (BUTTON_USER_PRIVACY_RESTRICTED); the message matters more than the button.
        if composed.markup is None or "privacy" not in str(exc).lower():
            raise
        log.warning("button refused (%s); sending delivery %s without it", exc, delivery.id)
        return await bot.send_message(chat_id, text)


async def _send_parts(
    services: Services,
    bot: Bot,
    session: Session,
    delivery: Delivery,
    *,
    chat_id: int,
    text: str,
    mark: str,
) -> Message:
    """Send a long text in parts, recording each, so a retry resumes at the part that failed.

    The text is split with room for the repeat mark, which only a first part carries, so
    a retry splits it at the same line ends as the try before.
    """
    assert delivery.id is not None  # noqa: S101  # stored rows have ids
    delivery_id = delivery.id
    parts = summary_text.split_message(text, limit=summary_text.LIMIT - MARK_ROOM)
    message = None
    for number, part in enumerate(parts[delivery.parts_sent :], delivery.parts_sent + 1):
        message = await bot.send_message(chat_id, (mark if number == 1 else "") + part)
        await _record_patiently(
            partial(
                deliveries.part_sent,
                session,
                delivery_id=delivery_id,
                parts=number,
                now=services.clock.now(),
            ),
            what=f"recording part {number} of delivery {delivery_id}",
        )
    if message is None:  # every part went out before a crash: send a short closing line
        message = await bot.send_message(chat_id, parts[-1][-200:])
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
