"""Text and photos from a teacher in the middle of describing a problem."""

from __future__ import annotations

import hashlib
import logging

from telegram import PhotoSize, Update
from telegram.error import TelegramError

from bot.context import Context
from bot.handlers import hazards
from bot.handlers.access import current_staff
from bot.handlers.checklist import after_report
from bot.handlers.help import unknown
from bot.sender import send_due
from safeduty.commands import problems
from safeduty.domain.states import InputStep
from safeduty.services import Services
from safeduty.texts import t

log = logging.getLogger("safeduty.bot")
PHOTOS = "photos"


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
    await send_due(services, context.bot)  # the photo offer is an owed message


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
    path, digest = await _download(services, photo)
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


async def _download(services: Services, photo: PhotoSize) -> tuple[str | None, str | None]:
    """Keep a copy under a name we make (the content's SHA-256); the file id stays regardless.

    Returns the path relative to the data folder and the hash, or (None, None) when
    Telegram would not hand the file over (the file id can fetch it later).
    """
    try:
        tg_file = await photo.get_file()
        content = bytes(await tg_file.download_as_bytearray())
    except TelegramError as exc:
        log.warning("photo not downloaded: %s", exc)
        return None, None
    digest = hashlib.sha256(content).hexdigest()
    relative = f"{PHOTOS}/{digest}.jpg"
    target = services.data_dir / relative
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        if not target.exists():
            tmp = target.with_suffix(".part")
            tmp.write_bytes(content)
            tmp.replace(target)
    except OSError as exc:  # a full disk must not swallow the report: keep the file id
        log.error("photo not stored in %s: %s", target.parent, exc)
        return None, digest
    return relative, digest
