"""A message is answered by one gateway, also when the gateway that took it dies: leases with
heartbeats on the real Redis (each test in a namespace of its own)."""

from __future__ import annotations

import asyncio
import contextlib
import time
import uuid
from collections.abc import AsyncIterator

import pytest
from support.redis_relay import RedisRelay
from support.shared_redis import REDIS_URL

from relay.leases import ALIVE_FOR_S, HEARTBEAT_S, RENEW_AFTER_S, Leases
from relay.shared_state import SharedState

# Far longer than a test: a take-over that waited for a lease would hit the guard instead.
LONG_LEASE_S = 3600.0
GUARD_S = 10.0


@pytest.fixture
async def state() -> AsyncIterator[SharedState]:
    shared = SharedState(REDIS_URL, namespace=f"test-leases-{uuid.uuid4().hex}")
    yield shared
    await shared.close()


async def test_a_message_is_taken_once(state: SharedState) -> None:
    leases = Leases(state, LONG_LEASE_S)

    assert [await leases.take("m1"), await leases.take("m1")] == [True, False]


async def test_a_message_whose_gateway_died_is_taken_over_at_once(state: SharedState) -> None:
    dead, alive = Leases(state, LONG_LEASE_S), Leases(state, LONG_LEASE_S)
    await dead.take("m1")  # and no heartbeat: it died

    assert await asyncio.wait_for(alive.take_over("m1"), GUARD_S) is True
    assert await state.get("m1") == alive.holder


async def test_of_two_gateways_taking_over_one_message_only_one_does(state: SharedState) -> None:
    dead = Leases(state, LONG_LEASE_S)
    first, second = Leases(state, LONG_LEASE_S), Leases(state, LONG_LEASE_S)
    await dead.take("m1")

    results = await asyncio.wait_for(
        asyncio.gather(first.take_over("m1"), second.take_over("m1")), GUARD_S
    )

    assert sorted(results) == [False, True]


async def test_an_answered_message_is_never_taken_over(state: SharedState) -> None:
    leases, other = Leases(state, LONG_LEASE_S), Leases(state, LONG_LEASE_S)
    await leases.take("m1")
    await leases.finish("m1", keep_s=60)

    assert await asyncio.wait_for(other.take_over("m1"), GUARD_S) is False
    assert await other.is_done("m1") is True


async def test_a_live_gateways_message_is_taken_over_only_when_its_lease_runs_out(
    state: SharedState,
) -> None:
    holder, other = Leases(state, lease_s=1), Leases(state, lease_s=1)
    stop = asyncio.Event()
    beating = asyncio.create_task(holder.beat(stop))
    try:
        await holder.take("slow")  # never finished: it hangs
        await holder.take("answered")
        answering = asyncio.create_task(other.take_over("answered"))
        await holder.finish("answered", keep_s=60)  # done while the other waited

        taken = await asyncio.wait_for(other.take_over("slow"), GUARD_S)
        answered = await asyncio.wait_for(answering, GUARD_S)
    finally:
        stop.set()
        await beating

    assert (taken, answered) == (True, False)


async def test_a_watched_message_is_taken_over_soon_after_its_live_gateway_dies(
    state: SharedState,
) -> None:
    holder, other = Leases(state, LONG_LEASE_S), Leases(state, LONG_LEASE_S)
    stop = asyncio.Event()
    beating = asyncio.create_task(holder.beat(stop))
    await holder.take("m1")
    watching = asyncio.create_task(other.take_over("m1"))
    await asyncio.sleep(2 * HEARTBEAT_S)  # alive: watched, not taken
    watched = watching.done()
    beating.cancel()  # kill -9: the last heartbeat stays until it runs out
    with contextlib.suppress(asyncio.CancelledError):
        await beating

    taken = await asyncio.wait_for(watching, GUARD_S)  # not the lease: an hour

    assert (watched, taken) == (False, True)
    assert await state.get("m1") == other.holder


async def test_a_watched_message_answered_by_its_live_gateway_is_left_to_it(
    state: SharedState,
) -> None:
    holder, other = Leases(state, LONG_LEASE_S), Leases(state, LONG_LEASE_S)
    stop = asyncio.Event()
    beating = asyncio.create_task(holder.beat(stop))
    try:
        await holder.take("m1")
        watching = asyncio.create_task(other.take_over("m1"))
        await asyncio.sleep(HEARTBEAT_S)
        await holder.finish("m1", keep_s=60)

        taken = await asyncio.wait_for(watching, GUARD_S)  # not the lease: an hour
    finally:
        stop.set()
        await beating

    assert taken is False
    assert await state.get("m1") == "done"


async def test_the_heartbeat_lasts_alive_for_to_the_millisecond() -> None:
    namespace = f"test-leases-{uuid.uuid4().hex}"
    state = SharedState(REDIS_URL, namespace=namespace)
    leases = Leases(state, LONG_LEASE_S)
    assert state.redis is not None
    stop = asyncio.Event()
    beating = asyncio.create_task(leases.beat(stop))
    heartbeat = f"{namespace}:gateway:alive:{leases.holder}"
    while (left_ms := await state.redis.pttl(heartbeat)) < 0:  # until the first beat
        await asyncio.sleep(0.01)
    stop.set()
    await beating
    await state.close()

    assert int(ALIVE_FOR_S) * 1000 < left_ms <= ALIVE_FOR_S * 1000


async def test_a_gateway_back_on_redis_takes_holders_for_alive_until_it_can_tell() -> None:
    namespace = f"test-leases-{uuid.uuid4().hex}"
    silent = "a-gateway-whose-heartbeat-is-not-back-yet"
    async with RedisRelay() as relay:
        flaky = SharedState(relay.url(), namespace=namespace, retry_after_s=0)
        steady = SharedState(REDIS_URL, namespace=namespace)
        await relay.stop()
        assert await flaky.get("anything") is None  # Redis unreachable: the fallback
        await relay.start()
        assert await flaky.ping() is True

        back, always_there = Leases(flaky, LONG_LEASE_S), Leases(steady, LONG_LEASE_S)
        answers = (await back.is_alive(silent), await always_there.is_alive(silent))
        await flaky.close()
        await steady.close()

    assert answers == (True, False)


async def test_a_lease_is_renewed_when_the_answer_starts_unless_it_was_just_taken() -> None:
    namespace = f"test-leases-{uuid.uuid4().hex}"
    state = SharedState(REDIS_URL, namespace=namespace)
    leases = Leases(state, LONG_LEASE_S)
    assert state.redis is not None
    key = f"{namespace}:m1"
    assert await leases.take_counting("m1", []) == []
    await state.redis.expire(key, 5)  # as if the lease had nearly run out

    await leases.renew("m1", taken_at=time.monotonic())
    just_taken = await state.redis.ttl(key)
    await leases.renew("m1", taken_at=time.monotonic() - 2 * RENEW_AFTER_S)

    assert (just_taken, await state.redis.ttl(key)) == (5, int(LONG_LEASE_S))
    assert await state.get("m1") == leases.holder
    await state.close()
