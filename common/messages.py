"""The one typed model of what the assistant says, built from Rasa's message dicts.

Rasa's REST channel (CollectingOutputChannel) answers with dicts carrying some of the keys
`text`, `buttons`, `quick_replies`, `image`, `attachment`, `custom`, `elements`. Every channel
renders from `BotMessage` instead of re-reading those dicts itself.

A file the assistant sends (an appointment's .ics) is a `custom` payload
`{"file": {"name": …, "media_type": …, "content": …}}` (`FileAttachment`): Telegram sends it as a
document, the web chat as a download link the gateway serves.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Final

# What a file in a message may be: small text files of these types, with a plain file name.
FILE_MEDIA_TYPES: Final = frozenset({"text/calendar"})
MAX_FILE_CHARS: Final = 64 * 1024
_FILE_NAME: Final = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,79}")


@dataclass(frozen=True)
class Button:
    """A choice offered to the person: `title` is shown, `payload` goes back to Rasa."""

    title: str
    payload: str

    def as_dict(self) -> dict[str, str]:
        return {"title": self.title, "payload": self.payload}


@dataclass(frozen=True)
class FileAttachment:
    """A small text file sent in the chat (`custom.file`), e.g. an appointment's calendar."""

    name: str
    media_type: str
    content: str

    @classmethod
    def from_custom(cls, custom: Mapping[str, Any] | None) -> FileAttachment | None:
        """The file of a custom payload, or None if it has none or one we do not send (an
        unknown type, a name with a path or odd characters, or more than MAX_FILE_CHARS)."""
        found = custom.get("file") if custom else None
        if not isinstance(found, Mapping):
            return None
        name, media_type, content = (found.get(key) for key in ("name", "media_type", "content"))
        if (
            isinstance(name, str)
            and _FILE_NAME.fullmatch(name)
            and media_type in FILE_MEDIA_TYPES
            and isinstance(content, str)
            and 0 < len(content) <= MAX_FILE_CHARS
        ):
            return cls(name, str(media_type), content)
        return None


@dataclass(frozen=True)
class BotMessage:
    """One message from the assistant. `text` uses the small markup subset of `common.markup`."""

    text: str | None = None
    buttons: tuple[Button, ...] = ()
    image: str | None = None
    attachment: Any = None
    custom: Mapping[str, Any] | None = None
    elements: tuple[Any, ...] = field(default=())

    @classmethod
    def from_rasa(cls, message: Mapping[str, Any]) -> BotMessage:
        """Read one dict as Rasa sends it; keys we do not know are ignored, bad values dropped."""
        text = message.get("text")
        image = message.get("image")
        custom = message.get("custom")
        elements = message.get("elements")
        return cls(
            text=text if isinstance(text, str) and text.strip() else None,
            buttons=tuple(_buttons(message.get("buttons"), message.get("quick_replies"))),
            image=image if isinstance(image, str) and image else None,
            attachment=message.get("attachment") or None,
            custom=custom if isinstance(custom, Mapping) and custom else None,
            elements=tuple(elements) if isinstance(elements, list) else (),
        )

    @classmethod
    def from_rasa_list(cls, messages: Iterable[Any]) -> list[BotMessage]:
        """The non-empty messages of a Rasa REST reply, in order."""
        parsed = (cls.from_rasa(m) for m in messages if isinstance(m, Mapping))
        return [message for message in parsed if not message.is_empty]

    @property
    def file(self) -> FileAttachment | None:
        return FileAttachment.from_custom(self.custom)

    @property
    def is_empty(self) -> bool:
        return not (
            self.text
            or self.buttons
            or self.image
            or self.attachment
            or self.custom
            or self.elements
        )

    def as_dict(self) -> dict[str, Any]:
        """The message with only the keys it has, in the web chat protocol's shape."""
        data: dict[str, Any] = {}
        if self.text:
            data["text"] = self.text
        if self.buttons:
            data["buttons"] = [button.as_dict() for button in self.buttons]
        if self.image:
            data["image"] = self.image
        if self.attachment:
            data["attachment"] = self.attachment
        if self.custom:
            data["custom"] = dict(self.custom)
        if self.elements:
            data["elements"] = list(self.elements)
        return data


def _buttons(*lists: Any) -> Iterable[Button]:
    for items in lists:
        if not isinstance(items, list):
            continue
        for item in items:
            if not isinstance(item, Mapping):
                continue
            title, payload = item.get("title"), item.get("payload")
            if isinstance(title, str) and title and isinstance(payload, str) and payload:
                yield Button(title=title, payload=payload)
