"""The gateway's Rasa workers: sticky per person, out of the rotation when failing, back when
answering, one turn per person at a time, one worker when Redis is missing."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import pytest
from support.fake_rasa import FakeRasa, echo
from support.gateway import REDIS_URL

from relay.rasa_client import RasaUnavailable
from relay.rasa_workers import RasaWorkers
from relay.shared_state import SharedState

DEAD_REDIS = "redis://127.0.0.1:6390/0"


@asynccontextmanager
async def workers(
    count: int = 2, redis_url: str | None = REDIS_URL, **options: Any
) -> AsyncIterator[tuple[RasaWorkers, list[FakeRasa]]]:
    """`count` fake Rasa servers behind one RasaWorkers (probing only when a test asks)."""
    fakes = [FakeRasa() for _ in range(count)]
    for fake in fakes:
        await fake.__aenter__()
    state = SharedState(redis_url) if redis_url else None
    pool = RasaWorkers(
        [fake.url for fake in fakes],
        shared_store_up=state.ping if state else None,
        **{"probe_interval_s": 3600, **options},
    )
    await pool.start()
    try:
        yield pool, fakes
    finally:
        await pool.close()
        if state is not None:
            await state.close()
        for fake in fakes:
            await fake.__aexit__()


def people_of(pool: RasaWorkers, fake: FakeRasa, how_many: int = 1) -> list[str]:
    """Senders whose worker is `fake` (found by asking the routing, as ports differ per run)."""
    candidates = (f"webchat:p{n}" for n in range(200))
    return [sender for sender in candidates if pool.worker_for(sender).url == fake.url][:how_many]


async def test_a_person_sticks_to_one_worker_and_people_are_spread_over_both() -> None:
    async with workers() as (pool, (first, second)):
        [anna], [boris] = people_of(pool, first), people_of(pool, second)
        for text in ("one", "two", "three"):
            await pool.send(anna, text)
            await pool.send(boris, text)

    assert first.texts_from(anna) == ["one", "two", "three"]
    assert second.texts_from(anna) == []
    assert second.texts_from(boris) == ["one", "two", "three"]
    assert first.texts_from(boris) == []


async def test_a_worker_that_refuses_connections_leaves_and_the_message_goes_to_the_next() -> None:
    async with workers() as (pool, (first, second)):
        [anna] = people_of(pool, first)
        await first.stop()

        reply = await pool.send(anna, "hello")
        out_of_rotation = [worker.url for worker in pool.workers if not worker.in_rotation]
        await first.restart()
        await pool.probe()
        await pool.send(anna, "back home")

    assert [message.text for message in reply] == ["echo: hello"]
    assert out_of_rotation == [first.url]
    assert second.texts_from(anna) == ["hello"]
    assert first.texts_from(anna) == ["back home"]


async def test_a_worker_answering_500_leaves_and_the_message_is_not_sent_twice() -> None:
    async with workers() as (pool, (first, second)):
        [anna] = people_of(pool, first)
        first.fail_with = 500

        with pytest.raises(RasaUnavailable, match="Rasa answered 500"):
            await pool.send(anna, "hello")
        await pool.send(anna, "are you there?")
        await pool.probe()  # still failing: stays out
        still_out = not pool.workers[0].in_rotation
        first.fail_with = None
        await pool.probe()
        await pool.send(anna, "thanks")

    assert still_out
    assert first.texts_from(anna) == ["hello", "thanks"]
    assert second.texts_from(anna) == ["are you there?"]


async def test_a_worker_that_hangs_leaves_the_rotation_until_its_status_answers() -> None:
    async with workers(timeout_s=0.3, probe_timeout_s=0.3) as (pool, (first, second)):
        [anna] = people_of(pool, first)
        first.delay_s = 5
        first.status_delay_s = 5

        with pytest.raises(RasaUnavailable, match="did not answer"):
            await pool.send(anna, "hello")
        late_only = [worker.in_rotation for worker in pool.workers]
        await pool.probe()
        after_probe = [worker.in_rotation for worker in pool.workers]
        await pool.send(anna, "hello again")
        first.delay_s = first.status_delay_s = 0
        await pool.probe()
        await pool.send(anna, "thanks")

    assert late_only == [True, True]  # late is not dead: the probe decides
    assert after_probe == [False, True]
    assert first.texts_from(anna) == ["hello", "thanks"]
    assert second.texts_from(anna) == ["hello again"]


async def test_a_persons_turns_reach_rasa_one_at_a_time_in_the_order_they_came() -> None:
    async with workers() as (pool, (first, _second)):
        [anna] = people_of(pool, first)
        first.delay_s = 0.02
        seen_when_answering: list[int] = []

        def replier(sender: str, text: str, metadata: dict[str, Any]) -> list[dict[str, Any]]:
            seen_when_answering.append(len(first.texts_from(sender)))
            return echo(sender, text, metadata)

        first.reply_with(replier)
        await asyncio.gather(*(pool.send(anna, str(n)) for n in range(1, 6)))

    assert first.texts_from(anna) == ["1", "2", "3", "4", "5"]
    # each message reached Rasa only after the previous one was answered
    assert seen_when_answering == [1, 2, 3, 4, 5]


async def test_without_redis_answering_everyone_goes_to_one_worker() -> None:
    async with workers(redis_url=DEAD_REDIS) as (pool, (first, second)):
        [boris] = people_of(pool, second)
        await pool.probe()
        await pool.send(boris, "hello")

    assert pool.single_worker_fallback
    assert first.texts_from(boris) == ["hello"]
    assert second.texts_from(boris) == []


async def test_without_redis_configured_several_workers_mean_one_worker() -> None:
    async with workers(redis_url=None) as (pool, (first, _second)):
        assert [worker.url for worker in pool.rotation()] == [first.url]
        await pool.send("webchat:any", "hello")

    assert first.texts_from("webchat:any") == ["hello"]


async def test_when_every_worker_is_out_the_person_is_still_tried_on_theirs() -> None:
    async with workers() as (pool, (first, second)):
        [anna] = people_of(pool, first)
        for fake in (first, second):
            fake.fail_with = 500
        await pool.probe()
        first.fail_with = second.fail_with = None

        reply = await pool.send(anna, "hello")

    assert [message.text for message in reply] == ["echo: hello"]
    assert first.texts_from(anna) == ["hello"]


async def test_the_probe_runs_by_itself_every_interval() -> None:
    async with workers(probe_interval_s=0.05) as (pool, (first, _second)):
        first.fail_with = 500
        for _ in range(100):
            if not pool.workers[0].in_rotation:
                break
            await asyncio.sleep(0.05)

    assert not pool.workers[0].in_rotation
