"""The one outbound path for owed messages: render, send, and sort what went wrong.

healthchecks' transports are the model: blocked or unknown chats are permanent (the
person is unreachable and the duty climbs the ladder), network trouble and 5xx are
transient (the row goes back to pending for the next tick), and a migrated group gets its
new chat id. Flood control (429) is AIORateLimiter's job; if it still fails, retry later.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from sqlmodel import Session
from telegram import Bot, InlineKeyboardMarkup, Message
from telegram.error import BadRequest, ChatMigrated, Forbidden, NetworkError, RetryAfter

from bot import render, summary_text
from safeduty.commands import deliveries
from safeduty.domain.states import DUTY_MESSAGES, DeliveryKind
from safeduty.services import Services
from safeduty.storage import duties
from safeduty.storage.links import link_of
from safeduty.storage.tables import Delivery, Occurrence

log = logging.getLogger("safeduty.sender")


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
            if deliveries.claim(session, delivery_id=delivery.id, now=services.clock.now()):
                await _send_one(services, bot, session, delivery, report)
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
                session, delivery_id=delivery_id, now=services.clock.now(), error=str(exc)
            )
            report.failed.append(delivery_id)
    except (RetryAfter, NetworkError) as exc:  # timeouts, 5xx, dropped connections
        log.warning("delivery %s will be retried: %s", delivery_id, exc)
        deliveries.retry(session, delivery_id=delivery_id, now=services.clock.now(), error=str(exc))
        report.retry.append(delivery_id)
    else:
        deliveries.sent(
            session,
            delivery_id=delivery_id,
            now=services.clock.now(),
            chat_id=message.chat_id,
            message_id=message.message_id,
        )
        report.sent.append(delivery_id)
        log.info("sent %s to %s", delivery.kind, delivery.recipient)


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


async def _deliver(
    services: Services,
    bot: Bot,
    session: Session,
    delivery: Delivery,
    occ: Occurrence | None,
    *,
    chat_id: int,
) -> Message:
    zone = ZoneInfo(services.config.school.timezone)
    lang = services.language_of(delivery.recipient)
    if delivery.kind == DeliveryKind.SUMMARY and delivery.day is not None:
        summary = summary_text.day_summary(session, delivery.day, services.clock.now())
        text = summary_text.render_summary(services, session, summary, lang, status_at=None)
        return await send_long(bot, chat_id, text)
    if delivery.kind == DeliveryKind.CHART and delivery.day is not None:
        png, caption = summary_text.weekly_chart(
            services, session, delivery.day, lang, services.clock.now()
        )
        return await bot.send_photo(chat_id, png, caption=caption[:1024])
    if occ is None:
        raise ValueError(f"delivery {delivery.id} of kind {delivery.kind} has no occurrence")
    assignee = services.config.staff_by_id(occ.assignee)
    assignee_name = assignee.name if assignee else occ.assignee
    answers = duties.answers(session=session, occurrence_id=occ.id or 0)
    markup: InlineKeyboardMarkup | None
    if delivery.kind in DUTY_MESSAGES and delivery.recipient == occ.assignee:
        title = {DeliveryKind.REMINDER: "reminder_title", DeliveryKind.NUDGE: "nudge_title"}.get(
            DeliveryKind(delivery.kind), "overdue_title"
        )
        minutes = max(0, int((occ.deadline - delivery.due_at).total_seconds() // 60))
        text, markup = render.checklist_message(
            occ=occ,
            answers=answers,
            lang=lang,
            zone=zone,
            title_key=title,
            minutes_left=minutes,
            secret=duties.secret(session=session),
        )
    elif delivery.kind == DeliveryKind.ESCALATION:
        assignee_link = link_of(session=session, staff_id=occ.assignee)
        text, markup = render.escalation_message(
            occ=occ,
            lang=lang,
            zone=zone,
            level=(delivery.step or 0) + 1,
            assignee_name=assignee_name,
            assignee_user_id=assignee_link.telegram_user_id if assignee_link else None,
            unreachable=assignee_link is None or assignee_link.unreachable_since is not None,
        )
    elif delivery.kind == DeliveryKind.RESOLVED:
        by = services.config.staff_by_id(occ.answered_by or "")
        text, markup = (
            render.resolved_message(
                occ=occ,
                lang=lang,
                zone=zone,
                by_name=by.name if by else str(occ.answered_by),
                assignee_name=assignee_name,
            ),
            None,
        )
    elif delivery.kind == DeliveryKind.PROBLEM:
        answer = answers[delivery.item or 0]
        text = render.problem_message(
            occ=occ, answer=answer, lang=lang, assignee_name=assignee_name
        )
        if answer.photo_file_id:
            return await bot.send_photo(chat_id, answer.photo_file_id, caption=text[:1024])
        markup = None
    else:
        raise ValueError(f"unknown delivery kind {delivery.kind!r}")
    try:
        return await bot.send_message(chat_id, text, reply_markup=markup)
    except BadRequest as exc:
        # A "contact" button to someone whose privacy settings forbid links to them is
        # refused (BUTTON_USER_PRIVACY_RESTRICTED); the message matters more than the button.
        if (
            markup is None
            or delivery.kind != DeliveryKind.ESCALATION
            or "privacy" not in str(exc).lower()
        ):
            raise
        log.warning(
            "contact button refused (%s); sending escalation %s without it", exc, delivery.id
        )
        return await bot.send_message(chat_id, text)
