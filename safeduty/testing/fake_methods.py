"""The Bot API methods the fake Telegram serves, as a mixin over its recorded state."""

from __future__ import annotations

import asyncio
import itertools
import json
import time
from typing import Any

from aiohttp import web

from safeduty.testing.botapi_spec import FileUpload
from safeduty.testing.fake_records import Event, Sent, User, error

IMPLEMENTED = (
    "getMe",
    "getUpdates",
    "sendMessage",
    "editMessageText",
    "editMessageReplyMarkup",
    "answerCallbackQuery",
    "sendPhoto",
    "sendDocument",
    "getFile",
    "setMyCommands",
    "deleteWebhook",
    "deleteMessage",
    "sendChatAction",
)


class BotApiMethods:
    """``_m_<method>`` answers one Bot API method from the state FakeTelegram keeps."""

    bot: dict[str, Any]
    users: dict[int, User]
    messages: dict[int, list[Sent]]
    callback_answers: dict[str, dict[str, Any]]
    commands: dict[str, list[dict[str, Any]]]
    files: dict[str, tuple[str, bytes]]
    log: list[Event]
    _updates: list[dict[str, Any]]
    _next_message: itertools.count[int]
    _query_chats: dict[str, int]
    _changed: asyncio.Condition
    _closing: bool
    confirmed: int  # the newest update the bot confirmed (Telegram forgets it)
    handed_out: int  # the newest update getUpdates returned

    async def _notify(self) -> None:
        raise NotImplementedError

    def _message_dict(self, sent: Sent) -> dict[str, Any]:
        user = self.users.get(sent.chat_id)
        chat = {
            "id": sent.chat_id,
            "type": "private" if sent.chat_id > 0 else "group",
            "first_name": user.first_name if user else "chat",
        }
        out: dict[str, Any] = {
            "message_id": sent.message_id,
            "date": int(time.time()),
            "chat": chat,
            "from": self.bot,
        }
        if sent.method == "sendMessage":
            out["text"] = sent.text or ""
        elif sent.method == "sendPhoto":
            out["photo"] = [
                {
                    "file_id": f"sent{sent.message_id}",
                    "file_unique_id": f"s{sent.message_id}",
                    "width": 800,
                    "height": 600,
                }
            ]
        elif sent.method == "sendDocument":
            out["document"] = {
                "file_id": f"sent{sent.message_id}",
                "file_unique_id": f"s{sent.message_id}",
                "file_name": sent.file_name,
            }
        if sent.method != "sendMessage" and sent.text:
            out["caption"] = sent.text
        if sent.reply_markup and sent.reply_markup.get("inline_keyboard"):
            out["reply_markup"] = sent.reply_markup
        return out

    def _chat_problem(self, chat_id: Any) -> web.Response | None:
        try:
            ident = int(chat_id)
        except (TypeError, ValueError):
            return error(400, "Bad Request: chat not found")
        user = self.users.get(ident)
        if ident > 0 and user is None:
            return error(400, "Bad Request: chat not found")
        if user is not None and user.blocked_bot:
            return error(403, "Forbidden: bot was blocked by the user")
        return None

    async def _m_getMe(self, _params: dict[str, Any]) -> Any:
        return self.bot

    async def _m_deleteWebhook(self, _params: dict[str, Any]) -> Any:
        return True

    async def _m_setMyCommands(self, params: dict[str, Any]) -> Any:
        self.commands[params.get("language_code", "")] = json.loads(params["commands"])
        return True

    async def _m_sendChatAction(self, params: dict[str, Any]) -> Any:
        return self._chat_problem(params["chat_id"]) or True

    async def _m_getUpdates(self, params: dict[str, Any]) -> Any:
        offset = int(params.get("offset", 0))
        limit = int(params.get("limit", 100))
        timeout = float(params.get("timeout", 0))
        if offset:
            self._updates = [u for u in self._updates if u["update_id"] >= offset]
            if offset - 1 > self.confirmed:
                self.confirmed = offset - 1
                await self._notify()
        deadline = time.monotonic() + timeout
        async with self._changed:
            while not self._updates and time.monotonic() < deadline and not self._closing:
                try:
                    await asyncio.wait_for(self._changed.wait(), deadline - time.monotonic())
                except TimeoutError:
                    break
        handed = self._updates[:limit]
        if handed:
            self.handed_out = max(self.handed_out, handed[-1]["update_id"])
        return handed

    def _record(self, method: str, params: dict[str, Any], **extra: Any) -> Sent:
        chat_id = int(params["chat_id"])
        markup = json.loads(params["reply_markup"]) if "reply_markup" in params else None
        sent = Sent(
            chat_id,
            next(self._next_message),
            method,
            reply_markup=markup,
            parse_mode=params.get("parse_mode"),
            sent_markup=markup,
            **extra,
        )
        sent.sent_text = sent.text
        self.messages.setdefault(chat_id, []).append(sent)
        kind = {"sendPhoto": "photo", "sendDocument": "document"}.get(method, "message")
        self._log_bot(sent, kind)
        return sent

    def _log_bot(self, sent: Sent, kind: str) -> None:
        labels = tuple(b["text"] for b in sent.buttons)
        self.log.append(Event("bot", sent.chat_id, kind, sent.text or sent.file_name or "", labels))

    async def _m_sendMessage(self, params: dict[str, Any]) -> Any:
        if problem := self._chat_problem(params["chat_id"]):
            return problem
        return self._message_dict(self._record("sendMessage", params, text=params["text"]))

    async def _send_file(self, method: str, key: str, params: dict[str, Any]) -> Any:
        if problem := self._chat_problem(params["chat_id"]):
            return problem
        upload = params[key]
        if isinstance(upload, FileUpload):
            name, content = upload.filename, upload.content
        elif upload in self.files:
            name, content = self.files[upload]
        else:
            return error(400, "Bad Request: wrong file identifier/HTTP URL specified")
        sent = self._record(
            method, params, text=params.get("caption"), file_name=name, content=content
        )
        return self._message_dict(sent)

    async def _m_sendPhoto(self, params: dict[str, Any]) -> Any:
        return await self._send_file("sendPhoto", "photo", params)

    async def _m_sendDocument(self, params: dict[str, Any]) -> Any:
        return await self._send_file("sendDocument", "document", params)

    def _find(self, params: dict[str, Any]) -> Sent | web.Response:
        chat_id, message_id = int(params["chat_id"]), int(params["message_id"])
        for sent in self.messages.get(chat_id, []):
            if sent.message_id == message_id:
                return sent
        return error(400, "Bad Request: message to edit not found")

    async def _m_editMessageText(self, params: dict[str, Any]) -> Any:
        sent = self._find(params)
        if isinstance(sent, web.Response):
            return sent
        markup = json.loads(params["reply_markup"]) if "reply_markup" in params else None
        if sent.text == params["text"] and sent.reply_markup == markup:
            return error(
                400,
                "Bad Request: message is not modified: specified new message "
                "content and reply markup are exactly the same",
            )
        sent.text, sent.reply_markup, sent.parse_mode = (
            params["text"],
            markup,
            params.get("parse_mode"),
        )
        sent.edits += 1
        self._log_bot(sent, "edit")
        return self._message_dict(sent)

    async def _m_editMessageReplyMarkup(self, params: dict[str, Any]) -> Any:
        sent = self._find(params)
        if isinstance(sent, web.Response):
            return sent
        markup = json.loads(params["reply_markup"]) if "reply_markup" in params else None
        if sent.reply_markup == markup:
            return error(400, "Bad Request: message is not modified")
        sent.reply_markup = markup
        sent.edits += 1
        self._log_bot(sent, "edit")
        return self._message_dict(sent)

    async def _m_deleteMessage(self, params: dict[str, Any]) -> Any:
        sent = self._find(params)
        if isinstance(sent, web.Response):
            return error(400, "Bad Request: message to delete not found")
        self.messages[sent.chat_id].remove(sent)
        return True

    async def _m_answerCallbackQuery(self, params: dict[str, Any]) -> Any:
        self.callback_answers[params["callback_query_id"]] = params
        if params.get("text"):
            chat_id = self._query_chats.get(params["callback_query_id"], 0)
            self.log.append(Event("bot", chat_id, "toast", params["text"]))
        return True

    async def _m_getFile(self, params: dict[str, Any]) -> Any:
        file_id = params["file_id"]
        if file_id not in self.files:
            return error(400, "Bad Request: invalid file_id")
        _name, content = self.files[file_id]
        return {
            "file_id": file_id,
            "file_unique_id": f"u{file_id}",
            "file_size": len(content),
            "file_path": f"photos/{file_id}",
        }
