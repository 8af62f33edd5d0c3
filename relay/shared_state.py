"""Short-lived state shared by gateway replicas through Redis: dedup keys, rate counters, values.

Redis is the shared place, but the gateway must keep working when it is down: every operation
falls back to this process's memory (correct for one replica, best effort for several), and
after a failure Redis is left alone for `retry_after_s` so a dead server does not cost every
message a connection timeout. `/readyz` reports the degraded state.

Keys live under the installation's namespace (`installation_key`: the gateways that share a
database share their keys), so two installations on one Redis — `make run` and a test run, say —
never read each other's dedup marks or rate counters.
"""

from __future__ import annotations

import hashlib
import json
import logging
import time
from collections import OrderedDict
from collections.abc import Sequence
from contextvars import ContextVar
from typing import Any

from redis import asyncio as aioredis
from redis.asyncio.retry import Retry
from redis.backoff import NoBackoff
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import RedisError

log = logging.getLogger(__name__)

_REPLACE_SCRIPT = """
if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('SET', KEYS[1], ARGV[2], 'EX', ARGV[3])
  return 1
end
return 0
"""
# KEYS[1] claimed with ARGV[1] for ARGV[2] s; only then each of the next #ARGV - 2 keys counted
# (a window of ARGV[i + 1] s, see `count`) and the keys after them read ("" for none).
# Returns {1, count, …, value, …}, or {0} for a repeat.
_CLAIM_COUNTING_SCRIPT = """
if not redis.call('SET', KEYS[1], ARGV[1], 'NX', 'EX', ARGV[2]) then
  return {0}
end
local result = {1}
local counters = #ARGV - 2
for i = 2, counters + 1 do
  redis.call('SET', KEYS[i], 0, 'NX', 'EX', ARGV[i + 1])
  result[i] = redis.call('INCR', KEYS[i])
end
for i = counters + 2, #KEYS do
  result[i] = redis.call('GET', KEYS[i]) or ''
end
return result
"""
# The counter at KEYS[1] (a window of ARGV[1] s opened by its first count), one more.
_COUNT_SCRIPT = """
redis.call('SET', KEYS[1], 0, 'NX', 'EX', ARGV[1])
return redis.call('INCR', KEYS[1])
"""
# The JSON list at KEYS[1] with the items of ARGV[1] (a JSON list) first, the earlier ones it
# does not repeat after them, at most ARGV[2] in all, for ARGV[3] s. Unreadable: started anew.
_PUSH_RECENT_SCRIPT = """
local items = cjson.decode(ARGV[1])
local seen = {}
for _, item in ipairs(items) do seen[cjson.encode(item)] = true end
local raw = redis.call('GET', KEYS[1])
if raw then
  local ok, earlier = pcall(cjson.decode, raw)
  if ok and type(earlier) == 'table' then
    for _, item in ipairs(earlier) do
      if not seen[cjson.encode(item)] then table.insert(items, item) end
    end
  end
end
while #items > tonumber(ARGV[2]) do table.remove(items) end
redis.call('SET', KEYS[1], cjson.encode(items), 'EX', ARGV[3])
return #items
"""


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

    def increment(self, key: str, ttl_s: float) -> int:
        """Add one to the number at `key` (a new key: 1, expiring after `ttl_s`; an existing
        one keeps its expiry)."""
        item = self._items.get(key)
        if item is None or item[0] < time.monotonic():
            self.set(key, 1, ttl_s)
            return 1
        self._items[key] = (item[0], item[1] + 1)
        return int(item[1] + 1)


def installation_key(database_url: str) -> str:
    """A short name of the installation that uses `database_url`: its gateways share it, other
    installations on the same Redis do not."""
    return hashlib.sha256(database_url.encode()).hexdigest()[:16]


class SharedState:
    def __init__(
        self, redis_url: str | None, *, namespace: str = "", retry_after_s: float = 5.0
    ) -> None:
        """`namespace`: put in front of every key (`installation_key`), so installations that
        share a Redis keep apart."""
        self.redis: aioredis.Redis | None = (
            aioredis.from_url(
                redis_url,
                socket_connect_timeout=0.5,
                socket_timeout=1.0,
                decode_responses=True,
                # A pooled connection a restarted Redis closed fails on its next use: once more
                # on a new connection, rather than falling back to memory for `retry_after_s`.
                retry=Retry(NoBackoff(), 1),
                retry_on_error=[RedisConnectionError],
            )
            if redis_url
            else None
        )
        self._prefix = f"{namespace}:" if namespace else ""
        self._local = _LocalStore()
        self._kept: dict[str, dict[str, str]] = {}
        self._counters = _LocalStore(evict=False)
        self._retry_after_s = retry_after_s
        self._down_until = 0.0
        # Keys read with every `claim_counting` (`read_with_claims`), and what the last claim
        # of this task (or of the task that started it) read of them.
        self._read_with_claims: tuple[str, ...] = ()
        self._claim_reads: ContextVar[dict[str, str] | None] = ContextVar(
            f"claim_reads_{id(self)}", default=None
        )
        self._failed_at = float("-inf")
        redis = self.redis
        self._claim_counting = redis.register_script(_CLAIM_COUNTING_SCRIPT) if redis else None
        self._push_recent = redis.register_script(_PUSH_RECENT_SCRIPT) if redis else None
        # A script, not a MULTI pipeline: redis-py retries a command on a closed connection, a
        # pipeline it does not.
        self._count = redis.register_script(_COUNT_SCRIPT) if redis else None

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

    async def claim(self, key: str, ttl_s: float, value: str = "1") -> bool:
        """True the first time `key` is claimed within `ttl_s` (it then holds `value`), False
        for a repeat (dedup)."""
        key = self._prefix + key
        redis = self._usable()
        if redis is not None:
            try:
                return bool(await redis.set(key, value, nx=True, ex=max(1, int(ttl_s))))
            except (RedisError, OSError) as error:
                self._failed(error)
        if self._local.get(key) is not None:
            return False
        self._local.set(key, value, ttl_s)
        return True

    def read_with_claims(self, key: str) -> None:
        """Read `key` in the round trip of every `claim_counting` from now on: `shared_value`
        then answers `key` from that read, without asking Redis again, in the task that made
        the claim and in the tasks it starts after it (where the claimed message is handled),
        until that task's next claim. For a value every message needs (the handoff's version
        of held conversations): what it was when the message was taken."""
        if key not in self._read_with_claims:
            self._read_with_claims = (*self._read_with_claims, key)

    async def claim_counting(
        self, key: str, ttl_s: float, value: str, counters: Sequence[tuple[str, int]]
    ) -> list[int] | None:
        """`claim` `key`, and only if that was the first time, `count` each of `counters` (key,
        window): their values, or None for a repeat. One round trip to Redis for all of it,
        also reading the keys of `read_with_claims`."""
        self._claim_reads.set(None)
        redis, script = self._usable(), self._claim_counting
        if redis is not None and script is not None:
            reads = self._read_with_claims
            keys = [
                self._prefix + key,
                *(self._prefix + name for name, _ in counters),
                *(self._prefix + name for name in reads),
            ]
            windows = [max(1, int(window_s)) for _, window_s in counters]
            try:
                claimed, *results = await script(
                    keys=keys, args=[value, max(1, int(ttl_s)), *windows], client=redis
                )
            except (RedisError, OSError) as error:
                self._failed(error)
            else:
                if not claimed:
                    return None
                counts, values = results[: len(counters)], results[len(counters) :]
                self._claim_reads.set({name: str(v) for name, v in zip(reads, values, strict=True)})
                return [int(count) for count in counts]
        if not await self.claim(key, ttl_s, value):
            return None
        return [await self.count(name, window_s) for name, window_s in counters]

    async def push_recent(self, key: str, items: Sequence[Any], keep: int, ttl_s: float) -> None:
        """Put `items` first in the JSON list at `key`, after them the earlier items they do
        not repeat, at most `keep` in all (a read and a write, in one round trip to Redis)."""
        redis, script = self._usable(), self._push_recent
        if redis is not None and script is not None:
            try:
                await script(
                    keys=[self._prefix + key],
                    args=[json.dumps(list(items)), keep, max(1, int(ttl_s))],
                    client=redis,
                )
                return
            except (RedisError, OSError) as error:
                self._failed(error)
        raw = self._local.get(self._prefix + key)
        try:
            earlier = json.loads(raw) if raw else []
        except ValueError:
            earlier = []
        if not isinstance(earlier, list):
            earlier = []
        fresh = list(items)
        kept = [*fresh, *(item for item in earlier if item not in fresh)][:keep]
        self._local.set(self._prefix + key, json.dumps(kept), ttl_s)

    async def replace(self, key: str, expected: str, value: str, ttl_s: float) -> bool:
        """Set `key` to `value` if it holds `expected` (atomically: of several callers one
        wins); whether it did."""
        key = self._prefix + key
        redis = self._usable()
        if redis is not None:
            try:
                replaced = await redis.eval(
                    _REPLACE_SCRIPT, 1, key, expected, value, max(1, int(ttl_s))
                )
                return bool(replaced)
            except (RedisError, OSError) as error:
                self._failed(error)
        if self._local.get(key) != expected:
            return False
        self._local.set(key, value, ttl_s)
        return True

    async def release(self, key: str) -> None:
        """Forget a claim, so the same key can be processed again (after a failure)."""
        key = self._prefix + key
        self._local.delete(key)
        redis = self._usable()
        if redis is not None:
            try:
                await redis.delete(key)
            except (RedisError, OSError) as error:
                self._failed(error)

    async def count(self, key: str, window_s: int) -> int:
        """Add one to the counter of `key` and return its value. The window opens with the
        first count and closes `window_s` seconds later (not at a wall-clock boundary, where
        a burst would be split between two windows and counted twice as leniently)."""
        key = self._prefix + key
        redis, script = self._usable(), self._count
        if redis is not None and script is not None:
            try:
                value = await script(keys=[key], args=[max(1, int(window_s))], client=redis)
                return int(value)
            except (RedisError, OSError) as error:
                self._failed(error)
        return self._counters.increment(key, window_s)

    async def peek(self, key: str, window_s: int) -> int:
        """The counter of `key` in its current window (see `count`), not counting this look."""
        key = self._prefix + key
        redis = self._usable()
        if redis is not None:
            try:
                return int(await redis.get(key) or 0)
            except (RedisError, OSError) as error:
                self._failed(error)
        return int(self._counters.get(key) or 0)

    async def shared_value(self, key: str) -> str | None:
        """`key`'s value in Redis ("" when it has none), or None when Redis cannot tell now
        (not configured, not answering): for callers that must not trust this process's own
        memory, as other gateways never see it. A key of `read_with_claims` is answered from
        this task's last claim when there was one."""
        read_with_claim = (self._claim_reads.get() or {}).get(key)
        if read_with_claim is not None:
            return read_with_claim
        redis = self._usable()
        if redis is None:
            return None
        try:
            value = await redis.get(self._prefix + key)
        except (RedisError, OSError) as error:
            self._failed(error)
            return None
        return "" if value is None else str(value)

    async def bump(self, key: str) -> None:
        """Change `key`'s value in Redis (add one), telling every gateway that reads it with
        `shared_value` that something changed. Without Redis nobody could read it: nothing."""
        redis = self._usable()
        if redis is not None:
            try:
                await redis.incr(self._prefix + key)
            except (RedisError, OSError) as error:
                self._failed(error)

    async def put(self, key: str, value: str, ttl_s: float) -> None:
        key = self._prefix + key
        redis = self._usable()
        if redis is not None:
            try:
                await redis.set(key, value, ex=max(1, int(ttl_s)))
                return
            except (RedisError, OSError) as error:
                self._failed(error)
        self._local.set(key, value, ttl_s)

    async def announce(self, key: str, value: str, ttl_s: float) -> bool:
        """Set `key` to `value` in Redis for `ttl_s` (to the millisecond), trying Redis also
        while the fallback is in use (as `ping`; a success ends the fallback): for a heartbeat
        other processes read, which is worth nothing in this process's memory. Whether it
        reached Redis."""
        if self.redis is None:
            return False
        try:
            await self.redis.set(self._prefix + key, value, px=max(1, int(ttl_s * 1000)))
        except (RedisError, OSError) as error:
            self._failed(error)
            return False
        self._down_until = 0.0
        return True

    def reachable_for_s(self) -> float:
        """Seconds since Redis last failed this process (infinite if it never did; 0 without
        Redis or while the fallback is in use). What others wrote while this process could not
        reach Redis, it may not have seen yet: a heartbeat, say, that was late to come back."""
        if self._usable() is None:
            return 0.0
        return time.monotonic() - self._failed_at

    async def get(self, key: str) -> str | None:
        key = self._prefix + key
        redis = self._usable()
        if redis is not None:
            try:
                value = await redis.get(key)
                return None if value is None else str(value)
            except (RedisError, OSError) as error:
                self._failed(error)
        value = self._local.get(key)
        return None if value is None else str(value)

    async def keep(self, group: str, name: str, value: str) -> None:
        """Keep `value` as `name` in `group` (a Redis hash) until `forget`: for work that must
        survive this process (no expiry)."""
        group = self._prefix + group
        redis = self._usable()
        if redis is not None:
            try:
                await redis.hset(group, name, value)
                return
            except (RedisError, OSError) as error:
                self._failed(error)
        self._kept.setdefault(group, {})[name] = value

    async def forget(self, group: str, name: str) -> None:
        group = self._prefix + group
        self._kept.get(group, {}).pop(name, None)
        redis = self._usable()
        if redis is not None:
            try:
                await redis.hdel(group, name)
            except (RedisError, OSError) as error:
                self._failed(error)

    async def kept(self, group: str) -> dict[str, str]:
        """Everything kept in `group` (by any process, when Redis answers)."""
        group = self._prefix + group
        redis = self._usable()
        if redis is not None:
            try:
                return {str(k): str(v) for k, v in (await redis.hgetall(group)).items()}
            except (RedisError, OSError) as error:
                self._failed(error)
        return dict(self._kept.get(group, {}))

    def _usable(self) -> aioredis.Redis | None:
        if self.redis is None or time.monotonic() < self._down_until:
            return None
        return self.redis

    def _failed(self, error: Exception) -> None:
        if time.monotonic() >= self._down_until:
            log.warning("Redis unavailable, using in-process state for now: %s", error)
        self._failed_at = time.monotonic()
        self._down_until = self._failed_at + self._retry_after_s
