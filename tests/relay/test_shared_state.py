"""Dedup claims, rate counters and short-lived values: on Redis, in memory when Redis is down."""

import uuid

import pytest

from relay.shared_state import SharedState

LIVE_REDIS = "redis://127.0.0.1:6379/0"
DEAD_REDIS = "redis://127.0.0.1:6390/0"  # nothing listens there


@pytest.fixture(params=[LIVE_REDIS, DEAD_REDIS, None], ids=["redis", "redis-down", "no-redis"])
async def state(request: pytest.FixtureRequest) -> SharedState:
    shared = SharedState(request.param)
    yield shared
    await shared.close()


def key() -> str:
    return f"test:{uuid.uuid4().hex}"


async def test_a_key_is_claimed_once_until_released(state: SharedState) -> None:
    message = key()

    assert await state.claim(message, ttl_s=60) is True
    assert await state.claim(message, ttl_s=60) is False

    await state.release(message)
    assert await state.claim(message, ttl_s=60) is True


async def test_the_counter_counts_within_its_window(state: SharedState) -> None:
    sender = key()

    counts = [await state.count(sender, window_s=3600) for _ in range(3)]

    assert counts == [1, 2, 3]


async def test_values_are_kept_until_they_expire(state: SharedState) -> None:
    button = key()

    await state.put(button, '/inform{"city": "Tallinn"}', ttl_s=60)

    assert await state.get(button) == '/inform{"city": "Tallinn"}'
    assert await state.get(key()) is None


async def test_ping_tells_whether_redis_answers() -> None:
    live, dead = SharedState(LIVE_REDIS), SharedState(DEAD_REDIS)
    try:
        assert await live.ping() is True
        assert await dead.ping() is False
    finally:
        await live.close()
        await dead.close()


async def test_claims_are_shared_between_gateways_through_redis() -> None:
    first, second = SharedState(LIVE_REDIS), SharedState(LIVE_REDIS)
    update = key()
    try:
        assert await first.claim(update, ttl_s=60) is True
        assert await second.claim(update, ttl_s=60) is False
    finally:
        await first.close()
        await second.close()
