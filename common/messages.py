"""The one typed model of what the assistant says, built from Rasa's message dicts.

Rasa's REST channel (CollectingOutputChannel) answers with dicts carrying some of the keys
`text`, `buttons`, `quick_replies`, `image`, `attachment`, `custom`, `elements`. Every channel
renders from `BotMessage` instead of re-reading those dicts itself.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Button:
    """A choice offered to the person: `title` is shown, `payload` goes back to Rasa."""

    title: str
    payload: str

    def as_dict(self) -> dict[str, str]:
        return {"title": self.title, "payload": self.payload}


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
