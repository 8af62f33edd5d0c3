"""Whether staff may hold a person's conversation, without a SQL query per message.

Every message the person sends asks it (`Handoff.intercept`), but the answer changes only when
staff take a conversation or a hold ends. So each gateway keeps the set of held senders read from
SQL, with the version it was read at: a counter in Redis that every take and every end of a hold
bumps after its SQL change. A message costs one Redis read (a web chat message none of its own:
its dedup claim reads the version in the same round trip, `SharedState.read_with_claims`); the
set is read again from SQL when the version moved (on any gateway), and at least every
`MAX_AGE_S`. A message sent after `take` returned is thus held on every gateway.

Redis not answering: SQL is asked for every message, as this process's memory is not shared. A
bump lost to a Redis failure is caught up within `MAX_AGE_S` at the latest.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Final

from handoff.store import HandoffStore
from relay.shared_state import SharedState

VERSION_KEY: Final = "handoff:held:version"
MAX_AGE_S: Final = 10.0


class HeldSenders:
    def __init__(
        self,
        store: HandoffStore,
        state: SharedState,
        *,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._store = store
        self._state = state
        state.read_with_claims(VERSION_KEY)  # a web chat message's claim reads it too
        self._clock = clock
        self._version: str | None = None
        self._senders: frozenset[str] = frozenset()
        self._read_at = 0.0

    async def may_hold(self, sender: str) -> bool:
        """False when no member of staff holds `sender`'s conversation (as of this call); True
        when one may (SQL then tells)."""
        version = await self._state.shared_value(VERSION_KEY)
        if version is None:
            self._version = None
            return True
        if version != self._version or self._clock() - self._read_at > MAX_AGE_S:
            read_at = self._clock()
            self._senders = await self._store.held_senders()
            self._version, self._read_at = version, read_at
        return sender in self._senders

    async def changed(self) -> None:
        """A hold began or ended (in SQL, already): every gateway reads the set again."""
        await self._state.bump(VERSION_KEY)
