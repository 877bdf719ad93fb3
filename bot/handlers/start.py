"""/start CODE links a Telegram account to a staff member; /start alone greets them."""

from __future__ import annotations

from telegram import Update

from bot.context import Context
from safeduty.commands.links import Redeemed, redeem_invite
from safeduty.config.model import Duty
from safeduty.services import Services
from safeduty.storage.links import staff_of_user
from safeduty.texts import t

REFUSALS = {
    Redeemed.UNKNOWN: "code_unknown",
    Redeemed.USED: "code_used",
    Redeemed.EXPIRED: "code_expired",
    Redeemed.REVOKED: "code_revoked",
}


def _when(duty: Duty, lang: str) -> str:
    if duty.monthly == "first_school_day":
        return t(lang, "when_monthly_first")
    if duty.monthly == "last_school_day":
        return t(lang, "when_monthly_last")
    if duty.monthly is not None:
        return t(lang, "when_monthly_day", day=duty.monthly)
    return t(lang, "when_school_days")


def duties_text(services: Services, staff_id: str) -> str:
    """The list of a staff member's duties, with their days and times."""
    lang = services.language_of(staff_id)
    lines = []
    for duty in services.config.duties:
        if duty.rota is not None:
            days = [d for d, who in duty.rota.items() if who == staff_id]
            if not days:
                continue
            when = t(lang, "list_sep").join(t(lang, f"weekday_{d}") for d in days)
        elif staff_id in (duty.assignees or []):
            when = _when(duty, lang)
        else:
            continue
        lines.append(
            t(
                lang,
                "duty_line",
                duty=duty.name,
                when=when,
                time=f"{duty.remind_at:%H:%M}",
                deadline=f"{duty.deadline:%H:%M}",
            )
        )
    if not lines:
        return t(lang, "no_duties")
    return t(lang, "your_duties", duties="\n".join(lines))


async def start(update: Update, context: Context) -> None:
    """Link with a code, or greet a linked person; strangers without a code are refused."""
    user, chat = update.effective_user, update.effective_chat
    if user is None or chat is None:
        return
    services = context.bot_data
    now = services.clock.now()
    code = context.args[0] if context.args else None
    with services.session() as session:
        if code is None:
            staff_id = staff_of_user(session=session, telegram_user_id=user.id)
            key = "welcome_back" if staff_id else "not_linked"
            person = services.config.staff_by_id(staff_id) if staff_id else None
            await context.bot.send_message(
                chat.id, t(services.language_of(staff_id), key, name=person.name if person else "")
            )
            return
        outcome, staff_id, old_chat = redeem_invite(
            session,
            code=code[:64],
            telegram_user_id=user.id,
            chat_id=chat.id,
            now=now,
            staff_ids={p.id for p in services.config.staff},
        )
    person = services.config.staff_by_id(staff_id) if staff_id else None
    if outcome is not Redeemed.LINKED or person is None:
        lang = services.language_of(staff_id if person else None)
        await context.bot.send_message(chat.id, t(lang, REFUSALS.get(outcome, "code_unknown")))
        return
    lang = services.language_of(person.id)
    greeting = t(lang, "link_ok", name=person.name, school=services.config.school.name)
    await context.bot.send_message(chat.id, f"{greeting}\n\n{duties_text(services, person.id)}")
    if old_chat is not None:
        await context.bot.send_message(old_chat, t(lang, "unlinked_elsewhere"))
