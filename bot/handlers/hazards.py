"""/hazard, /hazards, hazard buttons, and the text or photo a hazard conversation waits for.

Parse, call a command, render what it decided; who may do what is the commands' call.
"""

from __future__ import annotations

import hashlib
import logging
from zoneinfo import ZoneInfo

from telegram import InlineKeyboardMarkup, PhotoSize, Update
from telegram.error import TelegramError

from bot import hazard_render as hr
from bot.context import Context
from bot.handlers.access import Asker, asker, current_staff
from safeduty.commands import hazard_reports, hazard_verdicts, hazards
from safeduty.commands.hazard_reports import Draft, Photo
from safeduty.domain.hazards import (
    HazardInputStep,
    HazardRefusal,
    Listed,
    list_order,
    may_see,
)
from safeduty.services import Services
from safeduty.storage import duties
from safeduty.storage import hazards as reads
from safeduty.storage.tables import Occurrence
from safeduty.texts import t

log = logging.getLogger("safeduty.bot")
PHOTOS = "photos"
REFUSALS = {
    HazardRefusal.STALE: "hazard_stale",
    HazardRefusal.NOT_ALLOWED: "hazard_not_allowed",
    HazardRefusal.NOT_OWNER: "hazard_not_owner",
    HazardRefusal.OWN_FIX: "hazard_own_fix",
    HazardRefusal.NOT_VISIBLE: "hazard_not_visible",
    HazardRefusal.UNKNOWN_STAFF: "hazard_unknown_staff",
}
LIST_LIMIT = 50


async def hazard_command(update: Update, context: Context) -> None:
    """``/hazard``: report one; ``/hazard TEXT`` starts with its description; ``/hazard 12``
    shows hazard 12 with its timeline and photos."""
    who = await asker(update, context)
    if who is None:
        return
    services = context.bot_data
    words = context.args or []
    if len(words) == 1 and words[0].lstrip("#").isdecimal():
        await _show(services, context, who, int(words[0].lstrip("#")))
        return
    now = services.clock.now()
    with services.session() as session:
        draft: Draft | None = hazard_reports.start_report(
            session, config=services.config, staff_id=who.staff_id, now=now
        )
        if draft is not None and draft.refusal is None and words:
            draft = hazard_reports.add_description(
                session, staff_id=who.staff_id, text=" ".join(words), now=now
            )
    await ask_next(services, context, who.chat_id, who.lang, draft)


async def hazards_list(update: Update, context: Context) -> None:
    """``/hazards``: not yet closed, overdue first, then by level and due date. A teacher
    sees those they reported or own; the safety officer and the principal all."""
    who = await asker(update, context)
    if who is None:
        return
    services = context.bot_data
    now = services.clock.now()
    zone = ZoneInfo(services.config.school.timezone)
    with services.session() as session:
        rows = [
            h
            for h in reads.every_hazard(session=session, not_closed=True)
            if may_see(by=who.staff_id, roles=who.roles, reported_by=h.reported_by, owner=h.owner)
        ]
    rows.sort(key=lambda h: list_order(Listed(h.id or 0, h.state, h.level, h.deadline), now, zone))
    if not rows:
        await context.bot.send_message(who.chat_id, t(who.lang, "hazards_none"))
        return
    lines = [t(who.lang, "hazards_title", count=len(rows))]
    lines += [hr.list_line(services.config, h, who.lang, now) for h in rows[:LIST_LIMIT]]
    if len(rows) > LIST_LIMIT:
        lines.append("…")
    lines += ["", t(who.lang, "hazards_hint")]
    await context.bot.send_message(who.chat_id, "\n".join(lines))


async def _show(services: Services, context: Context, who: Asker, hazard_id: int) -> None:
    with services.session() as session:
        seen = hazard_verdicts.visible(
            session, config=services.config, hazard_id=hazard_id, by=who.staff_id
        )
        hazard = reads.get(session=session, hazard_id=hazard_id)
        if seen.refusal == HazardRefusal.STALE or hazard is None:
            await context.bot.send_message(who.chat_id, t(who.lang, "hazard_unknown", id=hazard_id))
            return
        if seen.refusal is not None:
            await context.bot.send_message(who.chat_id, t(who.lang, REFUSALS[seen.refusal]))
            return
        steps = reads.steps_of(session=session, hazard_id=hazard_id)
        photos = [
            p for p in reads.photos_of(session=session, hazard_id=hazard_id) if p.removed_at is None
        ]
    text = hr.detail(services.config, hazard, steps, who.lang, services.clock.now())
    await context.bot.send_message(who.chat_id, text)
    for photo in photos:
        caption = t(who.lang, f"hazard_photo_{photo.kind}", id=hazard_id)
        await context.bot.send_photo(who.chat_id, photo.file_id, caption=caption)


async def ask_next(
    services: Services, context: Context, chat_id: int, lang: str, draft: Draft | None
) -> None:
    """The next question of a report (with its buttons), or what it became."""
    if draft is None:
        await context.bot.send_message(chat_id, t(lang, "hazard_stale"))
        return
    if draft.refusal is not None:
        await context.bot.send_message(chat_id, t(lang, REFUSALS[draft.refusal]))
        return
    with services.session() as session:
        secret = duties.secret(session=session)
        hazard = reads.get(session=session, hazard_id=draft.hazard_id) if draft.hazard_id else None
    config = services.config
    markup: InlineKeyboardMarkup | None = None
    if hazard is not None:
        text = t(
            lang,
            "hazard_opened",
            id=hazard.id,
            description=hazard.description,
            place=hr.place(lang, hazard),
            category=hr.category(lang, hazard.category),
            level=hr.level_mark(lang, hazard),
        )
        await context.bot.send_message(chat_id, text)
        services.owed()  # the safety officer (and principal) now
        return
    if draft.step == HazardInputStep.DESCRIPTION:
        text = t(lang, "hazard_ask_description")
    elif draft.step == HazardInputStep.PLACE:
        text, markup = t(lang, "hazard_ask_place"), hr.place_keyboard(secret, config, lang)
    elif draft.step == HazardInputStep.PLACE_TEXT:
        text = t(lang, "hazard_ask_place_text")
    elif draft.step == HazardInputStep.PHOTOS:
        key = "hazard_photo_kept" if draft.photos else "hazard_ask_photos"
        text = t(lang, key, count=draft.photos)
        markup = hr.single(secret, lang, "btn_photos_done", "d")
    elif draft.step == HazardInputStep.CATEGORY:
        text, markup = t(lang, "hazard_ask_category"), hr.category_keyboard(secret, config, lang)
    else:
        text, markup = t(lang, "hazard_ask_level"), hr.level_keyboard(secret, lang)
    await context.bot.send_message(chat_id, text, reply_markup=markup)


async def on_text(update: Update, context: Context) -> bool:
    """A text the hazard conversation waits for; False when it waits for none."""
    message, staff_id = update.effective_message, current_staff(update, context)
    if message is None or staff_id is None or not (message.text or "").strip():
        return False
    services, text = context.bot_data, message.text or ""
    lang, now, config = services.language_of(staff_id), services.clock.now(), services.config
    with services.session() as session:
        row = reads.input_of(session=session, staff_id=staff_id)
        if row is None:
            return False
        step = HazardInputStep(row.step)
        if step == HazardInputStep.DESCRIPTION:
            draft = hazard_reports.add_description(session, staff_id=staff_id, text=text, now=now)
        elif step in (HazardInputStep.PLACE, HazardInputStep.PLACE_TEXT):  # typed, not tapped
            draft = hazard_reports.add_place_text(session, staff_id=staff_id, text=text, now=now)
        elif step == HazardInputStep.FIX_NOTE:
            done = hazards.add_fix_note(session, staff_id=staff_id, text=text, now=now)
            if done is None:
                return False
            ask = t(lang, "hazard_ask_fix_photo")
            secret = duties.secret(session=session)
            markup = hr.single(secret, lang, "btn_no_photo", "n", done.hazard_id or 0)
            await message.reply_text(ask, reply_markup=markup)
            return True
        elif step == HazardInputStep.REOPEN_REASON:
            done = hazard_verdicts.add_reopen_reason(
                session, config=config, staff_id=staff_id, text=text, now=now
            )
            if done is None:
                return False
            await reopened(services, context, message.chat_id, lang, done)
            return True
        else:
            return False  # a button is asked for: the /help pointer answers
    await ask_next(services, context, message.chat_id, lang, draft)
    return True


async def reopened(
    services: Services, context: Context, chat_id: int, lang: str, done: hazards.Done
) -> None:
    if not done.ok or done.hazard_id is None:
        await context.bot.send_message(
            chat_id, t(lang, REFUSALS[done.refusal or HazardRefusal.STALE])
        )
        return
    with services.session() as session:
        hazard = reads.get(session=session, hazard_id=done.hazard_id)
    assert hazard is not None  # noqa: S101  # the command just moved it
    text = t(
        lang,
        "hazard_reopened_done",
        id=hazard.id,
        owner=hr.name(services.config, lang, hazard.owner),
        deadline=hr.due(lang, hazard.deadline),
    )
    await context.bot.send_message(chat_id, text)
    services.owed()


async def on_photo(update: Update, context: Context) -> bool:
    """A photo of a hazard being reported, or of a fix; False when none is awaited."""
    message, staff_id = update.effective_message, current_staff(update, context)
    if message is None or not message.photo or staff_id is None:
        return False
    services = context.bot_data
    lang, now = services.language_of(staff_id), services.clock.now()
    with services.session() as session:
        row = reads.input_of(session=session, staff_id=staff_id)
    if row is None or row.step not in (HazardInputStep.PHOTOS, HazardInputStep.FIX_PHOTO):
        if row is not None:
            await message.reply_text(t(lang, "hazard_photo_not_now"))
            return True
        return False
    limit_kb = services.config.hazards.photo_max_kb
    photo = await _download(services, message.photo, limit_kb * 1024)
    if photo is None:
        await message.reply_text(t(lang, "hazard_photo_too_large", kb=limit_kb))
        return True
    with services.session() as session:
        if row.step == HazardInputStep.PHOTOS:
            draft = hazard_reports.add_photo(session, staff_id=staff_id, photo=photo, now=now)
        else:
            done = hazards.report_fix(
                session, config=services.config, staff_id=staff_id, photo=photo, now=now
            )
            await fix_reported(services, context, message.chat_id, lang, done)
            return True
    await ask_next(services, context, message.chat_id, lang, draft)
    return True


async def fix_reported(
    services: Services, context: Context, chat_id: int, lang: str, done: hazards.Done | None
) -> None:
    if done is None or not done.ok:
        refusal = done.refusal if done and done.refusal else HazardRefusal.STALE
        await context.bot.send_message(chat_id, t(lang, REFUSALS[refusal]))
        return
    await context.bot.send_message(chat_id, t(lang, "hazard_fix_done", id=done.hazard_id))
    services.owed()  # those who may verify it


async def _download(services: Services, sizes: tuple[PhotoSize, ...], limit: int) -> Photo | None:
    """The largest size under the limit, kept as ``photos/<sha256>.jpg``; None if too large.

    When Telegram will not hand the file over, the file id alone is kept (it can fetch the
    picture later) and the photo is still counted.
    """
    fitting = [p for p in sizes if p.file_size is None or p.file_size <= limit]
    if not fitting:
        return None
    photo = fitting[-1]  # Telegram lists the sizes smallest first
    try:
        tg_file = await photo.get_file()
        content = bytes(await tg_file.download_as_bytearray())
    except TelegramError as exc:
        log.warning("hazard photo not downloaded: %s", exc)
        return (photo.file_id, None, None, None)
    if len(content) > limit:
        return None
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
        log.error("hazard photo not stored in %s: %s", target.parent, exc)
        return (photo.file_id, None, digest, len(content))
    return (photo.file_id, relative, digest, len(content))


async def offer_tracking(
    services: Services, context: Context, *, chat_id: int, occurrence_id: int, item: int, lang: str
) -> None:
    """After a ⚠️ item is reported: "track as hazard" (one tap), or the hazard it became."""
    with services.session() as session:
        known = reads.from_answer(session=session, occurrence_id=occurrence_id, item=item)
        secret = duties.secret(session=session)
        answer = duties.answers(session=session, occurrence_id=occurrence_id).get(item)
        occ = session.get(Occurrence, occurrence_id)
    if known is not None:
        await context.bot.send_message(chat_id, t(lang, "hazard_tracked", id=known.id))
        return
    if occ is None or answer is None or answer.ok or not 0 <= item < len(occ.checklist):
        return
    text = t(lang, "hazard_track_offer", item=occ.checklist[item])
    markup = hr.track_keyboard(secret, occurrence_id, item, lang)
    await context.bot.send_message(chat_id, text, reply_markup=markup)
