"""Button payloads as Telegram callback data, which may be at most 64 bytes.

A payload that fits travels in the button itself ("=" + payload). A longer one (a form answer
with entities, say) is kept in the shared state under a short key derived from it, and the
button carries "#" + key; the key expires after `ttl_s`, and a press on a button whose key has
expired gets the polite "this button expired" answer. `CHOSEN` marks the button left on a
message after a press: pressing it again does nothing.
"""

from __future__ import annotations

import base64
import hashlib

from relay.shared_state import SharedState

MAX_BYTES = 64
CHOSEN = "✓"
_DIRECT = "="
_STORED = "#"
_KEY_PREFIX = "telegram:button:"
DEFAULT_TTL_S = 30 * 24 * 3600


class CallbackData:
    def __init__(self, state: SharedState, *, ttl_s: float = DEFAULT_TTL_S) -> None:
        self._state = state
        self._ttl_s = ttl_s

    async def encode(self, payload: str) -> str:
        """The callback data of a button sending `payload`."""
        direct = _DIRECT + payload
        if len(direct.encode()) <= MAX_BYTES:
            return direct
        key = _key_of(payload)
        await self._state.put(_KEY_PREFIX + key, payload, self._ttl_s)
        return _STORED + key

    async def decode(self, data: str) -> str | None:
        """The payload of a pressed button; None when it expired or is not one of ours."""
        if data.startswith(_DIRECT) and len(data) > 1:
            return data[1:]
        if data.startswith(_STORED) and len(data) > 1:
            return await self._state.get(_KEY_PREFIX + data[1:])
        return None


def _key_of(payload: str) -> str:
    """A short key for `payload`: the same payload always gets the same key (and so refreshes
    its expiry instead of adding a new entry every time the button is shown)."""
    digest = hashlib.blake2b(payload.encode(), digest_size=12).digest()
    return base64.urlsafe_b64encode(digest).decode()
