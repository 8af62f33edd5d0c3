"""Chats the bot must not write to: the person blocked the bot, or the bot left the group.

Known from `my_chat_member` updates and from Telegram's 403 answers; forgotten when the person
unblocks the bot or writes again. Kept in the shared state, so every gateway replica knows.
"""

from __future__ import annotations

from relay.shared_state import SharedState

_KEY_PREFIX = "telegram:blocked:"
# Long enough for a person who blocked the bot never to be written to; the entry is removed as
# soon as they come back.
BLOCKED_TTL_S = 365 * 24 * 3600


class BlockedChats:
    def __init__(self, state: SharedState) -> None:
        self._state = state

    async def block(self, chat_id: int) -> None:
        await self._state.put(f"{_KEY_PREFIX}{chat_id}", "1", BLOCKED_TTL_S)

    async def unblock(self, chat_id: int) -> None:
        await self._state.release(f"{_KEY_PREFIX}{chat_id}")

    async def is_blocked(self, chat_id: int) -> bool:
        return await self._state.get(f"{_KEY_PREFIX}{chat_id}") is not None
