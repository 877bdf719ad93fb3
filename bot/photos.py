"""Photos people send: kept under a name we make (the content's SHA-256), never Telegram's."""

from __future__ import annotations

import hashlib
import logging

from telegram import PhotoSize
from telegram.error import TelegramError

from safeduty.services import Services

log = logging.getLogger("safeduty.bot")
PHOTOS = "photos"


async def download(services: Services, photo: PhotoSize) -> tuple[str | None, str | None]:
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
