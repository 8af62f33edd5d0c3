"""Dedup claims, rate counters and short-lived values: on Redis, in memory when Redis is down."""

import asyncio
import contextvars
import json
import uuid

import pytest
from support.redis_relay import RedisRelay
from support.shared_redis import REDIS_URL, unreachable_redis_url

from relay.shared_state import SharedState, installation_key

LIVE_REDIS = REDIS_URL
DEAD_REDIS = unreachable_redis_url()


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


async def test_a_counters_window_opens_with_its_first_count_not_at_a_clock_minute() -> None:
    state = SharedState(LIVE_REDIS, namespace="test-window")
    counter = key()
    try:
        await state.count(counter, window_s=60)
        await state.count(counter, window_s=60)
        assert state.redis is not None
        stored = await state.redis.get(f"test-window:{counter}")  # one key, no minute in it
        expires_in = await state.redis.ttl(f"test-window:{counter}")
    finally:
        await state.close()

    assert stored == "2"
    assert expires_in > 0


async def test_installations_sharing_a_redis_keep_their_keys_apart() -> None:
    mine = SharedState(LIVE_REDIS, namespace=installation_key("sqlite:///var/pes.db"))
    theirs = SharedState(LIVE_REDIS, namespace=installation_key("sqlite:///tmp/test/pes.db"))
    message = key()
    try:
        claims = [
            await mine.claim(message, ttl_s=60),
            await theirs.claim(message, ttl_s=60),
            await mine.claim(message, ttl_s=60),
        ]
    finally:
        await mine.close()
        await theirs.close()

    assert claims == [True, True, False]


async def test_a_value_is_replaced_only_if_it_is_the_expected_one(state: SharedState) -> None:
    lease = key()
    await state.put(lease, "gateway-a", ttl_s=60)

    results = [
        await state.replace(lease, "gateway-b", "gateway-c", ttl_s=60),
        await state.replace(lease, "gateway-a", "gateway-c", ttl_s=60),
    ]

    assert results == [False, True]
    assert await state.get(lease) == "gateway-c"


async def test_kept_work_stays_until_it_is_forgotten(state: SharedState) -> None:
    group = key()

    await state.keep(group, "update-1", '{"text": "hello"}')
    await state.keep(group, "update-2", '{"text": "привет"}')
    await state.forget(group, "update-1")

    assert await state.kept(group) == {"update-2": '{"text": "привет"}'}
    await state.forget(group, "update-2")


async def test_a_claim_counts_its_counters_only_the_first_time(state: SharedState) -> None:
    message, per_session, per_address = key(), key(), key()
    await state.count(per_address, window_s=3600)  # another message from the same address

    first = await state.claim_counting(
        message, 60, "gateway-a", [(per_session, 3600), (per_address, 3600)]
    )
    repeat = await state.claim_counting(
        message, 60, "gateway-b", [(per_session, 3600), (per_address, 3600)]
    )

    assert (first, repeat) == ([1, 2], None)
    assert await state.get(message) == "gateway-a"
    assert await state.peek(per_session, window_s=3600) == 1


async def test_recent_items_come_first_without_repeats_up_to_the_limit(
    state: SharedState,
) -> None:
    recent = key()
    await state.push_recent(recent, [["Yes", "/affirm"], ["No", "/deny"]], keep=3, ttl_s=60)

    await state.push_recent(recent, [["Да", "/affirm"], ["No", "/deny"]], keep=3, ttl_s=60)

    assert json.loads(await state.get(recent) or "") == [
        ["Да", "/affirm"],
        ["No", "/deny"],
        ["Yes", "/affirm"],
    ]


async def test_an_unreadable_recent_list_is_started_anew(state: SharedState) -> None:
    recent = key()
    await state.put(recent, "not json {", ttl_s=60)

    await state.push_recent(recent, [["Yes", "/affirm"]], keep=3, ttl_s=60)

    assert json.loads(await state.get(recent) or "") == [["Yes", "/affirm"]]


async def test_a_value_read_with_a_claim_answers_for_the_claimed_message_only() -> None:
    """The handoff's version of held conversations rides on a web chat message's claim: the
    message's handling sees it as it was when the message was taken, without asking Redis."""
    state, other_gateway = SharedState(LIVE_REDIS), SharedState(LIVE_REDIS)
    version = key()
    state.read_with_claims(version)
    try:
        await other_gateway.bump(version)
        assert await state.claim_counting(key(), 60, "gateway-a", [(key(), 60)]) == [1]
        await other_gateway.bump(version)  # after the claim

        async def handle_the_claimed_message() -> str | None:
            return await state.shared_value(version)

        assert await asyncio.create_task(handle_the_claimed_message()) == "1"
        assert await state.shared_value(version) == "1"  # the claiming task

        async def elsewhere() -> str | None:  # no claim in this task: Redis is asked
            return await state.shared_value(version)

        assert await contextvars.Context().run(asyncio.create_task, elsewhere()) == "2"
        assert await state.claim_counting(key(), 60, "gateway-a", []) == []
        assert await state.shared_value(version) == "2"  # the next claim read it again
    finally:
        await state.close()
        await other_gateway.close()


async def test_a_repeat_claim_reads_nothing_and_the_value_is_asked_for(
    state: SharedState,
) -> None:
    version, message = key(), key()
    state.read_with_claims(version)
    await state.claim_counting(message, 60, "gateway-a", [])
    await state.bump(version)

    assert await state.claim_counting(message, 60, "gateway-b", []) is None
    expected = "1" if state.configured and await state.ping() else None
    assert await state.shared_value(version) == expected


async def test_connections_a_restarted_redis_closed_are_replaced_without_the_fallback() -> None:
    async with RedisRelay() as relay:
        state = SharedState(relay.url(), namespace=key())
        await state.put("k", "v", ttl_s=60)  # a pooled connection
        await relay.stop()  # Redis restarts: the pooled connection is closed
        await relay.start()

        value = await state.shared_value("k")  # None: the fallback in use
        await relay.stop()
        await relay.start()
        counted = await state.count("c", window_s=60)  # on a closed connection again
        count = await state.shared_value("c")
        await state.close()

    assert (value, counted, count) == ("v", 1, "1")
