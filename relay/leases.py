"""Which gateway answers a person's message, so a message is answered once — also when the
gateway that took it dies.

A gateway that takes a message (a web chat message id, a Telegram update id) marks it with a
lease in the shared state: its own name, for `lease_s` (`relay.conversations.answer_lease_s`),
renewed when it starts answering; once answered the mark becomes "done" for a day. Every gateway
writes a heartbeat (`beat`) while it runs. When the same message comes again (the widget resends
what it has no `done` for after a reconnect; Telegram delivers an update again), `take_over`
decides: done — nothing to do; held by a gateway whose heartbeat stopped (it died) — this one
takes it at once; held by a live one — this one watches it, and takes it if that gateway dies or
the lease runs out before it is done.

How fast a dead gateway's messages move: its heartbeat (every `HEARTBEAT_S`, lasting
`ALIVE_FOR_S`) runs out at most `ALIVE_FOR_S` after it died, and a watching `take_over` looks
every `WATCH_EVERY_S`: about 2.5 s from a kill -9 to the take-over, well within RASA_TIMEOUT_S.
A gateway that could not reach Redis lately may not see a live gateway's heartbeat yet (the
other one's may be on its way back too): until it has reached Redis for `TRUST_AFTER_S`, it takes
every holder for alive, so a live gateway's message is never taken from it.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
import uuid
from collections.abc import Sequence
from typing import Final

from relay.shared_state import SharedState

DONE: Final = "done"
HEARTBEAT_S: Final = 1.0
ALIVE_FOR_S: Final = 2.5
WATCH_EVERY_S: Final = 0.25
# A heartbeat is written to Redis within HEARTBEAT_S of Redis answering again (`announce`).
TRUST_AFTER_S: Final = ALIVE_FOR_S + HEARTBEAT_S
# Waiting out a live gateway's lease: a little longer, so it has surely expired.
EXPIRY_MARGIN_S: Final = 0.5
# A lease this young is not renewed when the answer starts: Redis counts its expiry in whole
# seconds, so renewing it would gain less than that and cost a round trip per message.
RENEW_AFTER_S: Final = 1.0


class Leases:
    def __init__(self, state: SharedState, lease_s: float) -> None:
        self.state = state
        self.lease_s = lease_s
        self.holder = uuid.uuid4().hex  # this gateway process

    async def take(self, key: str) -> bool:
        """Take a message seen for the first time (True), or not (False: seen before)."""
        return await self.state.claim(key, self.lease_s, value=self.holder)

    async def take_counting(
        self, key: str, counters: Sequence[tuple[str, int]]
    ) -> list[int] | None:
        """`take` a message and count it in each of `counters` (key, window: rate limits), in one
        round trip: the counts, or None when it was seen before (and is not counted)."""
        return await self.state.claim_counting(key, self.lease_s, self.holder, counters)

    async def renew(self, key: str, taken_at: float | None = None) -> None:
        """This gateway starts answering the message now: the lease counts from here. A lease
        taken (`taken_at`, time.monotonic()) less than `RENEW_AFTER_S` ago is left as it is."""
        if taken_at is not None and time.monotonic() - taken_at < RENEW_AFTER_S:
            return
        await self.state.put(key, self.holder, self.lease_s)

    async def finish(self, key: str, keep_s: float) -> None:
        """The message is answered: a repeat within `keep_s` is not answered again."""
        await self.state.put(key, DONE, keep_s)

    async def give_up(self, key: str) -> None:
        """The message could not be answered: a repeat is answered as a new one."""
        await self.state.release(key)

    async def is_done(self, key: str) -> bool:
        return await self.state.get(key) == DONE

    async def take_over(self, key: str) -> bool:
        """A repeat of a message that is not done: take it (True) if its holder is dead or dies
        meanwhile, or once its lease runs out before it is done; False when it is done or
        another gateway took it. Holds up only the caller, for the lease at most."""
        give_up_at = time.monotonic() + self.lease_s + EXPIRY_MARGIN_S
        while True:
            holder = await self.state.get(key)
            if holder == DONE:
                return False
            if holder is None:
                return await self.take(key)
            if holder != self.holder and not await self._alive(holder):
                return await self.state.replace(key, holder, self.holder, self.lease_s)
            left_s = give_up_at - time.monotonic()
            if left_s <= 0:
                return await self.take(key)
            await asyncio.sleep(min(WATCH_EVERY_S, left_s))

    async def beat(self, stop: asyncio.Event) -> None:
        """Tell the other gateways this one is alive, until `stop`."""
        while not stop.is_set():
            await self.state.announce(f"gateway:alive:{self.holder}", "1", ALIVE_FOR_S)
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(stop.wait(), HEARTBEAT_S)

    async def is_alive(self, holder: str) -> bool:
        """Whether the gateway named `holder` is running (this one is), as far as this one can
        tell: when it cannot, yes."""
        return holder == self.holder or await self._alive(holder)

    async def _alive(self, holder: str) -> bool:
        if self.state.reachable_for_s() < TRUST_AFTER_S:
            return True
        return await self.state.shared_value(f"gateway:alive:{holder}") != ""
