"""The masked view of a conversation: what staff see unless an admin reveals it.

Three rules, applied to every text, entity and data value of every event:
- a sensitive event (an answer to a sensitive form question, a sensitive slot's value) is
  hidden outright;
- the values of the conversation's sensitive slots are hidden wherever else they appear (the
  summary the assistant reads back, a greeting with the first name);
- phone numbers, e-mail addresses and personal identifiers are masked (`common.privacy.mask_text`),
  and the display name a channel sends is reduced to initials.
Technical values (message ids, intent, action and channel names) are left as they are.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Final

from common.privacy import MASK, mask_name, mask_text, mask_values
from common.storage.log_records import LoggedEvent, Transcript

# In a sensitive event, these keys hold what the person typed or the slot's value.
_TYPED_KEYS: Final = frozenset({"value", "text", "display_text", "payload"})
_NAME_KEYS: Final = frozenset({"display_name"})
# Technical values (ids, intent, action and channel names) that are never personal data.
_TECHNICAL_KEYS: Final = frozenset(
    {
        "message_id",
        "input_channel",
        "channel",
        "language_hint",
        "name",
        "policy",
        "utter_action",
        "entity",
        "extractor",
        "role",
        "group",
    }
)


class Masker:
    """Masks texts of one conversation, knowing the values of its sensitive slots."""

    def __init__(self, sensitive_values: Iterable[str]) -> None:
        self._values = tuple(sensitive_values)

    @classmethod
    def for_events(cls, events: Iterable[LoggedEvent]) -> Masker:
        return cls(sensitive_slot_values(events))

    def text(self, text: str | None, *, sensitive: bool = False) -> str | None:
        if not text:
            return text
        if sensitive:
            return MASK
        return mask_values(mask_text(text), self._values)

    def event(self, event: LoggedEvent) -> LoggedEvent:
        return dataclasses.replace(
            event,
            text=self.text(event.text, sensitive=event.sensitive),
            entities=tuple(
                self._mapping(entity, event.sensitive, typed_keys=frozenset({"value"}))
                for entity in event.entities
            ),
            data=self._mapping(event.data, event.sensitive, typed_keys=_TYPED_KEYS),
        )

    def transcript(self, transcript: Transcript) -> Transcript:
        last_message = next((e for e in reversed(transcript.events) if e.kind == "user"), None)
        preview = (
            self.text(last_message.text, sensitive=last_message.sensitive) if last_message else None
        )
        return dataclasses.replace(
            transcript,
            conversation=dataclasses.replace(transcript.conversation, preview=preview),
            events=tuple(self.event(event) for event in transcript.events),
            notes=tuple(
                dataclasses.replace(note, text=self.text(note.text) or "")
                for note in transcript.notes
            ),
            revealed=False,
        )

    def _mapping(
        self, data: Mapping[str, Any], sensitive: bool, *, typed_keys: frozenset[str]
    ) -> dict[str, Any]:
        return {
            key: self._value(value, sensitive=sensitive and key in typed_keys, key=key)
            for key, value in data.items()
        }

    def _value(self, value: Any, *, sensitive: bool, key: str = "") -> Any:
        if sensitive and value is not None:
            return MASK
        if isinstance(value, str):
            if key in _TECHNICAL_KEYS:
                return value
            return mask_name(value) if key in _NAME_KEYS else self.text(value)
        if isinstance(value, Mapping):
            return self._mapping(value, False, typed_keys=frozenset())
        if isinstance(value, Sequence):
            return [self._value(item, sensitive=False) for item in value]
        return value


def sensitive_slot_values(events: Iterable[LoggedEvent]) -> list[str]:
    """The values the conversation's sensitive slots were set to (as text)."""
    values: list[str] = []
    for event in events:
        if event.kind != "slot" or not event.sensitive:
            continue
        value = event.data.get("value")
        if isinstance(value, (str, int, float)) and not isinstance(value, bool):
            values.append(str(value))
    return values
