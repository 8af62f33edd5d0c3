"""`make bench-gateway`: the web chat gateway against talking to Rasa directly, side by side.

N simulated people (50, then 200) run a scripted conversation over real WebSockets through the
gateway (hello, message → ack → typing → bot frames → done) while N other simulated people run
the same script straight to Rasa's REST channel, at the same time, so both paths meet the same
Rasa under the same load. Like real people, each pauses between messages (reading, typing): a
random 0.5–1.5 × the think time chosen so that all 2N people together send `--rate` messages per
second, below what one Rasa server answers on this machine (a saturated Rasa measures its queue,
not the gateway). Prints p50/p95/p99 round trip and throughput for both paths, their ratio, lost
and duplicated replies, apologies (Rasa slower than RASA_TIMEOUT_S), and the gateway's memory
with all connections open. Asserts nothing.

Rasa runs as `make run` starts it: `--workers` servers (default RASA_WORKERS, one per core); the
gateway spreads its people over them, a direct person i posts to worker i mod the number.

    python -m bench.gateway [--people 50 200] [--rate 4] [--workers N]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import statistics
import time
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import aiohttp
import uvloop
import yaml

from bench.stack import ROOT, percentile, rss_mb, running_stack
from common.settings import Settings

SCRIPT = [
    "hello",
    "which documents do I need to register?",
    "how long is the benefit paid",
    "/affirm",
    "привет",
    "какие документы нужны для регистрации",
    "сколько платят пособие",
    "спасибо",
]
APOLOGIES = tuple(
    text[:40]
    for text in yaml.safe_load(
        Path(ROOT / "data" / "content" / "gateway.yml").read_text(encoding="utf-8")
    )["rasa_unavailable"].values()
)


@dataclass
class PathFigures:
    """What one path (gateway or direct) measured."""

    latencies_ms: list[float] = field(default_factory=list)
    replies_per_step: dict[tuple[int, int], int] = field(default_factory=dict)
    lost: int = 0
    duplicated: int = 0
    apologies: int = 0
    seconds: float = 0.0

    @property
    def messages(self) -> int:
        return len(self.latencies_ms)


async def think(seconds: float) -> None:
    await asyncio.sleep(random.uniform(0.5, 1.5) * seconds)


async def rest_exchange(
    http: aiohttp.ClientSession, rasa_url: str, sender: str, text: str
) -> list[dict]:
    """One message to Rasa's REST channel; its replies (raises on an HTTP error)."""
    async with http.post(
        f"{rasa_url}/webhooks/rest/webhook", json={"sender": sender, "message": text}
    ) as response:
        response.raise_for_status()
        replies: list[dict] = await response.json()
    return replies


async def direct_person(
    http: aiohttp.ClientSession,
    rasa_urls: Sequence[str],
    person: int,
    think_s: float,
    result: PathFigures,
) -> None:
    rasa_url = rasa_urls[person % len(rasa_urls)]
    sender = f"bench-direct:{uuid.uuid4().hex[:10]}"
    await think(think_s / 2)  # people do not all start at the same second
    for step, text in enumerate(SCRIPT):
        started = time.perf_counter()
        replies = await rest_exchange(http, rasa_url, sender, text)
        result.latencies_ms.append((time.perf_counter() - started) * 1000)
        result.replies_per_step[(person, step)] = len(replies)
        if not replies:
            result.lost += 1
        await think(think_s)


class Socket:
    """A web chat connection that keeps reading (and so answers the gateway's pings) while the
    person thinks; frames wait in a queue until the person looks."""

    def __init__(self, ws: aiohttp.ClientWebSocketResponse) -> None:
        self.ws = ws
        self.frames: asyncio.Queue[dict] = asyncio.Queue()
        self._reader = asyncio.create_task(self._read())

    async def _read(self) -> None:
        async for message in self.ws:
            if message.type == aiohttp.WSMsgType.TEXT:
                self.frames.put_nowait(message.json())

    async def send_json(self, frame: dict) -> None:
        await self.ws.send_json(frame)

    async def receive_json(self) -> dict:
        return await self.frames.get()

    async def close(self) -> None:
        await self.ws.close()
        await self._reader


@dataclass(frozen=True)
class Exchange:
    """What came back over web chat for one message."""

    replies: int  # bot frames answering it
    duplicated: int  # extra acks, and replies to another message that arrived here
    apologies: int  # replies that are the gateway's apology (Rasa too slow or down)
    error: str | None = None  # the code of an `error` frame


async def webchat_exchange(
    ws: Socket, message_id: str, text: str, timeout_s: float = 120
) -> Exchange:
    """Send one message and read frames until the gateway says it is done with it."""
    await ws.send_json({"type": "message", "id": message_id, "text": text})
    replies, acks, misdirected, apologies = 0, 0, 0, 0
    while True:
        frame = await asyncio.wait_for(ws.receive_json(), timeout=timeout_s)
        if frame["type"] == "ack":
            acks += 1
        elif frame["type"] == "bot":
            if frame.get("reply_to") != message_id:
                misdirected += 1  # a reply to another message arrived here
                continue
            replies += 1
            if str(frame.get("text", "")).startswith(APOLOGIES):
                apologies += 1
        elif frame["type"] == "error":
            return Exchange(replies, misdirected + max(0, acks - 1), apologies, frame.get("code"))
        elif frame["type"] == "done" and frame.get("id") == message_id:
            return Exchange(replies, misdirected + max(0, acks - 1), apologies)


async def gateway_person(ws: Socket, person: int, think_s: float, result: PathFigures) -> None:
    await think(think_s / 2)
    for step, text in enumerate(SCRIPT):
        started = time.perf_counter()
        exchange = await webchat_exchange(ws, f"{person}-{step}", text)
        result.latencies_ms.append((time.perf_counter() - started) * 1000)
        result.replies_per_step[(person, step)] = exchange.replies
        result.duplicated += exchange.duplicated
        result.apologies += exchange.apologies
        if not exchange.replies:
            result.lost += 1
        await think(think_s)


async def open_sockets(http: aiohttp.ClientSession, ws_url: str, people: int) -> list[Socket]:
    async def one() -> Socket:
        ws = Socket(await http.ws_connect(ws_url))
        await ws.send_json({"type": "hello", "session": None, "lang": "en"})
        welcome = await ws.receive_json()
        assert welcome["type"] == "welcome", welcome
        return ws

    return list(await asyncio.gather(*(one() for _ in range(people))))


async def timed(coroutines: list, result: PathFigures) -> None:
    started = time.perf_counter()
    await asyncio.gather(*coroutines)
    result.seconds = time.perf_counter() - started


async def run_both(
    rasa_urls: Sequence[str], gateway_url: str, gateway_pid: int, people: int, think_s: float
) -> tuple[PathFigures, PathFigures, float]:
    direct, gateway = PathFigures(), PathFigures()
    ws_url = gateway_url.replace("http", "ws", 1) + "/webchat/ws"
    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0)) as http:
        sockets = await open_sockets(http, ws_url, people)
        memory = rss_mb(gateway_pid)
        await asyncio.gather(
            timed(
                [direct_person(http, rasa_urls, p, think_s, direct) for p in range(people)], direct
            ),
            timed(
                [gateway_person(ws, p, think_s, gateway) for p, ws in enumerate(sockets)], gateway
            ),
        )
        memory = max(memory, rss_mb(gateway_pid))
        for ws in sockets:
            await ws.close()
    return direct, gateway, memory


async def rasa_calls(gateway_url: str) -> tuple[float, float]:
    """The gateway's web chat calls to Rasa so far (`pes_reply_seconds`): seconds, count."""
    async with aiohttp.ClientSession() as http, http.get(f"{gateway_url}/metrics") as response:
        text = await response.text()
    found = dict.fromkeys(("_sum", "_count"), 0.0)
    for line in text.splitlines():
        for suffix in found:
            if line.startswith(f'pes_reply_seconds{suffix}{{channel="webchat"}}'):
                found[suffix] = float(line.rsplit(" ", 1)[1])
    return found["_sum"], found["_count"]


def describe(name: str, result: PathFigures) -> str:
    values = result.latencies_ms
    return (
        f"  {name:<8} p50 {statistics.median(values):6.0f} ms"
        f"   p95 {percentile(values, 0.95):6.0f} ms"
        f"   p99 {percentile(values, 0.99):6.0f} ms   {result.messages / result.seconds:5.1f} msg/s"
        f"   lost {result.lost}   duplicated {result.duplicated}"
    )


def differing(direct: PathFigures, gateway: PathFigures) -> int:
    """Messages whose number of bot replies differs from the direct path's for the same step."""
    expected = {step: count for (_, step), count in direct.replies_per_step.items()}
    return sum(
        1 for (_, step), count in gateway.replies_per_step.items() if count != expected.get(step)
    )


async def bench(people_counts: list[int], rate: float, workers: int) -> None:
    with running_stack(gateway=True, workers=workers) as stack:
        assert stack.gateway_url and stack.gateway
        print(
            f"Rasa {', '.join(stack.rasa_urls)}, gateway {stack.gateway_url}; "
            f"script of {len(SCRIPT)} messages; {rate:g} messages/s over both paths"
        )
        await run_both(stack.rasa_urls, stack.gateway_url, stack.gateway.pid, 4, 0.2)  # warm-up
        for people in people_counts:
            think_s = 2 * people / rate
            calls_before = await rasa_calls(stack.gateway_url)
            direct, gateway, memory = await run_both(
                stack.rasa_urls, stack.gateway_url, stack.gateway.pid, people, think_s
            )
            calls_after = await rasa_calls(stack.gateway_url)
            ratio = statistics.median(gateway.latencies_ms) / statistics.median(direct.latencies_ms)
            print(
                f"\n{people} people on each path, think time {think_s:.0f} s "
                f"({direct.messages} + {gateway.messages} messages):"
            )
            print(describe("direct", direct))
            print(describe("gateway", gateway))
            print(f"  gateway/direct p50 ratio: {ratio:.3f}   (target <= 1.10)")
            seconds = calls_after[0] - calls_before[0]
            calls = calls_after[1] - calls_before[1]
            print(
                f"  means: direct {statistics.fmean(direct.latencies_ms):.1f} ms, web chat"
                f" {statistics.fmean(gateway.latencies_ms):.1f} ms, of which the gateway's call"
                f" to Rasa {1000 * seconds / max(calls, 1):.1f} ms (pes_reply_seconds)"
            )
            print(
                f"  gateway apologies (Rasa slower than RASA_TIMEOUT_S): {gateway.apologies};"
                f" replies differing from the direct path: {differing(direct, gateway)}"
            )
            print(f"  gateway memory with {people} open connections (RSS): {memory:.0f} MB")
        memory = ", ".join(f"{rss_mb(server.pid):.0f}" for server in stack.rasa_servers)
        print(f"\nRasa server memory (RSS, per worker): {memory} MB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--people", type=int, nargs="+", default=[50, 200])
    parser.add_argument("--rate", type=float, default=4.0, help="messages per second, both paths")
    parser.add_argument(
        "--workers",
        type=int,
        default=Settings.from_env(os.environ).rasa_workers,
        help="Rasa workers (default: RASA_WORKERS, as `make run`)",
    )
    args = parser.parse_args()
    # libuv's loop in the simulated people too, so the client's frame handling stays small
    # next to what it measures (a web chat reply is four frames, a direct one one response).
    uvloop.run(bench(args.people, args.rate, args.workers))


if __name__ == "__main__":
    main()
