"""`make bench-gateway`: the web chat gateway against talking to Rasa directly, side by side.

N simulated people (50, then 200) each run a scripted conversation at the same time: once over
real WebSockets through the gateway (hello, message → ack → typing → bot frames), once straight
to Rasa's REST channel. Rounds alternate (direct, gateway, direct, gateway) so both paths meet
the same warm Rasa. Prints p50/p95/p99 round trip and throughput for both, their ratio, lost and
duplicated replies, and the gateway's memory with all connections open. Asserts nothing.

    python -m bench.gateway [--people 50 200] [--rounds 2]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import time
import uuid
from dataclasses import dataclass, field

import aiohttp

from bench.stack import percentile, rss_mb, running_stack

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


@dataclass
class Round:
    latencies_ms: list[float] = field(default_factory=list)
    replies_per_message: dict[tuple[int, int], int] = field(default_factory=dict)
    lost: int = 0
    duplicated: int = 0
    seconds: float = 0.0

    @property
    def messages(self) -> int:
        return len(self.latencies_ms)


async def direct_person(
    http: aiohttp.ClientSession, rasa_url: str, person: int, result: Round
) -> None:
    sender = f"bench-direct:{uuid.uuid4().hex[:10]}"
    for step, text in enumerate(SCRIPT):
        started = time.perf_counter()
        async with http.post(
            f"{rasa_url}/webhooks/rest/webhook", json={"sender": sender, "message": text}
        ) as response:
            replies = await response.json()
        result.latencies_ms.append((time.perf_counter() - started) * 1000)
        result.replies_per_message[(person, step)] = len(replies)
        if not replies:
            result.lost += 1


async def gateway_person(
    http: aiohttp.ClientSession,
    ws_url: str,
    person: int,
    result: Round,
    opened: asyncio.Event,
    connected: list[int],
    start: asyncio.Event,
) -> None:
    async with http.ws_connect(ws_url) as ws:
        await ws.send_json({"type": "hello", "session": None, "lang": "en"})
        welcome = await ws.receive_json()
        assert welcome["type"] == "welcome", welcome
        connected[0] += 1
        if connected[0] == connected[1]:
            opened.set()
        await start.wait()
        for step, text in enumerate(SCRIPT):
            message_id = f"{person}-{step}"
            started = time.perf_counter()
            await ws.send_json({"type": "message", "id": message_id, "text": text})
            bots, acks = 0, 0
            while True:
                frame = await asyncio.wait_for(ws.receive_json(), timeout=60)
                if frame["type"] == "ack":
                    acks += 1
                elif frame["type"] == "bot":
                    if frame.get("reply_to") not in (None, message_id):
                        result.duplicated += 1
                        continue
                    bots += 1
                    if frame.get("last"):
                        break
                elif frame["type"] == "error":
                    result.lost += 1
                    break
            result.latencies_ms.append((time.perf_counter() - started) * 1000)
            result.replies_per_message[(person, step)] = bots
            result.duplicated += max(0, acks - 1)
            if not bots:
                result.lost += 1


async def run_direct(rasa_url: str, people: int) -> Round:
    result = Round()
    connector = aiohttp.TCPConnector(limit=people)
    async with aiohttp.ClientSession(connector=connector) as http:
        started = time.perf_counter()
        await asyncio.gather(*(direct_person(http, rasa_url, p, result) for p in range(people)))
        result.seconds = time.perf_counter() - started
    return result


async def run_gateway(gateway_url: str, people: int, gateway_pid: int) -> tuple[Round, float]:
    result = Round()
    ws_url = gateway_url.replace("http", "ws", 1) + "/webchat/ws"
    opened, start = asyncio.Event(), asyncio.Event()
    connected = [0, people]
    connector = aiohttp.TCPConnector(limit=0)
    async with aiohttp.ClientSession(connector=connector) as http:
        tasks = [
            asyncio.create_task(gateway_person(http, ws_url, p, result, opened, connected, start))
            for p in range(people)
        ]
        await asyncio.wait_for(opened.wait(), timeout=120)
        memory = rss_mb(gateway_pid)
        started = time.perf_counter()
        start.set()
        await asyncio.gather(*tasks)
        result.seconds = time.perf_counter() - started
    return result, memory


def merge(rounds: list[Round]) -> Round:
    merged = Round()
    for one in rounds:
        merged.latencies_ms += one.latencies_ms
        merged.lost += one.lost
        merged.duplicated += one.duplicated
        merged.seconds += one.seconds
    return merged


def describe(name: str, result: Round) -> str:
    values = result.latencies_ms
    return (
        f"  {name:<8} p50 {statistics.median(values):7.0f} ms"
        f"   p95 {percentile(values, 0.95):7.0f} ms"
        f"   p99 {percentile(values, 0.99):7.0f} ms   {result.messages / result.seconds:6.1f} msg/s"
        f"   lost {result.lost}   duplicated {result.duplicated}"
    )


def mismatched(direct: list[Round], gateway: list[Round]) -> int:
    """Messages whose number of bot replies differs between the two paths (same script)."""
    expected = direct[0].replies_per_message
    return sum(
        1
        for one in gateway
        for key, count in one.replies_per_message.items()
        if key in expected and count != expected[key]
    )


async def bench(people_counts: list[int], rounds: int) -> None:
    with running_stack(gateway=True) as stack:
        assert stack.gateway_url and stack.gateway
        print(
            f"Rasa {stack.rasa_url}, gateway {stack.gateway_url}; script of {len(SCRIPT)} messages"
        )
        await run_direct(stack.rasa_url, 5)  # warm-up: model, action server, connections
        await run_gateway(stack.gateway_url, 5, stack.gateway.pid)
        for people in people_counts:
            direct_rounds, gateway_rounds, memory = [], [], 0.0
            for _ in range(rounds):
                direct_rounds.append(await run_direct(stack.rasa_url, people))
                one, rss = await run_gateway(stack.gateway_url, people, stack.gateway.pid)
                gateway_rounds.append(one)
                memory = max(memory, rss)
            direct, gateway = merge(direct_rounds), merge(gateway_rounds)
            ratio = statistics.median(gateway.latencies_ms) / statistics.median(direct.latencies_ms)
            print(f"\n{people} people x {rounds} rounds ({direct.messages} messages per path):")
            print(describe("direct", direct))
            print(describe("gateway", gateway))
            print(f"  gateway/direct p50 ratio: {ratio:.3f}   (target <= 1.10)")
            print(
                "  replies differing from the direct path: "
                f"{mismatched(direct_rounds, gateway_rounds)}"
            )
            print(f"  gateway memory with {people} open connections (RSS): {memory:.0f} MB")
        print(f"\nRasa server memory (RSS): {rss_mb(stack.rasa.pid):.0f} MB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--people", type=int, nargs="+", default=[50, 200])
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    asyncio.run(bench(args.people, args.rounds))


if __name__ == "__main__":
    main()
