"""The queue in SQL (SQLite and PostgreSQL): order and places, one open request per person, and
of several members of staff taking the same conversation at once exactly one wins."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Iterator
from datetime import timedelta

import pytest
from sqlalchemy.engine import Engine

from common.storage.engine import make_engine
from common.storage.migrate import upgrade
from handoff.store import HandoffStore


@pytest.fixture
def engines(database_url: str) -> Iterator[list[Engine]]:
    """Five engines on one migrated database: five gateways, each with its own connections."""
    upgrade(database_url)
    made = [make_engine(database_url) for _ in range(5)]
    yield made
    for engine in made:
        engine.dispose()


def person() -> str:
    return f"webchat:{uuid.uuid4().hex[:22]}"


async def test_requests_wait_in_the_order_they_came(engines: list[Engine]) -> None:
    store = HandoffStore(engines[0])
    first, _ = await store.request(
        sender_id=person(), channel="webchat", language="en", reason="asked"
    )
    second, _ = await store.request(
        sender_id=person(), channel="telegram", language="ru", reason="fallback"
    )
    third, _ = await store.request(
        sender_id=person(), channel="webchat", language="en", reason="asked"
    )

    assert [await store.position(r) for r in (first, second, third)] == [1, 2, 3]
    await store.take(first.id, by="anna")
    assert [await store.position(r) for r in (second, third)] == [1, 2]
    assert [(r.id, r.status) for r in await store.open_requests()] == [
        (second.id, "waiting"),
        (third.id, "waiting"),
        (first.id, "active"),
    ]


async def test_a_person_has_one_open_request_at_a_time(engines: list[Engine]) -> None:
    store = HandoffStore(engines[0])
    sender = person()
    first, new = await store.request(
        sender_id=sender, channel="webchat", language="en", reason="asked"
    )
    again, new_again = await store.request(
        sender_id=sender, channel="webchat", language="en", reason="fallback"
    )
    assert (new, new_again, again.id) == (True, False, first.id)

    await store.close(first.id, by="anna")
    later, new_later = await store.request(
        sender_id=sender, channel="webchat", language="en", reason="asked"
    )
    assert new_later and later.id != first.id
    assert later.requested_at - first.requested_at < timedelta(minutes=1)


async def test_of_five_staff_taking_at_once_exactly_one_wins(engines: list[Engine]) -> None:
    request, _ = await HandoffStore(engines[0]).request(
        sender_id=person(), channel="webchat", language="en", reason="asked"
    )
    names = ["anna", "boris", "chen", "dana", "emil"]

    results = await asyncio.gather(
        *(
            HandoffStore(engine).take(request.id, by=name)
            for engine, name in zip(engines, names, strict=True)
        )
    )

    winners = [result for result in results if result is not None]
    assert len(winners) == 1
    stored = await HandoffStore(engines[0]).get(request.id)
    assert stored is not None and stored.status == "active"
    assert stored.taken_by == winners[0].taken_by
    assert await HandoffStore(engines[1]).take(request.id, by="late") is None
