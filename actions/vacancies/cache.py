"""A TTL cache for vacancy searches: Redis when it answers, this process's memory otherwise.

Two kinds of entries, both public vacancy data only:

- search pages, under a hash of the normalised query and cursor (`QueryCache.key_for`), so what a
  person typed is never stored in a readable form;
- vacancies by source and id, so that `get` can show again a vacancy a search returned. They live
  longer than pages (`vacancy_ttl_s`): a person may ask about a vacancy long after the search.

A cache is a convenience, never a reason to fail. Without REDIS_URL, or while Redis does not
answer, entries go to a small in-process TTL dict; Redis is tried again `retry_redis_after_s`
later. Nothing here logs keys, values or the Redis URL (it may hold a password).
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import hashlib
import json
import logging
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable, Mapping
from datetime import date
from typing import TYPE_CHECKING, Any

from redis.asyncio import Redis
from redis.exceptions import RedisError

from actions.vacancies.model import Vacancy, VacancyPage

if TYPE_CHECKING:
    from actions.config import ActionsConfig

logger = logging.getLogger(__name__)

DEFAULT_PREFIX = "pes:vacancies"
DEFAULT_VACANCY_TTL_S = 24 * 3600
_FORMAT = 1  # bump when the stored JSON changes shape: old entries then read as misses
_VACANCY_FIELDS = tuple(field.name for field in dataclasses.fields(Vacancy))
_REDIS_PROBLEMS = (RedisError, OSError, asyncio.TimeoutError)


class _MemoryTTL:
    """A bounded dict whose entries expire; the oldest entry goes first when it is full."""

    def __init__(self, max_items: int, clock: Callable[[], float] = time.monotonic) -> None:
        self._max_items = max(1, max_items)
        self._items: OrderedDict[str, tuple[float, bytes]] = OrderedDict()
        self._clock = clock

    def get(self, key: str) -> bytes | None:
        item = self._items.get(key)
        if item is None:
            return None
        expires_at, value = item
        if expires_at <= self._clock():
            del self._items[key]
            return None
        self._items.move_to_end(key)
        return value

    def set(self, key: str, value: bytes, ttl_s: int) -> None:
        self._items[key] = (self._clock() + ttl_s, value)
        self._items.move_to_end(key)
        while len(self._items) > self._max_items:
            self._items.popitem(last=False)

    def clear(self) -> None:
        self._items.clear()


class QueryCache:
    """Cached search pages and vacancies, with a TTL; see the module docstring."""

    def __init__(
        self,
        redis_url: str | None,
        ttl_s: int = 300,
        *,
        vacancy_ttl_s: int = DEFAULT_VACANCY_TTL_S,
        prefix: str = DEFAULT_PREFIX,
        memory_items: int = 2_000,
        redis_timeout_s: float = 0.5,
        retry_redis_after_s: float = 30.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        """`ttl_s` <= 0 turns the caching of search pages off (vacancies are still kept for
        `get`). `clock` (seconds) times the in-memory entries' expiry."""
        self.ttl_s = ttl_s
        self.vacancy_ttl_s = max(1, vacancy_ttl_s, ttl_s)
        self.prefix = prefix
        self._memory = _MemoryTTL(memory_items, clock)
        self._retry_after_s = retry_redis_after_s
        self._redis_down_until = 0.0
        self._redis: Redis | None = None
        if redis_url:
            try:
                self._redis = Redis.from_url(
                    redis_url,
                    socket_connect_timeout=redis_timeout_s,
                    socket_timeout=redis_timeout_s,
                )
            except ValueError:
                logger.warning("REDIS_URL is not a usable Redis URL: vacancy cache in memory only")

    @classmethod
    def from_config(cls, config: ActionsConfig, prefix: str = DEFAULT_PREFIX) -> QueryCache:
        return cls(config.redis_url, config.vacancy_cache_ttl_s, prefix=prefix)

    @staticmethod
    def key_for(parts: Mapping[str, object]) -> str:
        """A stable hash of a normalised query (plus cursor and whatever else tells pages apart)."""
        blob = json.dumps(parts, sort_keys=True, ensure_ascii=False, default=str)
        return hashlib.sha256(blob.encode("utf-8")).hexdigest()

    async def get_page(self, query_key: str) -> VacancyPage | None:
        if self.ttl_s <= 0:
            return None
        raw = await self._get(f"{self.prefix}:page:{query_key}")
        return None if raw is None else _page_from_json(raw)

    async def put_page(self, query_key: str, page: VacancyPage) -> None:
        if self.ttl_s <= 0:
            return
        await self._set({f"{self.prefix}:page:{query_key}": _page_to_json(page)}, self.ttl_s)

    async def get_vacancy(self, source: str, vacancy_id: str) -> Vacancy | None:
        raw = await self._get(self._vacancy_key(source, vacancy_id))
        if raw is None:
            return None
        try:
            return _vacancy_from_dict(json.loads(raw))
        except (TypeError, ValueError, KeyError):
            return None

    async def put_vacancies(self, source: str, vacancies: Iterable[Vacancy]) -> None:
        entries = {
            self._vacancy_key(source, vacancy.id): json.dumps(
                _vacancy_to_dict(vacancy), ensure_ascii=False
            ).encode("utf-8")
            for vacancy in vacancies
        }
        if entries:
            await self._set(entries, self.vacancy_ttl_s)

    async def close(self) -> None:
        self._memory.clear()
        if self._redis is not None:
            with contextlib.suppress(*_REDIS_PROBLEMS):
                await self._redis.close(close_connection_pool=True)
            self._redis = None

    def _vacancy_key(self, source: str, vacancy_id: str) -> str:
        return f"{self.prefix}:vacancy:{source}:{vacancy_id}"

    def _redis_usable(self) -> Redis | None:
        if self._redis is None or time.monotonic() < self._redis_down_until:
            return None
        return self._redis

    def _redis_failed(self, error: BaseException) -> None:
        if time.monotonic() >= self._redis_down_until:
            logger.warning(
                "Redis does not answer (%s): vacancy cache in memory for %.0f s",
                type(error).__name__,
                self._retry_after_s,
            )
        self._redis_down_until = time.monotonic() + self._retry_after_s

    async def _get(self, key: str) -> bytes | None:
        redis = self._redis_usable()
        if redis is not None:
            try:
                value = await redis.get(key)
            except _REDIS_PROBLEMS as error:
                self._redis_failed(error)
            else:
                return value if isinstance(value, bytes) else None
        return self._memory.get(key)

    async def _set(self, entries: Mapping[str, bytes], ttl_s: int) -> None:
        ttl_s = max(1, ttl_s)
        redis = self._redis_usable()
        if redis is not None:
            try:
                async with redis.pipeline(transaction=False) as pipe:
                    for key, value in entries.items():
                        pipe.set(key, value, ex=ttl_s)
                    await pipe.execute()
            except _REDIS_PROBLEMS as error:
                self._redis_failed(error)
            else:
                return
        for key, value in entries.items():
            self._memory.set(key, value, ttl_s)


def _vacancy_to_dict(vacancy: Vacancy) -> dict[str, Any]:
    data = dataclasses.asdict(vacancy)
    data["posted"] = vacancy.posted.isoformat() if vacancy.posted else None
    return data


def _vacancy_from_dict(data: Mapping[str, Any]) -> Vacancy:
    values = {name: data[name] for name in _VACANCY_FIELDS if name in data}
    if values.get("posted"):
        values["posted"] = date.fromisoformat(values["posted"])
    return Vacancy(**values)


def _page_to_json(page: VacancyPage) -> bytes:
    data = {
        "format": _FORMAT,
        "vacancies": [_vacancy_to_dict(vacancy) for vacancy in page.vacancies],
        "total": page.total,
        "next_cursor": page.next_cursor,
        "note": page.note,
    }
    return json.dumps(data, ensure_ascii=False).encode("utf-8")


def _page_from_json(raw: bytes) -> VacancyPage | None:
    """The page, or None (a miss) when the entry is unreadable or of another format."""
    try:
        data = json.loads(raw)
        if data.get("format") != _FORMAT:
            return None
        return VacancyPage(
            vacancies=[_vacancy_from_dict(item) for item in data["vacancies"]],
            total=data["total"],
            next_cursor=data["next_cursor"],
            note=data["note"],
        )
    except (TypeError, ValueError, KeyError, AttributeError):
        return None
