"""Simulated staff for the chaos and fault runs: people answering duties through the fake.

Each behaves like a careful person. They tap and wait for the bot's answer; told "not
recorded" (or left without any answer) they tap again; before submitting they check that
every item shows the mark they mean; after a problem they answer the bot's questions with a
note and a photo or "no photo". Everything they did is kept in :attr:`Staff.acts` and what
they meant in :attr:`Staff.intents`, for the runs to hold against the record.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from sqlalchemy import Engine
from sqlmodel import Session

from safeduty.commands.links import issue_invite, redeem_invite
from safeduty.config.model import SchoolConfig
from safeduty.testing.fake_records import Sent, User
from safeduty.testing.fake_telegram import FakeTelegram
from safeduty.texts import t

OK, PROBLEM = "✅", "⚠️"
TRIES = 8  # taps or messages a person makes before giving up on one step
PHOTO = b"\xff\xd8\xff\xe0 simulated photo of the problem"


@dataclass(frozen=True)
class Intent:
    """How someone means to answer a duty: the items with a problem, each with its note."""

    staff_id: str
    duty: str  # the duty's name as its checklist message shows it
    checklist: tuple[str, ...]
    problems: Mapping[int, str] = field(default_factory=dict)
    photos: frozenset[int] = frozenset()  # problem items sent with a photo, else "no photo"


@dataclass
class Act:
    """One tap or message and what the bot answered (None: it never did)."""

    staff_id: str
    what: str
    tap: bool  # else a message (a note or a photo)
    answer: str | None = None
    told: bool = False  # "not recorded, try again": the person did


def callback(button: Mapping[str, object]) -> list[str]:
    """A checklist button's data as ``[version, action, occurrence, item, signature]``."""
    data = button.get("callback_data")
    return data.split(".") if isinstance(data, str) else []


class Staff:
    """The school's people, each a Telegram user of the fake, answering as they intend."""

    def __init__(
        self,
        telegram: FakeTelegram,
        users: Mapping[str, User],
        *,
        lang: str,
        patience: float,
    ) -> None:
        self.tg, self.users, self.lang, self.patience = telegram, users, lang, patience
        self.acts: list[Act] = []
        self.intents: list[Intent] = []
        self.not_recorded = t(lang, "not_recorded")

    async def answer(self, intent: Intent) -> None:
        """Answer a duty's checklist as intended, then describe each problem."""
        self.intents.append(intent)
        user = self.users[intent.staff_id]
        message = await self._checklist(user, intent.duty)
        since = len(self.tg.chat(user.id))
        if intent.problems:
            await self._mark_items(user, message, intent)
        await self._until_answered(user, message, "s" if intent.problems else "a")
        for item in sorted(intent.problems):
            await self._describe(user, intent, item, since)

    async def tap_quickly(self, intent: Intent, items: Sequence[int]) -> None:
        """Tap several items of a duty one right after the other, not waiting in between
        (a quick finger, or a phone back online sending what it queued), then wait for
        each answer. The person checks the marks later, in :meth:`answer`."""
        user = self.users[intent.staff_id]
        message = await self._checklist(user, intent.duty)
        taps = []
        for item in items:
            button = next(
                b for b in message.sent_buttons if callback(b)[1:2] == ["t"] and _item(b) == item
            )
            act = Act(user_staff(self.users, user), f"{intent.duty}: item {item + 1}", tap=True)
            self.acts.append(act)
            taps.append((act, self.tg.tap(user, message, str(button["callback_data"]))))
        for act, query in taps:
            try:
                answered = await self.tg.wait_answer(query, timeout=self.patience)
            except TimeoutError:
                continue
            act.answer = str(answered.get("text") or "")
            act.told = act.answer == self.not_recorded

    # ------------------------------------------------------------------ the checklist
    async def _checklist(self, user: User, duty: str) -> Sent:
        """The newest message with this duty's buttons that still shows them."""

        def find() -> Sent | None:
            for sent in reversed(self.tg.chat(user.id)):
                if duty in (sent.sent_text or "") and any(
                    callback(b)[1:2] == ["t"] for b in sent.buttons
                ):
                    return sent
            return None

        found: Sent = await self.tg.wait_for(find, timeout=self.patience)
        return found

    def _shown(self, message: Sent) -> Sent:
        found = [m for m in self.tg.chat(message.chat_id) if m.message_id == message.message_id]
        return found[0] if found else message

    async def _mark_items(self, user: User, message: Sent, intent: Intent) -> None:
        for item in range(len(intent.checklist)):
            wanted = PROBLEM if item in intent.problems else OK
            for _ in range(TRIES):
                shown = self._shown(message)
                button = next(
                    (b for b in shown.buttons if callback(b)[1:2] == ["t"] and _item(b) == item),
                    None,
                )
                if button is None or button["text"].startswith(wanted):
                    break
                await self._tap(user, shown, button, f"{intent.duty}: item {item + 1}")

    async def _until_answered(self, user: User, message: Sent, action: str) -> None:
        what = "submit" if action == "s" else "all clear"
        for _ in range(TRIES):
            shown = self._shown(message)
            button = next((b for b in shown.buttons if callback(b)[1:2] == [action]), None)
            if button is None:  # the message shows the answer now
                return
            toast = await self._tap(user, shown, button, what)
            if toast is not None:  # recorded, or refused as already answered
                return

    async def _tap(
        self, user: User, shown: Sent, button: Mapping[str, object], what: str
    ) -> str | None:
        """One tap; the toast it got, or None when not recorded or never answered."""
        act = Act(user_staff(self.users, user), what, tap=True)
        self.acts.append(act)
        query = self.tg.tap(user, shown, str(button["callback_data"]))
        try:
            answered = await self.tg.wait_answer(query, timeout=self.patience)
        except TimeoutError:
            return None
        act.answer = str(answered.get("text") or "")
        act.told = act.answer == self.not_recorded
        return None if act.told else act.answer

    # ------------------------------------------------------------------ problems
    async def _describe(self, user: User, intent: Intent, item: int, since: int) -> None:
        """Wait for the question about ``item``, give the note, then the photo or not."""
        name = intent.checklist[item]
        ask = t(self.lang, "problem_ask_note", duty=intent.duty, item=name)
        moved_on = t(self.lang, "problem_moved_on", duty=intent.duty, item=name)
        try:
            await self.tg.wait_for(
                lambda: self._arrived(user, {ask, moved_on}, since), self.patience
            )
        except TimeoutError:
            return  # never asked: the audit finds the note missing
        if self._arrived(user, {moved_on}, since):
            return
        what = f"{intent.duty}: item {item + 1}"
        offer = await self._say(
            user,
            f"{what} note",
            lambda: self.tg.send_text(user, intent.problems[item]),
            lambda after: self._photo_offer(user, item, after),
        )
        if not isinstance(offer, Sent):
            return
        if item in intent.photos:
            done = {t(self.lang, "problem_done"), t(self.lang, "unknown_command")}
            await self._say(
                user,
                f"{what} photo",
                lambda: self.tg.send_photo(user, PHOTO),
                lambda after: self._arrived(user, done, after) or self._asked(user, after),
            )
            return
        for _ in range(TRIES):
            if await self._tap(user, offer, offer.buttons[0], f"{what} no photo") is not None:
                return

    async def _say(
        self,
        user: User,
        what: str,
        send: Callable[[], object],
        reply: Callable[[int], object],
    ) -> object:
        """Send a message until the bot reacts as ``reply`` looks for; its reaction or None."""
        for _ in range(TRIES):
            after = len(self.tg.chat(user.id))
            act = Act(user_staff(self.users, user), what, tap=False)
            self.acts.append(act)
            send()

            def told(after: int = after) -> bool:
                return self._arrived(user, {self.not_recorded}, after)

            def heard(after: int = after) -> object:
                return reply(after) or told()

            try:
                await self.tg.wait_for(heard, timeout=self.patience)
            except TimeoutError:
                continue
            if not reply(after):
                act.answer, act.told = self.not_recorded, True
                continue
            act.answer = "reply"
            return reply(after)
        return None

    def _photo_offer(self, user: User, item: int, since: int) -> Sent | None:
        for sent in self.tg.chat(user.id)[since:]:
            if any(callback(b)[1:2] == ["n"] and _item(b) == item for b in sent.sent_buttons):
                return sent
        return None

    def _asked(self, user: User, since: int) -> bool:
        """Whether the bot asked about another problem item since ``since``."""
        prefix = t(self.lang, "problem_ask_note", duty="\0", item="\0").split("\0")[0]
        return any(plain(m, self.lang).startswith(prefix) for m in self.tg.chat(user.id)[since:])

    def _arrived(self, user: User, texts: set[str], since: int) -> bool:
        """Whether one of ``texts`` came since ``since`` (marked as a repeat or late, or not)."""
        return any(plain(m, self.lang) in texts for m in self.tg.chat(user.id)[since:])


def plain(message: Sent, lang: str) -> str:
    """The text as sent, without the repeat mark in front or the late note behind."""
    text = message.sent_text or ""
    mark = t(lang, "repeat_mark") + "\n"
    if text.startswith(mark):
        text = text[len(mark) :]
    before, after = t(lang, "sent_late_note", time="\0").split("\0")
    late = re.escape("\n\n" + before) + r"\d\d:\d\d" + re.escape(after)
    return re.sub(late + "$", "", text)


def _item(button: Mapping[str, object]) -> int:
    parts = callback(button)
    return int(parts[3]) if len(parts) == 5 and parts[3].isdigit() else -1


def user_staff(users: Mapping[str, User], user: User) -> str:
    """The staff id a user speaks for."""
    return next(staff for staff, u in users.items() if u.id == user.id)


@dataclass(frozen=True)
class Planned:
    """An answer someone gives at a school-local time."""

    at: time
    intent: Intent


def example_day(config: SchoolConfig) -> list[Planned]:
    """What the staff of ``config.example.toml`` do on a school day.

    The gate duty's teacher stays silent (the ladder climbs to the principal); 吴师傅
    reports two canteen problems, one with a photo; 李主任 answers the inspection "all
    clear" after its deadline, once the principal has been told (when the day has them).
    """
    plan = []
    canteen, inspection = config.duty_by_id("canteen"), config.duty_by_id("inspection")
    if canteen is not None:
        intent = Intent(
            "wu",
            canteen.name,
            tuple(canteen.checklist),
            problems={1: "消毒柜温度不够，已改用煮沸消毒", 2: "两名帮厨未做晨检"},
            photos=frozenset({1}),
        )
        plan.append(Planned(_after(canteen.remind_at, 8), intent))
    if inspection is not None:
        intent = Intent("li", inspection.name, tuple(inspection.checklist))
        plan.append(Planned(_after(inspection.deadline, 40), intent))
    return plan


def pressed_day(text: str) -> str:
    """The example school with its day pressed into 07:10-11:00, for the CI versions: the
    canteen at 08:40, the inspection at 09:00 (due 10:00), the summary at 10:50."""
    for old, new in [
        ('remind_at = "11:30"\ndeadline = "12:30"', 'remind_at = "08:40"\ndeadline = "09:40"'),
        ('remind_at = "15:30"\ndeadline = "17:00"', 'remind_at = "09:00"\ndeadline = "10:00"'),
        ('[summary]\ntime = "17:30"', '[summary]\ntime = "10:50"'),
    ]:
        if old not in text:
            raise ValueError(f"the example config changed: {old!r} not found")
        text = text.replace(old, new)
    return text


def _after(moment: time, minutes: int) -> time:
    return (datetime.combine(date(2000, 1, 1), moment) + timedelta(minutes=minutes)).time()


def link_staff(engine: Engine, users: Mapping[str, User], now: datetime) -> None:
    """Link each staff member to their Telegram user, as /start CODE would."""
    with Session(engine) as session:
        for staff_id, user in users.items():
            invite = issue_invite(session, staff_id=staff_id, now=now, valid_for=timedelta(days=1))
            redeem_invite(
                session, code=invite.code, telegram_user_id=user.id, chat_id=user.id, now=now
            )
