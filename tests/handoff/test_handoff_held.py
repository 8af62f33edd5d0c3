"""Who may be held by staff, known without a SQL query per message: read again from SQL when a
take or an end of a hold (on any gateway) bumped the version in Redis, or when the read is old;
with Redis down, SQL is asked every time."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest
from sqlalchemy import event
from sqlalchemy.engine import Engine
from support.shared_redis import REDIS_URL, unreachable_redis_url

from common.storage.engine import make_engine
from common.storage.migrate import upgrade
from handoff.held import MAX_AGE_S, HeldSenders
from handoff.store import HandoffStore
from relay.shared_state import SharedState


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    upgrade(database_url)
    made = make_engine(database_url)
    yield made
    made.dispose()


@pytest.fixture
def queries(engine: Engine) -> Iterator[list[str]]:
    """The SQL statements run on `engine`."""
    seen: list[str] = []

    def on_statement(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        seen.append(statement)

    event.listen(engine, "before_cursor_execute", on_statement)
    yield seen
    event.remove(engine, "before_cursor_execute", on_statement)


def shared_state(redis_url: str) -> SharedState:
    return SharedState(redis_url, namespace=uuid.uuid4().hex)


def person() -> str:
    return f"webchat:{uuid.uuid4().hex[:22]}"


async def taken(store: HandoffStore, sender: str) -> int:
    record, _ = await store.request(
        sender_id=sender, channel="webchat", language="en", reason="asked"
    )
    await store.take(record.id, by="anna")
    return record.id


async def test_sql_is_read_again_only_after_a_change_on_any_gateway(
    engine: Engine, queries: list[str]
) -> None:
    store, state = HandoffStore(engine), shared_state(REDIS_URL)
    mine, other_gateway = HeldSenders(store, state), HeldSenders(store, state)
    anna_holds, chatting = person(), person()
    await mine.may_hold(chatting)

    answers = [await mine.may_hold(chatting) for _ in range(3)]
    assert (answers, len(queries)) == ([False, False, False], 1)

    handoff_id = await taken(store, anna_holds)
    await other_gateway.changed()
    assert (await mine.may_hold(anna_holds), await mine.may_hold(chatting)) == (True, False)

    await store.close(handoff_id, by="anna")
    await other_gateway.changed()
    assert await mine.may_hold(anna_holds) is False
    await state.close()


async def test_an_old_read_is_renewed_even_without_a_change(engine: Engine) -> None:
    store, state, clock = HandoffStore(engine), shared_state(REDIS_URL), Clock()
    held = HeldSenders(store, state, clock=clock)
    sender = person()
    assert await held.may_hold(sender) is False

    await taken(store, sender)  # the bump got lost (Redis failed just then)
    clock.now += MAX_AGE_S / 2
    assert await held.may_hold(sender) is False
    clock.now += MAX_AGE_S
    assert await held.may_hold(sender) is True
    await state.close()


async def test_with_redis_down_every_message_asks_sql(engine: Engine) -> None:
    store, state = HandoffStore(engine), shared_state(unreachable_redis_url())
    held = HeldSenders(store, state)

    assert await held.may_hold(person()) is True
    await held.changed()  # nobody could read it: nothing happens
    assert await held.may_hold(person()) is True
    await state.close()
