"""Who may talk to the bot: only linked staff in private chats; strangers get one polite answer."""

from __future__ import annotations

from dataclasses import dataclass

from telegram import Update
from telegram.ext import ApplicationHandlerStop

from bot.context import Context
from safeduty.storage import strangers
from safeduty.storage.links import staff_of_user
from safeduty.texts import t

STAFF = "safeduty_staff"  # the context attribute the lookup is kept in, for this update only


def current_staff(update: Update, context: Context) -> str | None:
    """The staff id linked to the sender of ``update``, if any; looked up once per update.

    PTB hands one context to every handler of an update, so the gate's lookup serves the
    handler that follows it; the next update asks the database again (links change).
    """
    if STAFF in vars(context):
        staff: str | None = vars(context)[STAFF]
        return staff
    user = update.effective_user
    staff = None
    if user is not None:
        with context.bot_data.session() as session:
            staff = staff_of_user(session=session, telegram_user_id=user.id)
    setattr(context, STAFF, staff)
    return staff


async def gate(update: Update, context: Context) -> None:
    """Runs first for every update: drop groups, let /start through, refuse strangers."""
    chat = update.effective_chat
    if chat is None or chat.type != "private":
        raise ApplicationHandlerStop  # groups are ignored until an issue says otherwise
    message = update.effective_message
    if message is not None and (message.text or "").split()[:1] == ["/start"]:
        return
    if current_staff(update, context) is not None:
        return
    services = context.bot_data
    text = t(services.config.school.language, "not_linked")
    if update.callback_query is not None:
        await update.callback_query.answer(text, show_alert=True)  # a tap always gets an answer
    elif update.effective_user is not None:
        with services.session() as session:
            reply = strangers.may_reply(
                session, telegram_user_id=update.effective_user.id, now=services.clock.now()
            )
        if reply:  # once a day each: a flood of messages must not spend the send budget
            await context.bot.send_message(chat.id, text)
    raise ApplicationHandlerStop


@dataclass(frozen=True)
class Asker:
    """The linked staff member behind a command: where to answer, in which language."""

    chat_id: int
    staff_id: str
    lang: str
    roles: frozenset[str]


async def asker(
    update: Update, context: Context, *, roles: set[str] | None = None, refusal: str = ""
) -> Asker | None:
    """Who sent this command; None (after the ``refusal`` text) when they lack ``roles``."""
    chat, staff_id = update.effective_chat, current_staff(update, context)
    if chat is None or staff_id is None:
        return None
    services = context.bot_data
    person = services.config.staff_by_id(staff_id)
    who = Asker(
        chat.id, staff_id, services.language_of(staff_id), frozenset(person.roles if person else ())
    )
    if roles is not None and not who.roles & roles:
        await context.bot.send_message(chat.id, t(who.lang, refusal))
        return None
    return who
