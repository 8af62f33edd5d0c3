"""Which payloads with entities a person may send: only those the assistant offered them.

Rasa reads a message that starts with "/" as an intent, and `/intent{"slot": "value"}` also sets
entities, so a client that made up a button press (or typed one) could fill any form field
with anything, under any title. The gateway therefore remembers, per sender, the buttons it
last showed (title and payload, the newest `KEPT` of them, in the shared state) and forwards
a payload with entities only when it is one of them, pressed with the same title. Anything
else shaped like one is sent as plain text without its leading "/" (so Rasa's NLU reads it
as words): a button press that was not offered as its title, typed text as itself.
Payloads and commands without entities (`/affirm`, `/help`, `/language ru`) go on as they
are: anyone may type them, and they set nothing.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Sequence
from enum import Enum
from typing import Final

from common.messages import BotMessage
from common.privacy import sender_ref
from relay.shared_state import SharedState

log = logging.getLogger(__name__)

KEPT: Final = 30
TTL_S: Final = 7 * 24 * 3600
_KEY: Final = "buttons:offered:"
# "/intent{" — an intent with entities, which Rasa would read as slot values.
_WITH_ENTITIES: Final = re.compile(r"^\s*/[^\s{]*\s*\{")


class Origin(Enum):
    """Where the text of a message to Rasa came from."""

    TYPED = "typed"  # the person wrote it
    BUTTON = "button"  # the person pressed a button (its payload; the title is shown)
    GATEWAY = "gateway"  # the gateway made it (Telegram's /start → "/greet", a location)


class OfferedButtons:
    def __init__(self, state: SharedState) -> None:
        self._state = state

    async def remember(self, sender: str, messages: Sequence[BotMessage]) -> None:
        """Add the buttons of `messages` (just shown to `sender`) to what they may press."""
        shown = [[button.title, button.payload] for m in messages for button in m.buttons]
        if shown:
            await self._state.push_recent(_KEY + sender, shown, KEPT, TTL_S)

    async def admit(self, sender: str, text: str, origin: Origin, title: str | None) -> str:
        """The text to send to Rasa for `text` (a payload when `origin` is BUTTON, shown as
        `title`; None when the channel cannot tell the title)."""
        if origin is Origin.GATEWAY or not _WITH_ENTITIES.match(text):
            return text
        if origin is Origin.TYPED:
            return as_words(text)
        offered = await self._offered(sender)
        if any(p == text and (title is None or t.strip() == title.strip()) for t, p in offered):
            return text
        log.info("A payload not offered to %s was sent as plain text", sender_ref(sender))
        return as_words(title or text)

    async def _offered(self, sender: str) -> list[list[str]]:
        raw = await self._state.get(_KEY + sender)
        try:
            pairs = json.loads(raw) if raw else []
        except ValueError:
            return []
        return [pair for pair in pairs if isinstance(pair, list) and len(pair) == 2]


def as_words(text: str) -> str:
    """`text` as words Rasa's NLU reads, never as an intent: without its leading slashes."""
    return text.lstrip().lstrip("/").strip() or text
