"""`make bench-capacity`: how many messages a second this assistant answers on this machine, next
to a stock `rasa init` bot, in one run.

Closed loop: each simulated person sends a message, waits for the answer and sends the next at
once, cycling through a mix of English and Russian greetings, FAQ questions, thanks and
out-of-scope requests (a new conversation for every pass through the mix). For 1, 5, 10, 20, 40
and 80 people, over

  stock    the stock bot's REST webhook (bench/stock_bot.py; trained once, cached in var/bench/),
  rasa     this project's Rasa REST webhook,
  webchat  this project's web chat through the gateway (WebSocket, docs/webchat-protocol.md),

it prints msg/s, p50/p95/p99, errors, lost and duplicated replies and the CPU each process spent
per answered message; then each one's capacity (the highest msg/s with p95 < 1 s and nothing
failed, lost or duplicated) and the ratios. The project's processes start as `make run` starts
them (bench/stack.py). The servers run one after the other, never at the same time. It stops by
itself within `--budget` seconds (10 minutes), the stock bot's first training included: a sweep
gets an equal share of the time left and skips the levels that no longer fit (bench/levels.py).
Asserts nothing.

    python -m bench.capacity [--people 1 5 10 20 40 80] [--level-seconds 8]
                             [--targets stock rasa webchat] [--budget 600] [--workers N]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import time
import uuid
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass

import aiohttp
import uvloop

from bench.gateway import open_sockets, rest_exchange, webchat_exchange
from bench.levels import (
    Level,
    capacity,
    fits,
    header,
    ratio,
    row,
    stop_reason,
    sweep_deadline,
)
from bench.stack import cpu_seconds, running_stack
from bench.stock_bot import ensure_stock_bot, running_stock_bot
from common.settings import Settings

PEOPLE = (1, 5, 10, 20, 40, 80)
TARGETS = ("stock", "rasa", "webchat")
MESSAGES = (
    "hello",
    "which documents do I need to register?",
    "thanks",
    "what's the weather like tomorrow?",
    "привет",
    "какие документы нужны для постановки на учёт",
    "спасибо",
    "посоветуй хороший фильм",
    "how long is the unemployment benefit paid?",
    "сколько длится выплата пособия",
)
REQUEST_TIMEOUT_S = 30.0
# Draining the answers of a level after its sending time (a few latencies; more is rare).
DRAIN_ALLOWANCE_S = 6.0
# Kept at the end for stopping the servers.
RESERVE_S = 30.0
WARM_UP_PEOPLE, WARM_UP_SECONDS = 2, 3.0

Person = Callable[[aiohttp.ClientSession, int, Level, float], Awaitable[None]]


@dataclass
class Target:
    name: str
    person: Person
    processes: dict[str, int]  # process name -> pid, for the CPU per message


def conversation(person: int) -> list[str]:
    """The mix, starting at a different message for each person."""
    start = person % len(MESSAGES)
    return [*MESSAGES[start:], *MESSAGES[:start]]


def rest_person(urls: Sequence[str], expects_reply: bool) -> Person:
    """People posting to a Rasa REST webhook (person i to worker i mod the number of workers).
    The stock bot may answer some of the mix with silence by design (`expects_reply` False):
    that is its dialogue, not a lost reply."""

    async def person(http: aiohttp.ClientSession, index: int, level: Level, stop_at: float) -> None:
        url = urls[index % len(urls)]
        while time.perf_counter() < stop_at:
            sender = f"bench:{uuid.uuid4().hex[:12]}"
            for text in conversation(index):
                if time.perf_counter() >= stop_at:
                    return
                started = time.perf_counter()
                try:
                    replies = await asyncio.wait_for(
                        rest_exchange(http, url, sender, text), REQUEST_TIMEOUT_S
                    )
                except (aiohttp.ClientError, asyncio.TimeoutError):
                    level.errors += 1
                    continue
                level.record(started, time.perf_counter())
                if expects_reply and not replies:
                    level.lost += 1

    return person


def webchat_person(gateway_url: str) -> Person:
    """People in the web chat: a new session for each pass through the mix."""
    ws_url = gateway_url.replace("http", "ws", 1) + "/webchat/ws"

    async def person(http: aiohttp.ClientSession, index: int, level: Level, stop_at: float) -> None:
        while time.perf_counter() < stop_at:
            [socket] = await open_sockets(http, ws_url, 1)
            try:
                for step, text in enumerate(conversation(index)):
                    if time.perf_counter() >= stop_at:
                        return
                    started = time.perf_counter()
                    try:
                        exchange = await webchat_exchange(
                            socket, f"{index}-{step}", text, timeout_s=REQUEST_TIMEOUT_S
                        )
                    except asyncio.TimeoutError:
                        level.errors += 1
                        break  # the session's state is unknown: start a new one
                    level.duplicated += exchange.duplicated
                    if exchange.error or exchange.apologies:
                        level.errors += 1
                        continue
                    level.record(started, time.perf_counter())
                    if not exchange.replies:
                        level.lost += 1
            finally:
                await socket.close()

    return person


async def run_level(target: Target, people: int, seconds: float) -> Level:
    level = Level(people, seconds=seconds)
    connector = aiohttp.TCPConnector(limit=0)
    async with aiohttp.ClientSession(connector=connector) as http:
        before = {name: cpu_seconds(pid) for name, pid in target.processes.items()}
        stop_at = level.window_ends = time.perf_counter() + seconds
        await asyncio.gather(
            *(target.person(http, index, level, stop_at) for index in range(people))
        )
        level.cpu_s = {
            name: cpu_seconds(pid) - before[name] for name, pid in target.processes.items()
        }
    return level


async def sweep(
    target: Target, people_counts: Sequence[int], level_seconds: float, ends: float
) -> list[Level]:
    """The levels of one target, in order, until a stopping rule or the time says enough."""
    names = list(target.processes)
    print(f"\n{target.name}: closed loop, {level_seconds:g} s a level; CPU ms/msg by process")
    await run_level(target, WARM_UP_PEOPLE, WARM_UP_SECONDS)
    print(header(names), flush=True)
    levels: list[Level] = []
    for people in people_counts:
        if not fits(time.monotonic(), ends, level_seconds + DRAIN_ALLOWANCE_S):
            print(f"  stopped before {people} people: out of time", flush=True)
            break
        level = await run_level(target, people, level_seconds)
        levels.append(level)
        print(row(level, names), flush=True)
        if reason := stop_reason(level):
            print(f"  stopped after {people} people: {reason}", flush=True)
            break
    best = capacity(levels)
    if best is None:
        print("  capacity: none (no level with p95 < 1 s and nothing failed)")
    else:
        print(f"  capacity: {best.throughput:.1f} msg/s ({best.people} people)")
    return levels


def summary(results: dict[str, list[Level]]) -> None:
    capacities = {name: capacity(levels) for name, levels in results.items()}
    print("\nCapacity (highest msg/s with p95 < 1 s, no errors, nothing lost or duplicated):")
    for name, best in capacities.items():
        shown = f"{best.throughput:.1f} msg/s at {best.people} people" if best else "none"
        print(f"  {name:<8} {shown}")
    for ours, theirs in (("rasa", "stock"), ("webchat", "stock"), ("webchat", "rasa")):
        if ours in capacities and theirs in capacities:
            value = ratio(capacities[ours], capacities[theirs])
            print(f"  {ours} / {theirs}: " + (f"{value:.2f}x" if value is not None else "-"))
    alone = {
        name: levels[0] for name, levels in results.items() if levels and levels[0].people == 1
    }
    if "webchat" in alone and "stock" in alone:
        print(
            f"  one person alone: web chat p50 {alone['webchat'].p50:.0f} ms,"
            f" stock REST p50 {alone['stock'].p50:.0f} ms"
        )


async def bench(
    targets: Sequence[str],
    people_counts: Sequence[int],
    level_seconds: float,
    budget_s: float,
    workers: int,
) -> None:
    deadline = time.monotonic() + budget_s
    load = os.getloadavg()[0]
    print(
        f"{os.cpu_count()} cores, load average {load:.2f} at the start (other work skews figures);"
        f" this project with {workers} Rasa worker(s)"
    )
    results: dict[str, list[Level]] = {}
    sweeps_left = len(targets)
    if "stock" in targets:
        with running_stock_bot(ensure_stock_bot()) as (url, pid):
            ends = sweep_deadline(time.monotonic(), deadline, sweeps_left, RESERVE_S)
            target = Target("stock", rest_person([url], expects_reply=False), {"rasa": pid})
            results["stock"] = await sweep(target, people_counts, level_seconds, ends)
        sweeps_left -= 1
    ours = [name for name in ("rasa", "webchat") if name in targets]
    if ours:
        with running_stack(gateway="webchat" in ours, workers=workers) as stack:
            processes = {
                **{f"rasa{n + 1}": p.pid for n, p in enumerate(stack.rasa_servers)},
                **{f"actions{n + 1}": p.pid for n, p in enumerate(stack.action_servers)},
            }
            for name in ours:
                ends = sweep_deadline(time.monotonic(), deadline, sweeps_left, RESERVE_S)
                if name == "rasa":
                    target = Target(
                        name, rest_person(stack.rasa_urls, expects_reply=True), processes
                    )
                else:
                    assert stack.gateway and stack.gateway_url
                    gateway = {**processes, "gateway": stack.gateway.pid}
                    target = Target(name, webchat_person(stack.gateway_url), gateway)
                results[name] = await sweep(target, people_counts, level_seconds, ends)
                sweeps_left -= 1
    summary(results)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--people", type=int, nargs="+", default=list(PEOPLE))
    parser.add_argument("--level-seconds", type=float, default=8.0)
    parser.add_argument("--targets", nargs="+", choices=TARGETS, default=list(TARGETS))
    parser.add_argument("--budget", type=float, default=600.0, help="seconds for the whole run")
    parser.add_argument(
        "--workers",
        type=int,
        default=Settings.from_env(os.environ).rasa_workers,
        help="Rasa workers of this project (default: RASA_WORKERS, as `make run`)",
    )
    args = parser.parse_args()
    started = time.monotonic()
    uvloop.run(bench(args.targets, args.people, args.level_seconds, args.budget, args.workers))
    print(f"\nTook {time.monotonic() - started:.0f} s.")


if __name__ == "__main__":
    main()
