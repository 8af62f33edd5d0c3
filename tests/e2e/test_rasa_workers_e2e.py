"""Two real Rasa workers sharing conversations and locks in Redis, behind the gateway's routing:
every turn processed once and in order, and a worker killed under load loses nothing.

The workers share one action server (the session's) to spare the test machine; `make run` gives
each its own. Their Redis keys carry a prefix of this run and are deleted afterwards. The kill
test ends worker 1, so it comes last in this module.
"""

from __future__ import annotations

import asyncio
import os
import signal
import uuid
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import pytest
import redis
from support.gateway import REDIS_URL, make_settings
from support.rasa_server import RasaProcess, running_rasa_process

from bot.app import CONVERSATIONS, RASA, TEXTS, create_app
from relay.conversations import Conversations, Reply
from relay.rasa_workers import RasaWorkers

pytestmark = pytest.mark.model

FAQ = [
    "hello",
    "which documents do I need to register?",
    "how long is unemployment benefit paid?",
    "thanks",
    "when is the benefit paid out?",
    "какие документы нужны для регистрации?",
]


@pytest.fixture(scope="module")
def two_workers(
    action_server: str, e2e_database_url: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[list[RasaProcess]]:
    prefix = f"t{uuid.uuid4().hex[:12]}"
    try:
        with ExitStack() as stack:
            yield [
                stack.enter_context(
                    running_rasa_process(
                        action_server,
                        e2e_database_url,
                        tmp_path_factory.mktemp(f"worker{number}"),
                        redis_url=REDIS_URL,
                        key_prefix=prefix,
                    )
                )
                for number in (1, 2)
            ]
    finally:
        client = redis.Redis.from_url(REDIS_URL)
        for key in client.scan_iter(f"{prefix}:*"):
            client.delete(key)
        client.close()


async def gateway(
    workers: list[RasaProcess], tmp_path: Path, aiohttp_client: Any, timeout_s: float
) -> tuple[RasaWorkers, Conversations, Any]:
    rasa_url = ",".join(worker.url for worker in workers)
    app = create_app(make_settings(tmp_path, rasa_url=rasa_url, rasa_timeout_s=timeout_s))
    await aiohttp_client(app)
    return app[RASA], app[CONVERSATIONS], app


def people_on(pool: RasaWorkers, worker: RasaProcess, how_many: int) -> list[str]:
    run = uuid.uuid4().hex[:8]
    candidates = (f"webchat:{run}-{n}" for n in range(1000))
    return [person for person in candidates if pool.worker_for(person).url == worker.url][:how_many]


async def say(conversations: Conversations, sender: str, text: str, message_id: str) -> Reply:
    return await conversations.reply(
        channel="webchat",
        sender=sender,
        text=text,
        language="en",
        metadata={"message_id": message_id},
    )


def text_of(reply: Reply) -> str:
    return " ".join(message.text or "" for message in reply.messages)


async def user_message_ids(pool: RasaWorkers, sender: str) -> list[str | None]:
    return [turn.message_id for turn in await pool.history(sender, 500) if turn.role == "user"]


async def test_each_persons_turns_are_processed_once_and_in_order_across_two_workers(
    two_workers: list[RasaProcess], tmp_path: Path, aiohttp_client: Any
) -> None:
    pool, _conversations, _app = await gateway(two_workers, tmp_path, aiohttp_client, 60)
    people = people_on(pool, two_workers[0], 3) + people_on(pool, two_workers[1], 3)

    async def turns(sender: str, numbers: range) -> list[Any]:
        # a person's turns handed over all at once (two tabs, a retry): still one by one, in order
        return await asyncio.gather(
            *(
                pool.send(sender, FAQ[n], {"channel": "webchat", "message_id": f"m{n}"})
                for n in numbers
            )
        )

    first = await asyncio.gather(*(turns(person, range(3)) for person in people))
    pool.workers[0].in_rotation = False  # worker 1's people move to worker 2 mid-conversation
    second = await asyncio.gather(*(turns(person, range(3, 6)) for person in people))

    assert all(reply for replies in first + second for reply in replies)  # Rasa answered each
    for person in people:
        assert await user_message_ids(pool, person) == ["m0", "m1", "m2", "m3", "m4", "m5"]


async def test_a_worker_killed_under_load_loses_no_message_and_its_people_continue(
    two_workers: list[RasaProcess], tmp_path: Path, aiohttp_client: Any
) -> None:
    doomed, survivor = two_workers
    pool, conversations, app = await gateway(two_workers, tmp_path, aiohttp_client, 20)
    [olga] = people_on(pool, doomed, 1)
    assert "согласны" in text_of(await say(conversations, olga, "хочу встать на учёт", "o1"))
    assert "зовут" in text_of(await say(conversations, olga, "да", "o2"))
    assert "рождения" in text_of(await say(conversations, olga, "Смирнова Ольга Петровна", "o3"))
    load = people_on(pool, doomed, 3) + people_on(pool, survivor, 3)
    answered = 0

    async def person(sender: str) -> list[Reply]:
        nonlocal answered
        replies = []
        for number, text in enumerate(FAQ):
            replies.append(await say(conversations, sender, text, f"l{number}"))
            answered += 1
            if answered == 8:  # mid-load: worker 1 dies without a word
                os.kill(doomed.process.pid, signal.SIGKILL)
        return replies

    results = await asyncio.gather(*(person(sender) for sender in load))
    await pool.probe()
    continued = await say(conversations, olga, "12.05.1988", "o4")

    apology = app[TEXTS].text("rasa_unavailable", "en")
    for replies in results:  # every message answered or apologised for
        assert len(replies) == len(FAQ)
        for reply in replies:
            assert reply.messages
            assert reply.delivered_by_rasa or text_of(reply) == apology
    assert doomed.process.poll() == -signal.SIGKILL
    assert [worker.in_rotation for worker in pool.workers] == [False, True]
    assert continued.delivered_by_rasa
    assert "связаться" in text_of(continued)  # the form went on from the birth date
    for sender, replies in zip(load, results, strict=True):
        recorded = await user_message_ids(pool, sender)
        delivered = [f"l{n}" for n, reply in enumerate(replies) if reply.delivered_by_rasa]
        assert len(recorded) == len(set(recorded)), "a message was processed twice"
        assert [message for message in recorded if message in delivered] == delivered
