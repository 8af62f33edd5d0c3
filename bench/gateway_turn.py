"""`make bench-gateway-turn`: what one web chat message costs the gateway itself, in-process.

The gateway (`create_app`, the local Redis, a migrated SQLite file) runs in this process in front
of the tests' fake Rasa (`tests/support/fake_rasa.py`), which answers at once with a text and two
buttons. One person sends `--messages` messages one after the other over a real WebSocket; the
same number of messages also go straight to the fake Rasa's REST channel. The difference of the
two means is the gateway's own time per message, which hardly depends on the machine's load
(unlike `make bench-gateway`). Also counted per message: Redis round trips (a pipeline or a
script is one) and SQL statements. Asserts nothing.

    python -m bench.gateway_turn [--messages 400]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import aiohttp
import uvloop
from aiohttp.test_utils import TestClient, TestServer
from redis.asyncio.connection import Connection
from sqlalchemy import event
from sqlalchemy.engine import Engine

from bench.stack import ROOT
from bot.app import create_app

sys.path.insert(0, str(ROOT / "tests"))
from support.fake_rasa import FakeRasa
from support.gateway import make_settings
from support.webchat import ChatSocket

WARM_UP = 20


@contextmanager
def counting() -> Iterator[Counter[str]]:
    """Counts Redis round trips (packed commands sent: a pipeline or a script is one) and SQL
    statements while inside."""
    counts: Counter[str] = Counter()
    send = Connection.send_packed_command

    async def counted_send(self: Connection, *args: Any, **kwargs: Any) -> None:
        counts["redis"] += 1
        await send(self, *args, **kwargs)

    def on_statement(*_args: Any) -> None:
        counts["sql"] += 1

    Connection.send_packed_command = counted_send  # type: ignore[method-assign]
    event.listen(Engine, "before_cursor_execute", on_statement)
    try:
        yield counts
    finally:
        Connection.send_packed_command = send  # type: ignore[method-assign]
        event.remove(Engine, "before_cursor_execute", on_statement)


async def timed(count: int, one: Callable[[int], Awaitable[object]]) -> list[float]:
    """Milliseconds of each of `count` calls, one after the other."""
    times = []
    for number in range(count):
        started = time.perf_counter()
        await one(number)
        times.append((time.perf_counter() - started) * 1000)
    return times


async def measure(messages: int) -> None:
    async with FakeRasa() as rasa:
        settings = make_settings(
            Path(tempfile.mkdtemp()), rasa_url=rasa.url, webchat_rate_limit=10**9
        )
        async with TestClient(TestServer(create_app(settings))) as client:
            chat = await ChatSocket.open(client)
            await chat.hello()
            async with aiohttp.ClientSession() as http:

                async def direct(number: int) -> None:
                    body = {"sender": f"direct:{number % 7}", "message": f"hello {number}"}
                    async with http.post(f"{rasa.url}/webhooks/rest/webhook", json=body) as reply:
                        await reply.json()

                async def webchat(number: int) -> None:
                    await chat.say(f"hello {number}", f"m{number}")

                await timed(WARM_UP, direct)
                await timed(WARM_UP, lambda n: webchat(n + messages))
                direct_ms = await timed(messages, direct)
                with counting() as counts:
                    webchat_ms = await timed(messages, webchat)
            await chat.close()
    overhead = statistics.mean(webchat_ms) - statistics.mean(direct_ms)
    print(f"{messages} messages, one after the other, fake Rasa answering at once:")
    print(
        f"  direct to fake Rasa  mean {statistics.mean(direct_ms):6.2f} ms"
        f"   p50 {statistics.median(direct_ms):6.2f} ms"
    )
    print(
        f"  web chat (gateway)   mean {statistics.mean(webchat_ms):6.2f} ms"
        f"   p50 {statistics.median(webchat_ms):6.2f} ms"
    )
    print(f"  the gateway's own time per message: {overhead:.2f} ms")
    print(
        f"  per message: {counts['redis'] / messages:.2f} Redis round trips,"
        f" {counts['sql'] / messages:.2f} SQL statements"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--messages", type=int, default=400)
    args = parser.parse_args()
    uvloop.run(measure(args.messages))  # the loop `python -m bot serve` runs


if __name__ == "__main__":
    main()
