"""Text and photos from a teacher in the middle of describing a problem."""

from __future__ import annotations

from telegram import Update

from bot.context import Context
from bot.handlers import hazards
from bot.handlers.access import current_staff
from bot.handlers.checklist import after_report
from bot.handlers.help import unknown
from bot.photos import download
from safeduty.commands import problems
from safeduty.domain.states import InputStep
from safeduty.texts import t


async def on_text(update: Update, context: Context) -> None:
    """A note for the problem item being described; anything else gets the /help pointer."""
    message, staff_id = update.effective_message, current_staff(update, context)
    services = context.bot_data
    if message is None or not (message.text or "").strip() or staff_id is None:
        await unknown(update, context)
        return
    with services.session() as session:
        waiting = problems.add_note(
            session, staff_id=staff_id, text=message.text or "", now=services.clock.now()
        )
    if waiting is None:
        if not await hazards.on_text(update, context):  # a hazard's description, fix, reason
            await unknown(update, context)
        return
    services.owed()  # the photo offer is an owed message


async def on_photo(update: Update, context: Context) -> None:
    """A photo for the awaited problem item: its file id and a copy named by its hash."""
    message, staff_id = update.effective_message, current_staff(update, context)
    services = context.bot_data
    if message is None or not message.photo or staff_id is None:
        await unknown(update, context)
        return
    with services.session() as session:
        waiting = problems.waiting_for(session, staff_id=staff_id)
    if waiting is None:
        if not await hazards.on_photo(update, context):  # a hazard's, or its fix's
            await unknown(update, context)
        return
    if waiting.step != InputStep.PHOTO:  # a note is asked first; the photo is not filed
        lang = services.language_of(staff_id)
        await message.reply_text(t(lang, "photo_before_note"))
        return
    photo = message.photo[-1]  # the largest size
    path, digest = await download(services, photo)
    with services.session() as session:
        reported = problems.add_photo(
            session,
            config=services.config,
            staff_id=staff_id,
            file_id=photo.file_id,
            path=path,
            sha256=digest,
            caption=message.caption,
            now=services.clock.now(),
        )
    if reported is None:
        await unknown(update, context)
        return
    lang = services.language_of(staff_id)
    await after_report(services, reported, lang=lang, context=context, chat_id=message.chat_id)
