"""The delivery worker in the gateway: channels register their senders, the worker runs alongside.

`setup_outbound(app)` comes before the channels (they call `register_sender`); `run_worker` is
a cleanup context appended after them, so the worker starts once the channels are up and stops
before they close. `OUTBOUND_WORKER=off` keeps the worker out of this gateway (another process
or replica runs it); web chat visits still show the messages kept for them.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Sequence

from aiohttp import web

from outbound.held import HeldMessages
from outbound.results import ChannelSender
from outbound.worker import BlockedHook, OutboundWorker
from relay.conversation_log import GATEWAY_LOG
from relay.keys import DATABASE, METRICS, SETTINGS

SENDERS: web.AppKey[dict[str, ChannelSender]] = web.AppKey("outbound_senders")
HELD = web.AppKey("outbound_held", HeldMessages)
BLOCKED_HOOKS: web.AppKey[list[BlockedHook]] = web.AppKey("outbound_blocked_hooks")


def setup_outbound(app: web.Application, blocked_hooks: Sequence[BlockedHook] = ()) -> None:
    app[SENDERS] = {}
    app[BLOCKED_HOOKS] = list(blocked_hooks)
    app[HELD] = HeldMessages(app[DATABASE], app[METRICS], app[GATEWAY_LOG])


def register_sender(app: web.Application, channel: str, sender: ChannelSender) -> None:
    app[SENDERS][channel] = sender


async def run_worker(app: web.Application) -> AsyncIterator[None]:
    settings = app[SETTINGS]
    if settings.outbound.worker == "off":
        yield
        return
    senders: dict[str, ChannelSender] = app[SENDERS]
    hooks: list[BlockedHook] = app[BLOCKED_HOOKS]
    worker = OutboundWorker(
        app[DATABASE],
        senders,
        app[METRICS],
        settings.outbound,
        gateway_log=app[GATEWAY_LOG],
        blocked_hooks=hooks,
    )
    stop = asyncio.Event()

    async def run() -> None:
        await app[GATEWAY_LOG].schema_ready()
        await worker.run(stop)

    task = asyncio.create_task(run(), name="outbound-worker")
    yield
    stop.set()
    await task
