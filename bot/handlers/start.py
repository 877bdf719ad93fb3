"""/start CODE links a Telegram account to a staff member; /start alone greets them."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from bot.callbacks import decode_link, encode_link
from bot.context import Context
from bot.edits import drop_buttons, edit_text
from bot.incident_render import keyboard
from bot.render import local_date
from safeduty.arranged import placed_days
from safeduty.commands.links import Redeemed, redeem_invite
from safeduty.config.model import Duty
from safeduty.domain.plan import school_date
from safeduty.domain.week import How, Rule, next_dates, rules_for
from safeduty.services import Services
from safeduty.storage import duties
from safeduty.storage.links import staff_of_user
from safeduty.texts import t

REFUSALS = {
    Redeemed.UNKNOWN: "code_unknown",
    Redeemed.USED: "code_used",
    Redeemed.EXPIRED: "code_expired",
    Redeemed.REVOKED: "code_revoked",
}


LOOK_AHEAD = 56  # days of plan searched for each duty's next date


def _when(duty: Duty, lang: str) -> str:
    if duty.when == "holidays":
        return t(lang, "when_holidays")
    if duty.when == "events":
        return t(lang, "when_events")
    if duty.monthly == "first_school_day":
        return t(lang, "when_monthly_first")
    if duty.monthly == "last_school_day":
        return t(lang, "when_monthly_last")
    if duty.monthly is not None:
        return t(lang, "when_monthly_day", day=duty.monthly)
    return t(lang, "when_school_days")


def _rule_when(rule: Rule, lang: str) -> str:
    sep = t(lang, "list_sep")
    if rule.how == How.ROTA:
        return sep.join(t(lang, f"weekday_{d}") for d in rule.weekdays)
    if rule.how == How.ROTATION:
        turns = t(lang, "when_rotation", count=rule.people)
        return f"{t(lang, 'when_holidays')}{sep}{turns}" if rule.duty.when == "holidays" else turns
    if rule.how == How.OVERRIDE:
        return t(lang, "when_override")
    return _when(rule.duty, lang)


def duties_text(services: Services, staff_id: str) -> str:
    """A staff member's duties by rule (rota, every school day, in turn, holidays, a group
    they are in, deputy), each with the next date the plan has them on it."""
    lang = services.language_of(staff_id)
    today = school_date(services.clock.now(), services.config)
    with services.session() as session:
        placed, _ = placed_days(services.config, session, today, LOOK_AHEAD)
    upcoming = next_dates(placed, staff_id)
    lines = []
    for rule in rules_for(services.config, staff_id):
        duty = rule.duty
        if rule.how == How.DEPUTY:
            lines.append(t(lang, "duty_deputy_line", duty=duty.name))
            continue
        day = upcoming.get(duty.id)
        lines.append(
            t(
                lang,
                "duty_line",
                duty=duty.name,
                when=_rule_when(rule, lang),
                time=f"{duty.remind_at:%H:%M}",
                deadline=f"{duty.deadline:%H:%M}",
                next=t(lang, "duty_next", date=local_date(day, lang)) if day else "",
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
    code = context.args[0] if context.args else None
    if code is None:
        with services.session() as session:
            staff_id = staff_of_user(session=session, telegram_user_id=user.id)
        key = "welcome_back" if staff_id else "not_linked"
        person = services.config.staff_by_id(staff_id) if staff_id else None
        lang = services.language_of(staff_id)
        await context.bot.send_message(
            chat.id,
            t(lang, key, name=person.name if person else ""),
            reply_markup=keyboard(lang) if staff_id else None,  # the 🚨 button
        )
        return
    await _redeem(services, context, code[:64], user_id=user.id, chat_id=chat.id, confirmed=False)


async def on_link_button(update: Update, context: Context) -> None:
    """The answer to "link this account to someone else instead?"."""
    query = update.callback_query
    if query is None or query.message is None:
        return
    services = context.bot_data
    with services.session() as session:
        decoded = decode_link(duties.secret(session=session), query.data)
        current = staff_of_user(session=session, telegram_user_id=query.from_user.id)
    lang = services.language_of(current)
    if decoded is None:
        await query.answer(t(lang, "button_stale"), show_alert=True)
        return
    yes, code = decoded
    if not yes:
        await edit_text(query, t(lang, "relink_kept", current=_name(services, current)))
    else:
        await drop_buttons(query)
        await _redeem(
            services,
            context,
            code,
            user_id=query.from_user.id,
            chat_id=query.message.chat.id,
            confirmed=True,
        )
    await query.answer()  # last, so the person (and a test) sees the outcome with it


async def _redeem(
    services: Services, context: Context, code: str, *, user_id: int, chat_id: int, confirmed: bool
) -> None:
    with services.session() as session:
        outcome, staff_id, old_chat = redeem_invite(
            session,
            code=code,
            telegram_user_id=user_id,
            chat_id=chat_id,
            now=services.clock.now(),
            staff_ids={p.id for p in services.config.staff},
            confirmed=confirmed,
            config=services.config,
        )
        current = staff_of_user(session=session, telegram_user_id=user_id)
    person = services.config.staff_by_id(staff_id) if staff_id else None
    if outcome is Redeemed.CONFIRM and person is not None:
        await _ask_to_move(services, context, code, chat_id, current=current, other=person.name)
        return
    if outcome is not Redeemed.LINKED or person is None:
        lang = services.language_of(staff_id if person else None)
        await context.bot.send_message(chat_id, t(lang, REFUSALS.get(outcome, "code_unknown")))
        return
    lang = services.language_of(person.id)
    greeting = t(lang, "link_ok", name=person.name, school=services.config.school.name)
    await context.bot.send_message(
        chat_id,
        f"{greeting}\n\n{duties_text(services, person.id)}\n\n{t(lang, 'incident_keyboard_hint')}",
        reply_markup=keyboard(lang),  # the 🚨 button, under the message box from now on
    )
    if old_chat is not None:
        await context.bot.send_message(old_chat, t(lang, "unlinked_elsewhere"))
    if confirmed:
        services.owed()  # the admins' note about the move


async def _ask_to_move(
    services: Services,
    context: Context,
    code: str,
    chat_id: int,
    *,
    current: str | None,
    other: str,
) -> None:
    """The account is someone else's: ask before moving it, with the code kept unused."""
    lang = services.language_of(current)
    with services.session() as session:
        secret = duties.secret(session=session)
    buttons = [
        InlineKeyboardButton(
            t(lang, "btn_relink_yes", other=other),
            callback_data=encode_link(secret, code, yes=True),
        ),
        InlineKeyboardButton(
            t(lang, "btn_relink_no"), callback_data=encode_link(secret, code, yes=False)
        ),
    ]
    text = t(lang, "relink_confirm", current=_name(services, current), other=other)
    await context.bot.send_message(chat_id, text, reply_markup=InlineKeyboardMarkup([buttons]))


def _name(services: Services, staff_id: str | None) -> str:
    person = services.config.staff_by_id(staff_id) if staff_id else None
    return person.name if person else str(staff_id)
