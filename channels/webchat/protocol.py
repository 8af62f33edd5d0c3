"""The web chat protocol's frames (docs/webchat-protocol.md): what a client may send, parsed and
checked into typed frames, and the frames the server sends back.

Parsing never raises anything but `FrameError`, whose code goes to the client in an `error` frame;
the connection stays usable after it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from enum import Enum
from typing import Any

from channels.webchat.files import FileLinks
from common.messages import BotMessage

# A text frame larger than this is refused without being parsed; a frame larger than
# MAX_MESSAGE_BYTES closes the connection (code 1009), as no legitimate client sends one.
MAX_FRAME_BYTES = 16 * 1024
MAX_MESSAGE_BYTES = 256 * 1024
MAX_ID_LENGTH = 128

MessageId = str | int


class ErrorCode(str, Enum):
    """The `code` of an `error` frame; its text is `errors.<code>` in data/content/gateway.yml."""

    INVALID_JSON = "invalid_json"
    BINARY_FRAME = "binary_frame"
    UNKNOWN_TYPE = "unknown_type"
    MISSING_FIELD = "missing_field"
    TEXT_TOO_LONG = "text_too_long"
    NOT_READY = "not_ready"
    RATE_LIMITED = "rate_limited"
    INVALID_SESSION = "invalid_session"
    INTERNAL = "internal"


class FrameError(Exception):
    """A frame the server refuses. `message_id` is set when the refused frame carried a usable id,
    so the client knows which of its messages was not taken."""

    def __init__(self, code: ErrorCode, detail: str, message_id: MessageId | None = None) -> None:
        super().__init__(detail)
        self.code = code
        self.message_id = message_id


@dataclass(frozen=True)
class Hello:
    """Opens (or switches) the connection's session. `token` is None for a new conversation; any
    other value, verified or not, is the client's claim to an existing session."""

    token: str | None
    lang: str | None


@dataclass(frozen=True)
class UserMessage:
    """A typed text or a pressed button. `text` goes to Rasa (the typed text or the button's
    payload), `shown` is what the person sees in the conversation (the text or the button title)."""

    id: MessageId
    text: str
    shown: str
    is_button: bool

    @property
    def key(self) -> str:
        """The id as the dedup key uses it (1 and "1" are the same message)."""
        return str(self.id)


Frame = Hello | UserMessage


def parse_frame(data: str, *, max_text: int) -> Frame:
    """Read one text frame from a client; `max_text` limits the characters of a text or payload."""
    if len(data.encode()) > MAX_FRAME_BYTES:
        raise FrameError(ErrorCode.TEXT_TOO_LONG, f"frame over {MAX_FRAME_BYTES} bytes")
    try:
        frame = json.loads(data)
    except (ValueError, RecursionError):
        raise FrameError(ErrorCode.INVALID_JSON, "not JSON") from None
    if not isinstance(frame, dict):
        raise FrameError(ErrorCode.INVALID_JSON, "not a JSON object")
    kind = frame.get("type")
    if kind is None:
        raise FrameError(ErrorCode.MISSING_FIELD, "no type")
    if kind == "hello":
        return _hello(frame)
    if kind == "message":
        return _message(frame, max_text)
    raise FrameError(ErrorCode.UNKNOWN_TYPE, f"unknown type {str(kind)[:40]!r}")


def _hello(frame: dict[str, Any]) -> Hello:
    token = frame.get("session")
    lang = frame.get("lang")
    return Hello(
        # A session that is not a string cannot be a token we signed: it fails verification.
        token=None if token is None else token if isinstance(token, str) else "",
        lang=lang if isinstance(lang, str) else None,
    )


def _message(frame: dict[str, Any], max_text: int) -> UserMessage:
    message_id = _message_id(frame.get("id"))
    if "payload" in frame:
        payload = _field(frame, "payload", message_id, max_text)
        title = _field(frame, "title", message_id, max_text)
        return UserMessage(message_id, payload, title, is_button=True)
    text = _field(frame, "text", message_id, max_text)
    return UserMessage(message_id, text, text, is_button=False)


def _message_id(value: Any) -> MessageId:
    valid_int = isinstance(value, int) and not isinstance(value, bool)
    valid_str = isinstance(value, str) and 0 < len(value) <= MAX_ID_LENGTH and _is_unicode(value)
    if not (valid_int or valid_str):
        raise FrameError(
            ErrorCode.MISSING_FIELD, f"id must be an integer or 1-{MAX_ID_LENGTH} characters"
        )
    return value


def _field(frame: dict[str, Any], name: str, message_id: MessageId, max_text: int) -> str:
    value = frame.get(name)
    if not isinstance(value, str) or not value.strip():
        raise FrameError(ErrorCode.MISSING_FIELD, f"{name} must be a non-empty string", message_id)
    if not _is_unicode(value):
        raise FrameError(ErrorCode.INVALID_JSON, f"{name} is not valid Unicode", message_id)
    if len(value) > max_text:
        raise FrameError(ErrorCode.TEXT_TOO_LONG, f"{name} over {max_text} chars", message_id)
    return value.strip()


def _is_unicode(value: str) -> bool:
    """False for strings with lone surrogates ("\\ud800" in JSON), which cannot be sent on."""
    try:
        value.encode()
    except UnicodeEncodeError:
        return False
    return True


# Frames the server sends. Each is a plain dict, serialised once per broadcast.


def welcome(token: str, history: list[dict[str, Any]]) -> dict[str, Any]:
    return {"type": "welcome", "session": token, "history": history}


def ack(message_id: MessageId) -> dict[str, Any]:
    return {"type": "ack", "id": message_id}


def typing() -> dict[str, Any]:
    return {"type": "typing"}


def content(message: BotMessage, files: FileLinks | None = None) -> dict[str, Any]:
    """The message's fields in a frame; a file becomes a download link (`files`)."""
    fields = message.as_dict()
    if files is not None and message.file is not None:
        fields.pop("custom", None)
        fields.update(files.frame_fields(message))
    return fields


def bot(
    message: BotMessage,
    ts: float,
    reply_to: MessageId | None = None,
    files: FileLinks | None = None,
) -> dict[str, Any]:
    frame = {"type": "bot", "ts": ts, **content(message, files)}
    if reply_to is not None:
        frame["reply_to"] = reply_to
    return frame


def done(message_id: MessageId) -> dict[str, Any]:
    """The reply to `message_id` is complete (also when the assistant had nothing to say)."""
    return {"type": "done", "id": message_id}


def user_echo(message: UserMessage, ts: float) -> dict[str, Any]:
    return {"type": "user", "id": message.id, "text": message.shown, "ts": ts}


def history_entry(
    role: str,
    ts: float,
    message: BotMessage,
    message_id: str | None = None,
    files: FileLinks | None = None,
) -> dict[str, Any]:
    """A message of the history; the person's messages carry the client `id` they were sent with."""
    entry = {"type": role, "ts": ts, **content(message, files)}
    if message_id is not None:
        entry["id"] = message_id
    return entry


def error(code: ErrorCode, message: str, message_id: MessageId | None = None) -> dict[str, Any]:
    frame: dict[str, Any] = {"type": "error", "code": code.value, "message": message}
    if message_id is not None:
        frame["id"] = message_id
    return frame


def encode(frame: dict[str, Any]) -> str:
    return json.dumps(frame, separators=(",", ":"))
