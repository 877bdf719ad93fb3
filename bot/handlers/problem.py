"""Text and photos from a teacher in the middle of describing a problem."""

from __future__ import annotations

import logging

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.error import TelegramError

from bot.callbacks import encode
from bot.handlers.access import current_staff
from bot.handlers.checklist import finish_problem
from bot.handlers.help import unknown
from bot.services import Context
from safeduty.storage import duties
from safeduty.storage.tables import Occurrence
from safeduty.texts import t

log = logging.getLogger("safeduty.bot")
NOTE_CHARS = 1000


async def on_text(update: Update, context: Context) -> None:
    """A note for the awaited problem item; anything else gets the /help pointer."""
    message, staff_id = update.effective_message, current_staff(update, context)
    services = context.bot_data
    with services.session() as session:
        waiting = duties.pending_input(session=session, staff_id=staff_id or "")
        if message is None or message.text is None or waiting is None or waiting.step != "note":
            await unknown(update, context)
            return
        answer = duties.answers(session=session, occurrence_id=waiting.occurrence_id).get(
            waiting.item
        )
        if answer is None:
            await unknown(update, context)
            return
        answer.note = message.text[:NOTE_CHARS]
        waiting.step = "photo"
        session.add_all([answer, waiting])
        session.commit()
        occ = session.get(Occurrence, waiting.occurrence_id)
        assert occ is not None  # noqa: S101  # the foreign key guarantees it
        lang = services.language_of(staff_id)
        button = InlineKeyboardButton(
            t(lang, "btn_no_photo"),
            callback_data=encode(
                duties.secret(session=session), "n", waiting.occurrence_id, waiting.item
            ),
        )
        await message.reply_text(
            t(lang, "problem_ask_photo"), reply_markup=InlineKeyboardMarkup([[button]])
        )


async def on_photo(update: Update, context: Context) -> None:
    """A photo for the awaited problem item: keep its file id and a copy in the data folder."""
    message, staff_id = update.effective_message, current_staff(update, context)
    services = context.bot_data
    with services.session() as session:
        waiting = duties.pending_input(session=session, staff_id=staff_id or "")
        if message is None or not message.photo or waiting is None:
            await unknown(update, context)
            return
        answer = duties.answers(session=session, occurrence_id=waiting.occurrence_id).get(
            waiting.item
        )
        occ = session.get(Occurrence, waiting.occurrence_id)
        if answer is None or occ is None:
            await unknown(update, context)
            return
        photo = message.photo[-1]  # the largest size
        answer.photo_file_id = photo.file_id
        folder = services.data_dir / "photos"
        folder.mkdir(parents=True, exist_ok=True)
        target = folder / f"o{occ.id}_i{waiting.item}_{photo.file_unique_id}.jpg"
        try:
            tg_file = await photo.get_file()
            await tg_file.download_to_drive(target)
            answer.photo_path = str(target)
        except TelegramError as exc:  # the file id is kept; the copy can be fetched later
            log.warning("photo for occurrence %s not downloaded: %s", occ.id, exc)
        if answer.note is None and message.caption:
            answer.note = message.caption[:NOTE_CHARS]
        session.add(answer)
        session.commit()
        lang = services.language_of(staff_id)
        await finish_problem(
            services,
            session,
            occ,
            waiting.item,
            lang=lang,
            context=context,
            chat_id=message.chat_id,
        )
