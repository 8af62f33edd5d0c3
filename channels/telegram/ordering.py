"""python-telegram-bot update processing: chats in parallel, each chat's updates in order.

With the default processor one slow reply from Rasa would hold up every other person; with
`concurrent_updates=True` two quick messages of one person could overtake each other. This
processor runs the updates of different chats concurrently (up to `max_concurrent_updates`) and
those of one chat one after another, in arrival order (asyncio.Lock serves waiters first come,
first served). A chat's turn is taken before a running slot, so one person sending a flood of
messages occupies one slot, not all of them.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable
from typing import Any

from telegram import Update
from telegram.ext import BaseUpdateProcessor

from channels.telegram.locks import KeyedLocks


class PerChatUpdateProcessor(BaseUpdateProcessor):
    """`running` updates at most are handled at once; up to `pending` more may wait for their
    chat's turn (PTB's own bound, which is taken first)."""

    def __init__(self, running: int, pending: int = 4096) -> None:
        super().__init__(max_concurrent_updates=running + pending)
        self._chats = KeyedLocks()
        self._running = asyncio.Semaphore(running)

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        chat_id = _chat_of(update)
        turn = self._chats.hold(chat_id) if chat_id is not None else contextlib.nullcontext()
        async with turn, self._running:
            await coroutine

    async def initialize(self) -> None:
        """Nothing to set up: locks are made per chat as updates arrive."""

    async def shutdown(self) -> None:
        """Nothing to release."""


def _chat_of(update: object) -> int | None:
    if isinstance(update, Update) and update.effective_chat is not None:
        return update.effective_chat.id
    return None
