"""A fake Telegram Bot API server on loopback, for tests, the demo and the benchmarks.

It speaks real HTTP to the real python-telegram-bot client, at ``<root>/bot<token>/<method>``
and ``<root>/file/bot<token>/<path>`` like a local Bot API server. It checks every request
against the Bot API 10.0 spec and records each violation in :attr:`FakeTelegram.violations`,
even when the bot swallowed the error answer, so a test fixture can fail on any of them.

People act through it -- :meth:`FakeTelegram.send_text`, :meth:`tap`, :meth:`send_photo` --
and tests read what the bot sent per chat, in order, from :meth:`FakeTelegram.chat`.
Faults are injected on demand with :meth:`FakeTelegram.fail`, or at random with
:meth:`FakeTelegram.chaos` (seeded, so a run can be repeated); :attr:`FakeTelegram.injected`
counts the faults answered, by kind.

For the benchmarks it can also enforce Telegram's flood limits (:meth:`FakeTelegram.flood_limit`,
off by default; see :mod:`safeduty.testing.fake_flood`) and answer every request only after
a ``latency`` (seconds, 0 by default) without holding up the others.
"""

from __future__ import annotations

import asyncio
import itertools
import random
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from aiohttp import BodyPartReader, web

from safeduty.testing.botapi_spec import FileUpload, check_request
from safeduty.testing.fake_flood import FloodLimit
from safeduty.testing.fake_methods import IMPLEMENTED, BotApiMethods
from safeduty.testing.fake_records import Call, Event, Fault, Sent, User, error

FAULT_KINDS = (
    "flood",
    "server",
    "slow",
    "late",
    "hang",
    "drop",
    "blocked",
    "migrate",
    "privacy",
)
CHAOS_KINDS = ("server", "late", "hang", "drop", "flood")
"""Transient faults: what a healthy bot must ride out without losing or silently repeating."""
CHAOS_METHODS = ("sendMessage", "sendPhoto", "sendDocument", "editMessageText")
"""The bot's sends: what it says to people (taps' toasts are left alone by default)."""


@dataclass
class Chaos:
    """Random transient faults: a share ``rate`` of the calls of ``methods`` fail."""

    rng: random.Random
    rate: float
    kinds: tuple[str, ...]
    methods: tuple[str, ...]
    delay: float
    burst: int


class FakeTelegram(BotApiMethods):
    """The fake server and its state; ``async with FakeTelegram() as tg`` runs it."""

    def __init__(
        self,
        *,
        token: str = "123456:fake-token",  # noqa: S107  # a fake token for a fake server
        bot_username: str = "safeduty_test_bot",
        latency: float = 0.0,
    ) -> None:
        self.token = token
        self.bot = {
            "id": int(token.split(":", maxsplit=1)[0]),
            "is_bot": True,
            "first_name": "safeduty",
            "username": bot_username,
            "can_join_groups": False,
        }
        self.users: dict[int, User] = {}
        self.calls: list[Call] = []
        self.violations: list[str] = []
        self.messages: dict[int, list[Sent]] = {}
        self.callback_answers: dict[str, dict[str, Any]] = {}
        self.commands: dict[str, list[dict[str, Any]]] = {}
        self.files: dict[str, tuple[str, bytes]] = {}
        self.log: list[Event] = []
        self._query_chats: dict[str, int] = {}
        self._updates: list[dict[str, Any]] = []
        self._next_update = itertools.count(1)
        self._next_message = itertools.count(1)
        self._next_file = itertools.count(1)
        self._faults: list[Fault] = []
        self._chaos: Chaos | None = None
        self.confirmed = 0
        self.handed_out = 0
        self.newest = 0  # the newest update pushed
        self.injected: Counter[str] = Counter()
        self.latency = latency  # seconds added before answering each request
        self.flood: FloodLimit | None = None  # Telegram's flood limits, when enforced
        self._changed = asyncio.Condition()
        self._runner: web.AppRunner | None = None
        self._closing = False
        self.root = ""

    # ------------------------------------------------------------------ lifecycle
    async def start(self, port: int = 0) -> str:
        """Listen on 127.0.0.1 and return the API root, e.g. ``http://127.0.0.1:8081``."""
        app = web.Application(client_max_size=60 * 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self._handle_method)
        app.router.add_get("/file/bot{token}/{path:.+}", self._handle_file)
        self._runner = web.AppRunner(
            app, handle_signals=False, access_log=None, shutdown_timeout=0.1
        )
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", port)
        await site.start()
        host, bound_port = self._runner.addresses[0][:2]
        self.root = f"http://{host}:{bound_port}"
        return self.root

    async def stop(self) -> None:
        """Stop serving; pending long polls end."""
        self._closing = True
        await self._notify()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> FakeTelegram:
        await self.start()
        return self

    async def __aexit__(self, *_exc: object) -> None:
        await self.stop()

    # ------------------------------------------------------------------ people act
    def user(self, user_id: int, first_name: str, language_code: str = "zh-hans") -> User:
        """Create (or return) a Telegram user who can talk to the bot."""
        return self.users.setdefault(user_id, User(user_id, first_name, language_code))

    def _message(
        self, user: User, chat: dict[str, Any] | None = None, **content: Any
    ) -> dict[str, Any]:
        chat = chat or {"id": user.id, "type": "private", "first_name": user.first_name}
        return {
            "message_id": next(self._next_message),
            "date": int(time.time()),
            "chat": chat,
            "from": user.as_dict(),
            **content,
        }

    def _push(self, **update: Any) -> int:
        update_id = next(self._next_update)
        self.newest = update_id
        self._updates.append({"update_id": update_id, **update})
        asyncio.get_running_loop().create_task(self._notify())
        return update_id

    def send_text(self, user: User, text: str, *, group_id: int | None = None) -> int:
        """``user`` writes ``text`` to the bot (in a group when ``group_id`` is given)."""
        content: dict[str, Any] = {"text": text}
        if text.startswith("/"):
            length = len(text.split(maxsplit=1)[0])
            content["entities"] = [{"type": "bot_command", "offset": 0, "length": length}]
        chat = {"id": group_id, "type": "group", "title": "group"} if group_id else None
        self.log.append(Event("user", group_id or user.id, "message", text))
        return self._push(message=self._message(user, chat, **content))

    def send_photo(self, user: User, content: bytes, caption: str | None = None) -> str:
        """``user`` sends a photo; returns the file id the bot will see."""
        file_id = self._store_file("photo.jpg", content)
        sizes = [
            {
                "file_id": file_id,
                "file_unique_id": f"u{file_id}",
                "width": 640,
                "height": 480,
                "file_size": len(content),
            }
        ]
        extra: dict[str, Any] = {"caption": caption} if caption else {}
        self.log.append(Event("user", user.id, "photo", caption or ""))
        self._push(message=self._message(user, photo=sizes, **extra))
        return file_id

    def tap(self, user: User, message: Sent, callback_data: str) -> str:
        """``user`` taps a button with ``callback_data`` under ``message``; returns the query id."""
        query_id = f"q{next(self._next_update)}"
        shown = self._message_dict(message)
        label = next(
            (b["text"] for b in message.buttons if b.get("callback_data") == callback_data), "?"
        )
        self.log.append(Event("user", message.chat_id, "tap", label))
        self._query_chats[query_id] = message.chat_id
        self._push(
            callback_query={
                "id": query_id,
                "from": user.as_dict(),
                "message": shown,
                "chat_instance": str(message.chat_id),
                "data": callback_data,
            }
        )
        return query_id

    async def press(
        self, user: User, message: Sent, label_part: str, timeout: float = 10.0
    ) -> dict[str, Any]:
        """Tap the button labelled ``label_part`` on ``message`` as it shows now, and wait
        for the bot's answerCallbackQuery; return its parameters."""
        shown = next(m for m in self.chat(message.chat_id) if m.message_id == message.message_id)
        query = self.tap(user, shown, shown.button(label_part)["callback_data"])
        return await self.wait_answer(query, timeout)

    # ------------------------------------------------------------------ tests read
    def chat(self, chat_id: int) -> list[Sent]:
        """What the bot sent to ``chat_id``, oldest first, as it stands after edits."""
        return list(self.messages.get(chat_id, []))

    def last(self, chat_id: int) -> Sent:
        """The newest message in ``chat_id``."""
        sent = self.chat(chat_id)
        if not sent:
            raise LookupError(f"nothing was sent to chat {chat_id}")
        return sent[-1]

    def calls_of(self, method: str) -> list[Call]:
        """Every request of ``method``, in order."""
        return [c for c in self.calls if c.method == method]

    async def wait_for(self, predicate: Callable[[], Any], timeout: float = 10.0) -> Any:
        """Wait until ``predicate()`` is truthy (re-checked after every request); return it."""

        async def until() -> Any:
            async with self._changed:
                while not (result := predicate()):
                    await self._changed.wait()
                return result

        return await asyncio.wait_for(until(), timeout)

    async def wait_message(self, chat_id: int, count: int = 1, timeout: float = 10.0) -> Sent:
        """Wait until ``chat_id`` holds ``count`` more messages than now; return the newest."""
        target = len(self.messages.get(chat_id, [])) + count
        await self.wait_for(lambda: len(self.messages.get(chat_id, [])) >= target, timeout)
        return self.last(chat_id)

    async def wait_handled(self, timeout: float = 10.0) -> None:
        """Wait until the bot confirmed every update sent so far, as it does once it has
        handled them (``bot.updates``): what they led to is then in the record."""
        await self.wait_for(lambda: self.confirmed >= self.newest, timeout)

    async def wait_answer(self, query_id: str, timeout: float = 10.0) -> dict[str, Any]:
        """Wait for the bot's answerCallbackQuery to ``query_id``; return its parameters."""
        result: dict[str, Any] = await self.wait_for(
            lambda: self.callback_answers.get(query_id), timeout
        )
        return result

    # ------------------------------------------------------------------ faults
    def fail(
        self,
        method: str,
        kind: str,
        *,
        times: int = 1,
        chat_id: int | None = None,
        retry_after: int = 1,
        delay: float = 2.0,
        skip: int = 0,
    ) -> None:
        """Make the next ``times`` calls of ``method`` (to ``chat_id``) fail with ``kind``.

        Kinds: ``flood`` (429 with retry_after), ``server`` (500), ``slow`` (wait ``delay``
        s, then handle the call), ``late`` (handle the call at once -- the message is
        delivered -- and answer after ``delay`` s: longer than the client's timeout, the bot
        cannot know it arrived), ``drop`` (close the connection), ``blocked`` (403 bot was
        blocked), ``migrate`` (400, group upgraded to a supergroup), ``privacy`` (400, a
        button links to a user whose privacy settings forbid it).

        ``hang`` waits ``delay`` s and closes the connection without handling the call: a
        timeout after which nothing arrived.

        ``skip`` lets that many matching calls through first (e.g. ``skip=1`` fails the
        second part of a message sent in parts).
        """
        if kind not in FAULT_KINDS:
            raise ValueError(f"unknown fault {kind!r}; one of {FAULT_KINDS}")
        self._faults.append(Fault(method, kind, times, chat_id, retry_after, delay, skip))

    def chaos(
        self,
        rate: float = 0.1,
        *,
        kinds: Sequence[str] = CHAOS_KINDS,
        methods: Sequence[str] = CHAOS_METHODS,
        seed: int = 0,
        delay: float = 6.0,
        burst: int = 3,
    ) -> None:
        """From now on fail a share ``rate`` of the calls of ``methods``, each with a kind
        drawn from ``kinds``, by a generator seeded with ``seed``.

        ``delay`` is how long ``late`` and ``hang`` keep the client waiting (make it longer
        than the client's timeout); a ``flood`` is a burst: that call and up to ``burst - 1``
        following calls of the method, whatever their chat, are answered 429. Faults set with
        :meth:`fail` come first; every request is still checked against the spec.
        ``rate=0`` ends the chaos.
        """
        unknown = set(kinds) - set(FAULT_KINDS)
        if unknown:
            raise ValueError(f"unknown faults {sorted(unknown)}; among {FAULT_KINDS}")
        self._chaos = None
        if rate > 0:
            rng = random.Random(seed)  # noqa: S311  # reproducible faults, not secrets
            self._chaos = Chaos(rng, rate, tuple(kinds), tuple(methods), delay, max(1, burst))

    def flood_limit(
        self,
        rate: float = 30.0,
        *,
        burst: float = 5.0,
        per_chat: float = 1.0,
        edits_overall: bool = False,
    ) -> FloodLimit:
        """From now on answer 429 (not delivered) to sends and edits over Telegram's limits:
        ``rate`` messages a second overall (``burst`` at once), ``per_chat`` a second to one
        chat (0: none); edits count per chat, and overall too with ``edits_overall``.
        Returns the limit, whose ``refused`` counts the 429s answered (overall / chat)."""
        self.flood = FloodLimit(rate, burst, per_chat, edits_overall=edits_overall)
        return self.flood

    def block(self, user: User) -> None:
        """``user`` blocks the bot: every later send to them gets 403."""
        user.blocked_bot = True

    # ------------------------------------------------------------------ internals
    async def _notify(self) -> None:
        async with self._changed:
            self._changed.notify_all()

    def _store_file(self, name: str, content: bytes) -> str:
        file_id = f"file{next(self._next_file)}"
        self.files[file_id] = (name, content)
        return file_id

    async def _params(self, request: web.Request) -> dict[str, Any]:
        params: dict[str, Any] = dict(request.query)
        if request.content_type == "application/json":
            params.update(await request.json())
        elif request.content_type == "multipart/form-data":
            reader = await request.multipart()
            async for part in reader:
                if not isinstance(part, BodyPartReader):
                    continue
                if part.filename:
                    params[part.name or ""] = FileUpload(part.filename, await part.read())
                else:
                    params[part.name or ""] = await part.text()
        elif request.can_read_body:
            params.update(await request.post())
        # PTB attaches uploads as attach://<name> parts; resolve them into the field.
        for key, value in list(params.items()):
            if isinstance(value, str) and value.startswith("attach://") and value[9:] in params:
                params[key] = params.pop(value[9:])
        return params

    def _take_fault(self, method: str, params: dict[str, Any]) -> Fault | None:
        for fault in self._faults:
            chat_ok = fault.chat_id is None or str(fault.chat_id) == str(params.get("chat_id"))
            if fault.method == method and chat_ok and fault.times > 0:
                if fault.skip > 0:
                    fault.skip -= 1  # let this one through
                    return None
                fault.times -= 1
                return fault
        return self._random_fault(method)

    def _random_fault(self, method: str) -> Fault | None:
        chaos = self._chaos
        if chaos is None or method not in chaos.methods or chaos.rng.random() >= chaos.rate:
            return None
        kind = chaos.rng.choice(chaos.kinds)
        if kind == "flood" and (more := chaos.rng.randrange(chaos.burst)):
            self._faults.append(Fault(method, "flood", more, None, 1, chaos.delay))
        return Fault(method, kind, 1, None, 1, chaos.delay)

    async def _handle_method(self, request: web.Request) -> web.StreamResponse:
        method = request.match_info["method"]
        if request.match_info["token"] != self.token:
            return error(401, "Unauthorized")
        params = await self._params(request)
        problems = check_request(method, params)
        if not problems and method not in IMPLEMENTED:
            problems = [f"{method}: valid, but the fake does not implement it"]
        call = Call(method, params, problems)
        self.calls.append(call)
        self.violations.extend(problems)
        if self.latency > 0:
            await asyncio.sleep(self.latency)  # only this request waits
        try:
            if problems:
                return error(400, "Bad Request: " + "; ".join(problems))
            if self.flood is not None and (wait := self.flood.check(method, params)):
                return error(429, f"Too Many Requests: retry after {wait}", {"retry_after": wait})
            fault = self._take_fault(method, params)
            if fault is not None:
                self.injected[fault.kind] += 1
                answer = await self._fault_answer(fault, request)
                if answer is not None:
                    return answer
            handler = getattr(self, f"_m_{method}")
            result = await handler(params)
            if fault is not None and fault.kind == "late":
                await self._notify()  # delivered: the chat shows it before the answer comes
                await asyncio.sleep(fault.delay)
            if isinstance(result, web.Response):
                return result
            return web.json_response({"ok": True, "result": result})
        finally:
            await self._notify()

    async def _fault_answer(self, fault: Fault, request: web.Request) -> web.StreamResponse | None:
        if fault.kind == "slow":
            await asyncio.sleep(fault.delay)
            return None
        if fault.kind == "late":
            return None  # handled now, answered late (see _handle_method)
        if fault.kind == "hang":
            await asyncio.sleep(fault.delay)  # then "drop", below: nothing was handled
        if fault.kind == "flood":
            return error(
                429,
                f"Too Many Requests: retry after {fault.retry_after}",
                {"retry_after": fault.retry_after},
            )
        if fault.kind == "server":
            return error(500, "Internal Server Error")
        if fault.kind == "blocked":
            return error(403, "Forbidden: bot was blocked by the user")
        if fault.kind == "privacy":
            return error(400, "Bad Request: BUTTON_USER_PRIVACY_RESTRICTED")
        if fault.kind == "migrate":
            return error(
                400,
                "Bad Request: group chat was upgraded to a supergroup chat",
                {"migrate_to_chat_id": -1000000000000 + abs(fault.chat_id or 1)},
            )
        if request.transport is not None:  # None: the client already hung up
            request.transport.abort()  # "drop": the client sees the connection die
        return web.Response(status=500)

    async def _handle_file(self, request: web.Request) -> web.StreamResponse:
        if request.match_info["token"] != self.token:
            return web.Response(status=401)
        file_id = request.match_info["path"].split("/")[-1]
        if file_id not in self.files:
            return web.Response(status=404)
        return web.Response(body=self.files[file_id][1])


__all__ = ["Call", "Event", "FakeTelegram", "Sent", "User"]
