"""A channel's sending rate: at most `per_second` messages, evenly spaced, across all its tasks.

Telegram allows a bot about 30 messages per second to all chats together; spacing them evenly
(one every 1/30 s) keeps a digest run of thousands of people under that without bursts. The
limit is per process: run one delivery worker per installation (README, `OUTBOUND_WORKER`).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable


class RateLimit:
    def __init__(
        self,
        per_second: float,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[object]] = asyncio.sleep,
    ) -> None:
        if per_second <= 0:
            raise ValueError("a rate limit needs a positive number of messages per second")
        self._interval = 1.0 / per_second
        self._clock = clock
        self._sleep = sleep
        self._next = 0.0
        self._lock = asyncio.Lock()

    async def acquire(self) -> None:
        """Wait for this message's turn (callers are served first come, first served)."""
        async with self._lock:
            now = self._clock()
            if self._next > now:
                await self._sleep(self._next - now)
                now = self._next
            self._next = now + self._interval
