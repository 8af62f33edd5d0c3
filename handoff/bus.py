"""Events between gateway replicas: one Redis publish/subscribe channel, or this process alone.

Every gateway subscribes to the channel and hands each event to the handlers registered for its
kind (`on`). `publish` sends an event to every gateway, this one included, through Redis. When
Redis is not configured, unreachable, or this gateway's subscription is down, the event is
handled in this process only: one gateway keeps working on its own, and the others catch up
once Redis is back (the listener reconnects by itself).

Events are small JSON objects: `{"kind": …, "payload": {…}}`. Handlers must be quick (hand
slow work to a task of their own): they run one after another, in publishing order.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections import defaultdict
from collections.abc import Awaitable, Callable
from typing import Any, Final

from redis import asyncio as aioredis
from redis.exceptions import RedisError

log = logging.getLogger(__name__)

Handler = Callable[[dict[str, Any]], Awaitable[None]]
CHANNEL: Final = "pes:gateway:events"
RETRY_S: Final = (0.5, 1.0, 2.0, 5.0)
POLL_S: Final = 1.0


class Bus:
    def __init__(self, redis_url: str | None, *, channel: str = CHANNEL) -> None:
        self._url = redis_url
        self._channel = channel
        self._handlers: defaultdict[str, list[Handler]] = defaultdict(list)
        self._redis: aioredis.Redis | None = None
        self._listener: asyncio.Task[None] | None = None
        self._stop = asyncio.Event()
        self.listening = asyncio.Event()  # set while this gateway receives Redis events

    def on(self, kind: str, handler: Handler) -> None:
        self._handlers[kind].append(handler)

    async def start(self) -> None:
        if self._url is None:
            return
        self._redis = aioredis.from_url(
            self._url,
            socket_connect_timeout=0.5,
            socket_timeout=2.0,
            health_check_interval=10,
            decode_responses=True,
        )
        self._stop.clear()
        self._listener = asyncio.create_task(self._listen(self._redis))

    async def close(self) -> None:
        self._stop.set()
        if self._listener is not None:
            self._listener.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._listener
            self._listener = None
        if self._redis is not None:
            await self._redis.close()
            self._redis = None
        self.listening.clear()

    async def publish(self, kind: str, payload: dict[str, Any]) -> None:
        """Hand the event to every gateway's handlers (this process's only without Redis)."""
        if self._redis is not None and self.listening.is_set():
            try:
                await self._redis.publish(
                    self._channel, json.dumps({"kind": kind, "payload": payload})
                )
                return
            except (RedisError, OSError) as error:
                log.warning("Redis publish failed, the event stays in this gateway: %s", error)
        await self._dispatch(kind, payload)

    async def _listen(self, redis: aioredis.Redis) -> None:
        failures = 0
        while not self._stop.is_set():
            pubsub = redis.pubsub(ignore_subscribe_messages=True)
            try:
                await pubsub.subscribe(self._channel)
                self.listening.set()
                if failures:
                    log.info("Redis events are back: gateways share handoff events again")
                failures = 0
                while not self._stop.is_set():
                    message = await pubsub.get_message(timeout=POLL_S)
                    if message is not None:
                        await self._received(message.get("data"))
            except (RedisError, OSError) as error:
                if not failures:
                    log.warning("Redis events unavailable, this gateway works alone: %s", error)
                failures += 1
            finally:
                self.listening.clear()
                with contextlib.suppress(RedisError, OSError):
                    await pubsub.close()
            pause = RETRY_S[min(failures, len(RETRY_S)) - 1] if failures else RETRY_S[0]
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(self._stop.wait(), pause)

    async def _received(self, data: Any) -> None:
        try:
            event = json.loads(data)
            kind, payload = str(event["kind"]), event["payload"]
        except (TypeError, ValueError, KeyError):
            payload = None
        if not isinstance(payload, dict):
            log.warning("An unreadable event on %s was ignored", self._channel)
            return
        await self._dispatch(kind, payload)

    async def _dispatch(self, kind: str, payload: dict[str, Any]) -> None:
        for handler in self._handlers.get(kind, []):
            try:
                await handler(payload)
            except Exception:
                log.exception("A handler of %s events failed", kind)
