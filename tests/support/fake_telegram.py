"""A local stand-in for the Telegram Bot API, speaking its HTTP format, for the Telegram channel.

`POST /bot<token>/<method>` with the parameters as a query string, a form (what
python-telegram-bot sends), multipart, or JSON; answers `{"ok": true, "result": …}` or
`{"ok": false, "error_code": …, "description": …, "parameters": {…}}` as Telegram does. It checks
what Telegram checks and a channel can get wrong: parse mode HTML (unknown or unclosed tags, a
bare `<` or `&`), the 4,096-character limit counted after entity parsing, 64-byte callback data,
editing a message that does not exist or did not change.

Tests make it misbehave (`too_many_requests`, `fail_next`, `drop_next`, `block`), give it
updates for long polling (`push_update`), and read what it received: every call in `calls`,
the messages shown in a chat with `shown(chat_id)` / `texts(chat_id)`, and `wait_for(...)`
for calls the gateway makes in the background.

    async with FakeTelegram() as telegram:
        settings = make_settings(tmp_path, telegram_api_base_url=telegram.base_url, ...)
"""

from __future__ import annotations

import asyncio
import html
import json
import re
import time
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web
from aiohttp.test_utils import TestServer

BOT_ID = 123
TOKEN = f"{BOT_ID}:ABC-test-token"  # a token of this bot (Telegram tokens are "<bot id>:<secret>")
BOT_USERNAME = "pes_test_bot"
BOT_USER = {"id": BOT_ID, "is_bot": True, "first_name": "PES", "username": BOT_USERNAME}
_JSON_FIELDS = {
    "reply_markup",
    "allowed_updates",
    "link_preview_options",
    "reply_parameters",
    "commands",
    "scope",
    "entities",
    "caption_entities",
}
_INT_FIELDS = {"message_id", "offset", "limit", "timeout", "max_connections", "cache_time"}
_FLOAT_FIELDS = {"latitude", "longitude"}
_BOOL_FIELDS = {"drop_pending_updates", "show_alert", "disable_notification", "protect_content"}
_CHAT_ACTIONS = {"typing", "upload_photo", "upload_document", "find_location", "record_voice"}
_TAGS = {"b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "a", "code", "pre"}
_TAGS |= {"tg-spoiler", "span", "blockquote", "tg-emoji"}
_HTML_TOKEN = re.compile(
    r"<(?P<close>/?)(?P<tag>[a-zA-Z][a-zA-Z-]*)(?P<attrs>[^<>]*)>"
    r"|&(?P<entity>#\d+|#x[0-9a-fA-F]+|lt|gt|amp|quot);"
    r"|(?P<bare>[<>&])"
)


class ApiError(Exception):
    def __init__(self, code: int, description: str, parameters: dict[str, Any] | None = None):
        super().__init__(description)
        self.code, self.description, self.parameters = code, description, parameters


@dataclass
class Call:
    """One request the fake received, and whether it succeeded."""

    method: str
    params: dict[str, Any]
    ok: bool = True
    result: Any = None


@dataclass
class FakeTelegram:
    calls: list[Call] = field(default_factory=list)
    blocked: set[int] = field(default_factory=set)
    webhook: dict[str, Any] = field(default_factory=dict)
    commands: dict[str | None, list[dict[str, Any]]] = field(default_factory=dict)
    refuse_token: bool = False  # every call answered 401 Unauthorized
    _failures: dict[str, list[ApiError]] = field(default_factory=lambda: defaultdict(list))
    _drops: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    _messages: dict[tuple[int, int], dict[str, Any]] = field(default_factory=dict)
    _shown: dict[int, list[dict[str, Any]]] = field(default_factory=lambda: defaultdict(list))
    _updates: list[dict[str, Any]] = field(default_factory=list)
    _next_message_id: int = 1000
    _changed: asyncio.Condition | None = None
    _server: TestServer | None = None

    # running -----------------------------------------------------------------------------------

    async def __aenter__(self) -> FakeTelegram:
        app = web.Application()
        app.router.add_route("*", "/bot{token}/{method}", self._handle)
        self._changed = asyncio.Condition()
        self._server = TestServer(app)
        await self._server.start_server(access_log=None)  # its URLs hold the bot token
        return self

    async def __aexit__(self, *_exc: object) -> None:
        if self._server is not None:
            await self._server.close()

    @property
    def url(self) -> str:
        assert self._server is not None, "use `async with FakeTelegram()`"
        return str(self._server.make_url("")).rstrip("/")

    @property
    def base_url(self) -> str:
        """What TELEGRAM_API_BASE_URL / python-telegram-bot's base_url should be (the token is
        appended to it)."""
        return f"{self.url}/bot"

    # misbehaving on demand ---------------------------------------------------------------------

    def fail_next(
        self,
        method: str,
        error_code: int,
        description: str,
        *,
        parameters: dict[str, Any] | None = None,
        times: int = 1,
    ) -> None:
        self._failures[method].extend(
            ApiError(error_code, description, parameters) for _ in range(times)
        )

    def too_many_requests(self, method: str, retry_after: int = 1, times: int = 1) -> None:
        self.fail_next(
            method,
            429,
            f"Too Many Requests: retry after {retry_after}",
            parameters={"retry_after": retry_after},
            times=times,
        )

    def drop_next(self, method: str, times: int = 1) -> None:
        """Close the connection instead of answering: a network error for the client."""
        self._drops[method] += times

    def behave(self) -> None:
        """Forget the failures and drops still planned."""
        self._failures.clear()
        self._drops.clear()

    def block(self, chat_id: int) -> None:
        """The person blocks the bot: sends to them get 403 until `unblock`."""
        self.blocked.add(chat_id)

    def unblock(self, chat_id: int) -> None:
        self.blocked.discard(chat_id)

    def push_update(self, update: dict[str, Any]) -> None:
        """An update for getUpdates (long polling)."""
        self._updates.append(update)

    # reading what it received ------------------------------------------------------------------

    @property
    def pending_updates(self) -> list[dict[str, Any]]:
        """Updates waiting for getUpdates."""
        return list(self._updates)

    def calls_to(self, method: str, *, ok: bool | None = True) -> list[Call]:
        return [c for c in self.calls if c.method == method and (ok is None or c.ok == ok)]

    def shown(self, chat_id: int) -> list[dict[str, Any]]:
        """The messages the bot sent to the chat, as Telegram shows them now (the text after
        parsing, the current reply_markup), in order."""
        return [self._messages[(chat_id, m["message_id"])] for m in self._shown[chat_id]]

    def texts(self, chat_id: int) -> list[str]:
        return [m.get("text") or m.get("caption") or "" for m in self.shown(chat_id)]

    def buttons(self, chat_id: int) -> list[list[dict[str, Any]]]:
        """The inline keyboard (rows of buttons) of each message shown in the chat."""
        return [
            (m.get("reply_markup") or {}).get("inline_keyboard", []) for m in self.shown(chat_id)
        ]

    async def wait_for(
        self,
        method: str,
        count: int = 1,
        *,
        chat_id: int | None = None,
        ok: bool | None = True,
        timeout: float = 10.0,
    ) -> list[Call]:
        """The calls of `method` (to `chat_id`; successful ones unless `ok` says otherwise),
        once there are at least `count` (a call counts when it has been answered)."""
        assert self._changed is not None

        def matching() -> list[Call]:
            return [
                call
                for call in self.calls_to(method, ok=ok)
                if chat_id is None or _int(call.params.get("chat_id")) == chat_id
            ]

        async with self._changed:
            try:
                await asyncio.wait_for(
                    self._changed.wait_for(lambda: len(matching()) >= count), timeout
                )
            except asyncio.TimeoutError:
                raise AssertionError(
                    f"expected {count} {method} call(s), got {len(matching())}: {self.calls}"
                ) from None
        return matching()

    # the API -----------------------------------------------------------------------------------

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        method = request.match_info["method"]
        params = await _read_params(request)
        if self._drops[method]:
            self._drops[method] -= 1
            self.calls.append(Call(method, params, ok=False))
            assert request.transport is not None
            request.transport.close()
            return web.Response()
        try:
            if self.refuse_token:
                raise ApiError(401, "Unauthorized")
            if self._failures[method]:
                raise self._failures[method].pop(0)
            result = await self._dispatch(method, params)
        except ApiError as error:
            self.calls.append(Call(method, params, ok=False))
            await self._notify()
            body: dict[str, Any] = {
                "ok": False,
                "error_code": error.code,
                "description": error.description,
            }
            if error.parameters:
                body["parameters"] = error.parameters
            return web.json_response(body, status=error.code)
        self.calls.append(Call(method, params, result=result))
        await self._notify()
        return web.json_response({"ok": True, "result": result})

    async def _notify(self) -> None:
        assert self._changed is not None
        async with self._changed:
            self._changed.notify_all()

    async def _dispatch(self, method: str, params: dict[str, Any]) -> Any:
        handler = getattr(self, f"_api_{method}", None)
        if handler is None:
            raise ApiError(404, "Not Found")
        if "chat_id" in params and _int(params["chat_id"]) in self.blocked:
            raise ApiError(403, "Forbidden: bot was blocked by the user")
        return await handler(params)

    async def _api_getMe(self, params: dict[str, Any]) -> Any:
        return {**BOT_USER, "can_join_groups": True, "can_read_all_group_messages": False}

    async def _api_sendMessage(self, params: dict[str, Any]) -> Any:
        text = _text(params, "text", 4096, "message is too long")
        if not text.strip():
            raise ApiError(400, "Bad Request: message text is empty")
        return self._new_message(params, text=text)

    async def _api_sendPhoto(self, params: dict[str, Any]) -> Any:
        if not params.get("photo"):
            raise ApiError(400, "Bad Request: there is no photo in the request")
        photo = [{"file_id": "photo-1", "file_unique_id": "p1", "width": 640, "height": 480}]
        return self._new_message(params, photo=photo, caption=_caption(params))

    async def _api_sendDocument(self, params: dict[str, Any]) -> Any:
        if not params.get("document"):
            raise ApiError(400, "Bad Request: there is no document in the request")
        document = {"file_id": "document-1", "file_unique_id": "d1"}
        return self._new_message(params, document=document, caption=_caption(params))

    async def _api_sendLocation(self, params: dict[str, Any]) -> Any:
        location = {"latitude": params["latitude"], "longitude": params["longitude"]}
        return self._new_message(params, location=location)

    async def _api_sendChatAction(self, params: dict[str, Any]) -> Any:
        if params.get("action") not in _CHAT_ACTIONS:
            raise ApiError(400, "Bad Request: wrong parameter action in request")
        return True

    async def _api_answerCallbackQuery(self, params: dict[str, Any]) -> Any:
        if not params.get("callback_query_id"):
            raise ApiError(400, "Bad Request: query_id_invalid")
        if len(str(params.get("text") or "")) > 200:
            raise ApiError(400, "Bad Request: MESSAGE_TOO_LONG")
        return True

    async def _api_editMessageReplyMarkup(self, params: dict[str, Any]) -> Any:
        key = (_int(params.get("chat_id")), _int(params.get("message_id")))
        message = self._messages.get(key)
        if message is None:
            raise ApiError(400, "Bad Request: message to edit not found")
        markup = _checked_markup(params.get("reply_markup"))
        if markup == message.get("reply_markup"):
            raise ApiError(
                400,
                "Bad Request: message is not modified: specified new message content and reply "
                "markup are exactly the same as a current content and reply markup of the message",
            )
        message.pop("reply_markup", None)
        if markup:
            message["reply_markup"] = markup
        return message

    async def _api_setWebhook(self, params: dict[str, Any]) -> Any:
        url = str(params.get("url") or "")
        if url and not url.startswith("https://"):
            raise ApiError(
                400, "Bad Request: bad webhook: An HTTPS URL must be provided for webhook"
            )
        secret = params.get("secret_token")
        if secret is not None and not re.fullmatch(r"[A-Za-z0-9_-]{1,256}", str(secret)):
            raise ApiError(400, "Bad Request: secret token contains unallowed characters")
        if params.get("drop_pending_updates"):
            self._updates.clear()
        self.webhook = {
            key: value for key, value in params.items() if key != "drop_pending_updates"
        }
        return True

    async def _api_deleteWebhook(self, params: dict[str, Any]) -> Any:
        if params.get("drop_pending_updates"):
            self._updates.clear()
        self.webhook = {}
        return True

    async def _api_getWebhookInfo(self, params: dict[str, Any]) -> Any:
        info: dict[str, Any] = {
            "url": self.webhook.get("url", ""),
            "has_custom_certificate": False,
            "pending_update_count": len(self._updates),
        }
        if self.webhook:
            info["max_connections"] = self.webhook.get("max_connections", 40)
            info["allowed_updates"] = self.webhook.get("allowed_updates", [])
        return info

    async def _api_setMyCommands(self, params: dict[str, Any]) -> Any:
        self.commands[params.get("language_code")] = params["commands"]
        return True

    async def _api_getUpdates(self, params: dict[str, Any]) -> Any:
        if self.webhook.get("url"):
            raise ApiError(
                409,
                "Conflict: can't use getUpdates method while webhook is active; use "
                "deleteWebhook to delete the webhook first",
            )
        offset = _int(params.get("offset") or 0)
        self._updates = [u for u in self._updates if u["update_id"] >= offset]
        deadline = time.monotonic() + min(float(params.get("timeout") or 0), 30.0)
        while not self._updates and time.monotonic() < deadline:
            await asyncio.sleep(0.05)
        return self._updates[: _int(params.get("limit") or 100)]

    def _new_message(self, params: dict[str, Any], **content: Any) -> dict[str, Any]:
        chat_id = _int(params.get("chat_id"))
        if not isinstance(chat_id, int):
            raise ApiError(400, "Bad Request: chat not found")
        self._next_message_id += 1
        message: dict[str, Any] = {
            "message_id": self._next_message_id,
            "date": int(time.time()),
            "chat": {"id": chat_id, "type": "private" if chat_id > 0 else "supergroup"},
            "from": BOT_USER,
            **{key: value for key, value in content.items() if value is not None},
        }
        markup = _checked_markup(params.get("reply_markup"))
        if markup:
            message["reply_markup"] = markup
        self._messages[(chat_id, message["message_id"])] = message
        self._shown[chat_id].append(message)
        return message


async def _read_params(request: web.Request) -> dict[str, Any]:
    params: dict[str, Any] = dict(request.query)
    if request.content_type == "application/json":
        body = await request.json()
        params.update(body if isinstance(body, dict) else {})
        return params
    if request.can_read_body:
        form = await request.post()
        for key, value in form.items():
            params[key] = value if isinstance(value, str) else {"filename": value.filename}
    return {key: _typed(key, value) for key, value in params.items()}


def _typed(key: str, value: Any) -> Any:
    """A form value as the JSON value it stands for (forms carry everything as strings)."""
    if not isinstance(value, str):
        return value
    if key in _JSON_FIELDS:
        return json.loads(value)
    if key in _INT_FIELDS or key == "chat_id":
        return _int(value)
    if key in _FLOAT_FIELDS:
        return float(value)
    if key in _BOOL_FIELDS:
        return value.lower() == "true"
    return value


def _int(value: Any) -> Any:
    try:
        return int(value)
    except (TypeError, ValueError):
        return value


def _text(params: dict[str, Any], key: str, limit: int, too_long: str) -> str:
    """The text as shown: parsed if it has a parse mode, checked against `limit` (UTF-16)."""
    raw = str(params.get(key) or "")
    shown = visible_text(raw) if str(params.get("parse_mode", "")).upper() == "HTML" else raw
    if len(shown.encode("utf-16-le")) // 2 > limit:
        raise ApiError(400, f"Bad Request: {too_long}")
    return shown


def _caption(params: dict[str, Any]) -> str | None:
    if not params.get("caption"):
        return None
    return _text(params, "caption", 1024, "message caption is too long")


def visible_text(text: str) -> str:
    """Telegram's parse mode HTML: the text people see, or 400 for what Telegram refuses."""
    shown: list[str] = []
    open_tags: list[str] = []
    position = 0
    for match in _HTML_TOKEN.finditer(text):
        shown.append(text[position : match.start()])
        position = match.end()
        offset = len(text[: match.start()].encode())
        if match.group("bare"):
            raise ApiError(
                400,
                f"Bad Request: can't parse entities: unexpected {match.group('bare')!r} at byte "
                f"offset {offset}",
            )
        if match.group("entity"):
            shown.append(html.unescape(match.group(0)))
            continue
        tag = match.group("tag").lower()
        if tag not in _TAGS:
            raise ApiError(
                400,
                f'Bad Request: can\'t parse entities: Unsupported start tag "{tag}" at byte '
                f"offset {offset}",
            )
        if match.group("close"):
            if not open_tags or open_tags[-1] != tag:
                expected = open_tags[-1] if open_tags else ""
                raise ApiError(
                    400,
                    "Bad Request: can't parse entities: Unmatched end tag at byte offset "
                    f'{offset}, expected "</{expected}>", found "</{tag}>"',
                )
            open_tags.pop()
        else:
            if tag == "a" and "href=" not in match.group("attrs"):
                raise ApiError(400, "Bad Request: can't parse entities: a tag without href")
            open_tags.append(tag)
    shown.append(text[position:])
    if open_tags:
        raise ApiError(
            400,
            f"Bad Request: can't parse entities: Can't find end tag corresponding to start tag "
            f'"{open_tags[-1]}"',
        )
    return "".join(shown)


def _checked_markup(markup: Any) -> dict[str, Any] | None:
    if not markup:
        return None
    if not isinstance(markup, dict) or not isinstance(markup.get("inline_keyboard"), list):
        raise ApiError(400, "Bad Request: can't parse reply keyboard markup JSON object")
    for row in markup["inline_keyboard"]:
        for button in row:
            if not button.get("text"):
                raise ApiError(400, "Bad Request: BUTTON_TEXT_INVALID")
            data, url = button.get("callback_data"), button.get("url")
            if (data is None) == (url is None):
                raise ApiError(400, 'Bad Request: can\'t find field "callback_data"')
            if data is not None and not 1 <= len(str(data).encode()) <= 64:
                raise ApiError(400, "Bad Request: BUTTON_DATA_INVALID")
    return markup
