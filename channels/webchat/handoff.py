"""Reaching a web chat person from the staff console, on whichever gateway holds their sockets.

Staff may reply on another gateway replica than the one the person's browser is connected to.
`WebchatReach.deliver` publishes the frames on the gateway's event bus; every gateway that has
a socket of the session sends them there (in the session's turn, so they neither overtake a
reply being sent nor slip between a `welcome`'s history and what follows) and confirms on the
bus. No confirmation within `ack_timeout_s`: no chat window of that person is open anywhere,
and the caller logs a delivery failure. Without Redis the bus stays in this process, which is
then the one gateway there is.

Staff messages are `bot` frames with `"from": "staff"` and no `reply_to`.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
import uuid
from collections.abc import Sequence
from typing import Any, Final

from aiohttp import web

from channels.webchat import protocol
from channels.webchat.hub import Hub
from common.messages import BotMessage
from handoff.app import HANDOFF
from handoff.bus import Bus

CHANNEL: Final = "webchat"
FRAMES: Final = "webchat.frames"
DELIVERED: Final = "webchat.delivered"


class WebchatReach:
    def __init__(self, bus: Bus, hub: Hub, *, ack_timeout_s: float = 3.0) -> None:
        self._bus = bus
        self._hub = hub
        self._ack_timeout_s = ack_timeout_s
        self._waiting: dict[str, asyncio.Future[None]] = {}
        self._tasks: set[asyncio.Task[None]] = set()
        bus.on(FRAMES, self._on_frames)
        bus.on(DELIVERED, self._on_delivered)

    async def deliver(
        self, sender_id: str, messages: Sequence[BotMessage], *, from_staff: bool
    ) -> str | None:
        channel, _, session = sender_id.partition(":")
        if channel != CHANNEL or not session:
            return "not_a_webchat_sender"
        now = time.time()
        frames = [protocol.bot(message, now) for message in messages]
        if from_staff:
            frames = [{**frame, "from": "staff"} for frame in frames]
        delivery = uuid.uuid4().hex
        confirmed = asyncio.get_running_loop().create_future()
        self._waiting[delivery] = confirmed
        try:
            await self._bus.publish(
                FRAMES, {"session": session, "frames": frames, "delivery": delivery}
            )
            await asyncio.wait_for(confirmed, self._ack_timeout_s)
        except asyncio.TimeoutError:
            return "no_open_chat"
        finally:
            self._waiting.pop(delivery, None)
        return None

    async def close(self) -> None:
        for task in list(self._tasks):
            task.cancel()
        for task in list(self._tasks):
            with contextlib.suppress(asyncio.CancelledError):
                await task

    async def _on_frames(self, payload: dict[str, Any]) -> None:
        session, frames, delivery = (
            payload.get("session"),
            payload.get("frames"),
            payload.get("delivery"),
        )
        if not isinstance(session, str) or not isinstance(frames, list):
            return
        if not self._hub.is_open(session):
            return
        # A task of its own: waiting for the session's turn must not hold up the bus. Tasks
        # take turns in the order they were created, so the frames keep their order.
        task = asyncio.create_task(self._send(session, frames, str(delivery)))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _send(self, session: str, frames: list[Any], delivery: str) -> None:
        async with self._hub.turn(session):
            reached = [await self._hub.publish(session, frame) for frame in frames]
        if any(reached):
            await self._bus.publish(DELIVERED, {"delivery": delivery})

    async def _on_delivered(self, payload: dict[str, Any]) -> None:
        confirmed = self._waiting.get(str(payload.get("delivery")))
        if confirmed is not None and not confirmed.done():
            confirmed.set_result(None)


def register_reach(app: web.Application, hub: Hub) -> WebchatReach:
    """Let the handoff reach web chat sessions (called by `bot.app.create_app`)."""
    reach = WebchatReach(app[HANDOFF].bus, hub)
    app[HANDOFF].channels[CHANNEL] = reach

    async def stop(_app: web.Application) -> None:
        await reach.close()

    app.on_cleanup.append(stop)
    return reach
