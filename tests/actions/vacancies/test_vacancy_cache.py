"""The query cache: pages and vacancies in real Redis with a TTL, and in memory without Redis."""

from __future__ import annotations

import logging
import uuid
from collections.abc import AsyncIterator
from datetime import date

import pytest
from redis.asyncio import Redis
from support.shared_redis import REDIS_URL

from actions.vacancies.cache import QueryCache
from actions.vacancies.model import Vacancy, VacancyPage

CLOSED_PORT_URL = "redis://127.0.0.1:1/0"  # nothing listens there

WELDER = Vacancy(
    id="demo-1",
    title="Сварщик",
    employer="ООО «Пример Металл»",
    city="Казань",
    salary_min=70000,
    currency="RUB",
    schedule="shift",
    posted=date(2024, 5, 14),
    duties="Сварка конструкций",
    source="workinrussia",
)
PAGE = VacancyPage([WELDER], total=12, next_cursor="wr1:20:0:1")


@pytest.fixture
async def redis() -> AsyncIterator[Redis]:
    client = Redis.from_url(REDIS_URL)
    yield client
    await client.close()


@pytest.fixture
async def prefix(redis: Redis) -> AsyncIterator[str]:
    """A key prefix of this test alone, deleted afterwards."""
    prefix = f"test:vacancy-cache:{uuid.uuid4().hex[:12]}"
    yield prefix
    keys = [key async for key in redis.scan_iter(match=f"{prefix}:*")]
    if keys:
        await redis.delete(*keys)


def test_query_keys_are_stable_hashes_that_do_not_show_the_query():
    key = QueryCache.key_for({"text": "сварщик", "cursor": None, "limit": 5})

    assert key == QueryCache.key_for({"limit": 5, "cursor": None, "text": "сварщик"})
    assert key != QueryCache.key_for({"text": "сварщик", "cursor": "wr1:20:1:0", "limit": 5})
    assert len(key) == 64 and "сварщик" not in key


async def test_pages_and_vacancies_live_in_redis_with_their_ttl(redis, prefix):
    cache = QueryCache(REDIS_URL, 120, vacancy_ttl_s=3600, prefix=prefix)
    key = QueryCache.key_for({"text": "сварщик"})

    await cache.put_page(key, PAGE)
    await cache.put_vacancies("workinrussia", PAGE.vacancies)

    assert await cache.get_page(key) == PAGE
    assert await cache.get_vacancy("workinrussia", "demo-1") == WELDER
    assert await cache.get_vacancy("local", "demo-1") is None  # ids belong to their source
    assert 110 < await redis.ttl(f"{prefix}:page:{key}") <= 120
    assert 3590 < await redis.ttl(f"{prefix}:vacancy:workinrussia:demo-1") <= 3600
    await cache.close()

    # Another process sees the same entries.
    other = QueryCache(REDIS_URL, 120, prefix=prefix)
    assert await other.get_page(key) == PAGE
    await other.close()


async def test_unreadable_entries_are_misses(redis, prefix):
    cache = QueryCache(REDIS_URL, 60, prefix=prefix)
    await redis.set(f"{prefix}:page:abc", b"{not json")
    await redis.set(f"{prefix}:vacancy:workinrussia:x", b'{"id": "x"}')

    assert await cache.get_page("abc") is None
    assert await cache.get_vacancy("workinrussia", "x") is None
    await cache.close()


async def test_without_redis_entries_live_in_memory_until_their_ttl():
    now = [1000.0]
    cache = QueryCache(None, 60, clock=lambda: now[0])
    key = QueryCache.key_for({"text": "сварщик"})

    await cache.put_page(key, PAGE)
    await cache.put_vacancies("workinrussia", PAGE.vacancies)
    now[0] = 1059.0
    assert await cache.get_page(key) == PAGE
    now[0] = 1060.0

    assert await cache.get_page(key) is None
    assert await cache.get_vacancy("workinrussia", "demo-1") == WELDER  # vacancies live longer
    await cache.close()


async def test_a_redis_that_does_not_answer_is_no_error(caplog):
    caplog.set_level(logging.WARNING)
    cache = QueryCache(CLOSED_PORT_URL, 60)
    key = QueryCache.key_for({"text": "сварщик"})

    assert await cache.get_page(key) is None
    await cache.put_page(key, PAGE)
    await cache.put_vacancies("workinrussia", PAGE.vacancies)

    assert await cache.get_page(key) == PAGE  # from memory meanwhile
    assert await cache.get_vacancy("workinrussia", "demo-1") == WELDER
    assert "Redis does not answer" in caplog.text
    await cache.close()


async def test_a_ttl_of_zero_turns_page_caching_off(redis, prefix):
    cache = QueryCache(REDIS_URL, 0, prefix=prefix)
    key = QueryCache.key_for({"text": "сварщик"})

    await cache.put_page(key, PAGE)
    await cache.put_vacancies("workinrussia", PAGE.vacancies)

    assert await cache.get_page(key) is None
    assert await cache.get_vacancy("workinrussia", "demo-1") == WELDER
    assert [key async for key in redis.scan_iter(match=f"{prefix}:page:*")] == []
    await cache.close()
