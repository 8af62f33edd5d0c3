"""Short-lived state shared by gateway replicas through Redis: dedup keys, rate counters, values.

Redis is the shared place, but the gateway must keep working when it is down: every operation
falls back to this process's memory (correct for one replica, best effort for several), and
after a failure Redis is left alone for `retry_after_s` so a dead server does not cost every
message a connection timeout. `/readyz` reports the degraded state.
"""

from __future__ import annotations

import logging
import time
from collections import OrderedDict
from typing import Any

from redis import asyncio as aioredis
from redis.exceptions import RedisError

log = logging.getLogger(__name__)


class _LocalStore:
    """Keys with expiry in memory. Beyond `max_keys` the expired ones are dropped, then (with
    `evict`) the oldest; without `evict` nothing alive is dropped: a counter that vanished
    would start again from zero (a login throttle reset by flooding it with other keys)."""

    def __init__(self, max_keys: int = 100_000, *, evict: bool = True) -> None:
        self._items: OrderedDict[str, tuple[float, Any]] = OrderedDict()
        self._max_keys = max_keys
        self._evict = evict

    def get(self, key: str) -> Any:
        item = self._items.get(key)
        if item is None or item[0] < time.monotonic():
            self._items.pop(key, None)
            return None
        return item[1]

    def set(self, key: str, value: Any, ttl_s: float) -> None:
        self._items[key] = (time.monotonic() + ttl_s, value)
        self._items.move_to_end(key)
        if len(self._items) > self._max_keys:
            now = time.monotonic()
            for old in [k for k, (expires, _) in self._items.items() if expires < now]:
                del self._items[old]
            if not self._evict:  # grow instead; next clean-up when twice as many
                self._max_keys = max(self._max_keys, 2 * len(self._items))
        while self._evict and len(self._items) > self._max_keys:
            self._items.popitem(last=False)

    def delete(self, key: str) -> None:
        self._items.pop(key, None)


class SharedState:
    def __init__(self, redis_url: str | None, *, retry_after_s: float = 5.0) -> None:
        self.redis: aioredis.Redis | None = (
            aioredis.from_url(
                redis_url,
                socket_connect_timeout=0.5,
                socket_timeout=1.0,
                decode_responses=True,
            )
            if redis_url
            else None
        )
        self._local = _LocalStore()
        self._counters = _LocalStore(evict=False)
        self._retry_after_s = retry_after_s
        self._down_until = 0.0

    @property
    def configured(self) -> bool:
        return self.redis is not None

    async def close(self) -> None:
        if self.redis is not None:
            await self.redis.close()

    async def ping(self) -> bool:
        """Whether Redis answers now (always tries, also while the fallback is in use)."""
        if self.redis is None:
            return False
        try:
            await self.redis.ping()
        except (RedisError, OSError):
            return False
        self._down_until = 0.0
        return True

    async def claim(self, key: str, ttl_s: float) -> bool:
        """True the first time `key` is claimed within `ttl_s`, False for a repeat (dedup)."""
        redis = self._usable()
        if redis is not None:
            try:
                return bool(await redis.set(key, "1", nx=True, ex=max(1, int(ttl_s))))
            except (RedisError, OSError) as error:
                self._failed(error)
        if self._local.get(key) is not None:
            return False
        self._local.set(key, True, ttl_s)
        return True

    async def release(self, key: str) -> None:
        """Forget a claim, so the same key can be processed again (after a failure)."""
        self._local.delete(key)
        redis = self._usable()
        if redis is not None:
            try:
                await redis.delete(key)
            except (RedisError, OSError) as error:
                self._failed(error)

    async def count(self, key: str, window_s: int) -> int:
        """Add one to the counter of the current `window_s` window and return its value."""
        window_key = _window_key(key, window_s)
        redis = self._usable()
        if redis is not None:
            try:
                async with redis.pipeline(transaction=True) as pipe:
                    pipe.incr(window_key)
                    pipe.expire(window_key, window_s + 1)
                    value, _ = await pipe.execute()
                return int(value)
            except (RedisError, OSError) as error:
                self._failed(error)
        value = int(self._counters.get(window_key) or 0) + 1
        self._counters.set(window_key, value, window_s + 1)
        return value

    async def peek(self, key: str, window_s: int) -> int:
        """The counter of the current `window_s` window, not counting this look."""
        window_key = _window_key(key, window_s)
        redis = self._usable()
        if redis is not None:
            try:
                return int(await redis.get(window_key) or 0)
            except (RedisError, OSError) as error:
                self._failed(error)
        return int(self._counters.get(window_key) or 0)

    async def put(self, key: str, value: str, ttl_s: float) -> None:
        redis = self._usable()
        if redis is not None:
            try:
                await redis.set(key, value, ex=max(1, int(ttl_s)))
                return
            except (RedisError, OSError) as error:
                self._failed(error)
        self._local.set(key, value, ttl_s)

    async def get(self, key: str) -> str | None:
        redis = self._usable()
        if redis is not None:
            try:
                value = await redis.get(key)
                return None if value is None else str(value)
            except (RedisError, OSError) as error:
                self._failed(error)
        value = self._local.get(key)
        return None if value is None else str(value)

    def _usable(self) -> aioredis.Redis | None:
        if self.redis is None or time.monotonic() < self._down_until:
            return None
        return self.redis

    def _failed(self, error: Exception) -> None:
        if time.monotonic() >= self._down_until:
            log.warning("Redis unavailable, using in-process state for now: %s", error)
        self._down_until = time.monotonic() + self._retry_after_s


def _window_key(key: str, window_s: int) -> str:
    return f"{key}:{int(time.time() // window_s)}"
