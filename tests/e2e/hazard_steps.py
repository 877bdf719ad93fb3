"""People working a hazard through the fake Telegram, one step each, as they would by hand."""

from __future__ import annotations

import re

from sqlmodel import select

from bot.dispatch import Dispatcher
from bot.hazard_buttons import encode
from safeduty.storage import duties
from safeduty.storage.tables import Hazard, HazardPhoto, HazardStep
from safeduty.testing.fake_telegram import FakeTelegram, Sent
from tests.conftest import Persona, SchoolDay


async def newest(tg: FakeTelegram, who: Persona, needle: str, count: int = 1) -> Sent:
    """Wait until ``who``'s chat holds ``count`` messages containing ``needle``; the newest."""

    def hits() -> list[Sent] | None:
        found = [m for m in tg.chat(who.chat_id) if needle in (m.text or "")]
        return found if len(found) >= count else None

    found: list[Sent] = await tg.wait_for(hits)
    return found[-1]


def count(tg: FakeTelegram, who: Persona, needle: str) -> int:
    """How many of ``who``'s messages contain ``needle`` so far."""
    return sum(needle in (m.text or "") for m in tg.chat(who.chat_id))


def hazard_number(message: Sent) -> int:
    found = re.search(r"#(\d+)", message.text or "")
    assert found, message.text
    return int(found[1])


async def report(
    day: SchoolDay,
    who: Persona,
    description: str,
    *,
    place: str = "食堂",
    photo: bytes | None = None,
    category: str = "消防安全",
    level: str = "一般",
) -> int:
    """``/hazard`` all the way; ``place`` not in the list is typed. Returns its number."""
    tg = day.telegram
    opened_before = len([m for m in tg.chat(who.chat_id) if "已登记隐患" in (m.text or "")])
    tg.send_text(who.user, "/hazard")
    await newest(tg, who, "请用一句话描述隐患")
    tg.send_text(who.user, description)
    ask = await newest(tg, who, "地点在哪里")
    if any(place == b["text"] for b in ask.buttons):
        await tg.press(who.user, ask, place)
    else:
        await tg.press(who.user, ask, "其他地点")
        await newest(tg, who, "请输入地点")
        tg.send_text(who.user, place)
    ask = await newest(tg, who, "可以发一张或几张照片")
    if photo is not None:
        tg.send_photo(who.user, photo)
        ask = await newest(tg, who, "照片已收到")
    await tg.press(who.user, ask, "完成")
    await tg.press(who.user, await newest(tg, who, "属于哪一类"), category)
    await tg.press(who.user, await newest(tg, who, "隐患等级"), level)
    return hazard_number(await newest(tg, who, "已登记隐患", opened_before + 1))


async def assign(
    day: SchoolDay, officer: Persona, hazard_id: int, owner_name: str, deadline: str
) -> None:
    """The officer picks the owner and the deadline on the new-hazard notice."""
    tg = day.telegram
    notice = await newest(tg, officer, f"新隐患 #{hazard_id}")
    await tg.press(officer.user, notice, owner_name)
    await tg.press(officer.user, notice, deadline)
    await newest(tg, officer, f"隐患 #{hazard_id} 已交给")


async def fix(
    day: SchoolDay, owner: Persona, hazard_id: int, note: str, photo: bytes | None
) -> None:
    """The owner taps "fixed" on their newest message about it, says what, sends the photo."""
    tg = day.telegram
    notice: Sent = await tg.wait_for(
        lambda: next(
            (
                m
                for m in reversed(tg.chat(owner.chat_id))
                if f"#{hazard_id}" in (m.text or "")
                and any("已整改" in b["text"] for b in m.buttons)
            ),
            None,
        )
    )
    # a second cycle finds the first one's messages: wait for one more than there were
    asked = f"隐患 #{hazard_id}：请用一句话写明整改做了什么"
    photo_asked, sent = "请发一张整改后的照片", f"隐患 #{hazard_id} 已提交复查"
    before = {needle: count(tg, owner, needle) for needle in (asked, photo_asked, sent)}
    await tg.press(owner.user, notice, "已整改")
    await newest(tg, owner, asked, before[asked] + 1)
    tg.send_text(owner.user, note)
    ask = await newest(tg, owner, photo_asked, before[photo_asked] + 1)
    if photo is None:
        await tg.press(owner.user, ask, "不需要照片")
    else:
        tg.send_photo(owner.user, photo)
    await newest(tg, owner, sent, before[sent] + 1)
    await settled(day)  # the verifiers' notices go out from the sender task


async def settled(day: SchoolDay) -> None:
    """Wait until the sender has sent everything owed so far (it runs on its own)."""
    outbox = day.services.outbox
    assert isinstance(outbox, Dispatcher)
    await outbox.settle()


async def check(
    day: SchoolDay, verifier: Persona, hazard_id: int, button: str
) -> dict[str, object]:
    """The verifier taps a button on the "please check" notice; the tap's answer."""
    notice = await newest(day.telegram, verifier, f"隐患 #{hazard_id} 已整改，请复查")
    return await day.telegram.press(verifier.user, notice, button)


async def forged_tap(
    day: SchoolDay, who: Persona, action: str, number: int, argument: str = ""
) -> dict[str, object]:
    """A correctly signed button pressed by ``who`` although nobody sent it to them."""
    with day.services.session() as session:
        data = encode(duties.secret(session=session), action, number, argument)
    tg = day.telegram
    query = tg.tap(who.user, tg.last(who.chat_id), data)
    return await tg.wait_answer(query)


def hazard_row(day: SchoolDay, hazard_id: int) -> Hazard:
    with day.services.session() as session:
        row = session.get(Hazard, hazard_id)
        assert row is not None
        return row


def steps(day: SchoolDay, hazard_id: int) -> list[tuple[str, str]]:
    with day.services.session() as session:
        query = select(HazardStep).where(HazardStep.hazard_id == hazard_id)
        return [(s.action, s.actor) for s in session.exec(query.order_by(HazardStep.id))]  # type: ignore[arg-type]


def photos(day: SchoolDay, hazard_id: int) -> list[HazardPhoto]:
    with day.services.session() as session:
        query = select(HazardPhoto).where(HazardPhoto.hazard_id == hazard_id)
        return list(session.exec(query.order_by(HazardPhoto.id)))  # type: ignore[arg-type]
