"""The open web chat sockets of this gateway, grouped by session, and each session's turn.

A session may be open in several sockets at once (two tabs, a phone and a laptop). Everything the
conversation shows (the person's message, typing, the assistant's replies) is published to the
session and reaches every socket of it. `turn(session)` lets one message of a session at a time
talk to Rasa, in the order the messages arrived (asyncio.Lock wakes waiters first in, first out).

Several gateway replicas: `publish` is the one place frames leave for a session. Messages from
staff reach the sockets held by other replicas through the gateway's event bus (Redis
publish/subscribe, `channels/webchat/handoff.py`), which calls `publish` on every replica;
ordering across replicas is Rasa's lock store's (per sender) job.

The hub also counts this gateway's open sockets per client address (the per-address connection
limit), and keeps the history last sent in a `welcome` while nothing new was published to the
session: another `hello` for it (a second tab, a repeated frame) is welcomed without asking Rasa
for the tracker again.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections import Counter
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

from channels.webchat.protocol import encode


@dataclass
class _Room:
    sockets: set[web.WebSocketResponse] = field(default_factory=set)
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    turns: int = 0  # turns waiting for or holding the lock: the room must outlive them
    history: list[dict[str, Any]] | None = None  # as last welcomed, until the next publish
    history_until: float = 0.0


class Hub:
    # How long a welcomed history may be reused at most (also without any publish).
    HISTORY_REUSE_S = 30.0

    def __init__(self) -> None:
        self._rooms: dict[str, _Room] = {}
        self._open: dict[web.WebSocketResponse, str] = {}
        self._per_address: Counter[str] = Counter()

    def connected(self, socket: web.WebSocketResponse, address: str) -> None:
        """Track an open socket (with or without a session) so shutdown can close it."""
        self._open[socket] = address
        self._per_address[address] += 1

    def disconnected(self, socket: web.WebSocketResponse) -> None:
        address = self._open.pop(socket, None)
        if address is not None:
            self._per_address[address] -= 1
            if self._per_address[address] <= 0:
                del self._per_address[address]

    def connections_from(self, address: str) -> int:
        """Sockets of this gateway open now from `address`."""
        return self._per_address[address]

    def welcomed_history(self, session: str) -> list[dict[str, Any]] | None:
        """The history last welcomed for `session`, if nothing was published to it since."""
        room = self._rooms.get(session)
        if room is None or room.history is None or time.monotonic() > room.history_until:
            return None
        return room.history

    def keep_history(self, session: str, history: list[dict[str, Any]]) -> None:
        room = self._room(session)
        room.history = history
        room.history_until = time.monotonic() + self.HISTORY_REUSE_S

    def join(self, session: str, socket: web.WebSocketResponse) -> None:
        self._room(session).sockets.add(socket)

    def leave(self, session: str, socket: web.WebSocketResponse) -> None:
        room = self._rooms.get(session)
        if room is not None:
            room.sockets.discard(socket)
            self._forget_if_unused(session, room)

    @contextlib.asynccontextmanager
    async def turn(self, session: str) -> AsyncIterator[None]:
        """Hold the session's turn. Waiting here is the first thing a caller may await, so turns
        are taken in the order their tasks were created."""
        room = self._room(session)
        room.turns += 1
        try:
            async with room.lock:
                yield
        finally:
            room.turns -= 1
            self._forget_if_unused(session, room)

    async def publish(
        self,
        session: str,
        frame: dict[str, Any],
        *,
        exclude: web.WebSocketResponse | None = None,
    ) -> int:
        """Send `frame` to every socket of `session` (but `exclude`); closed sockets are skipped.
        Returns how many sockets it reached."""
        room = self._rooms.get(session)
        if room is None:
            return 0
        room.history = None  # the history changes with every frame published
        data = encode(frame)
        reached = 0
        for socket in list(room.sockets):
            if socket is not exclude:
                reached += await send(socket, data)
        return reached

    def is_open(self, session: str) -> bool:
        """Whether this gateway has a socket of `session` open."""
        room = self._rooms.get(session)
        return room is not None and bool(room.sockets)

    async def close_all(self, code: int, message: bytes) -> None:
        await asyncio.gather(
            *(socket.close(code=code, message=message) for socket in list(self._open)),
            return_exceptions=True,
        )

    def _room(self, session: str) -> _Room:
        room = self._rooms.get(session)
        if room is None:
            room = self._rooms[session] = _Room()
        return room

    def _forget_if_unused(self, session: str, room: _Room) -> None:
        if not room.sockets and not room.turns and self._rooms.get(session) is room:
            del self._rooms[session]


async def send(socket: web.WebSocketResponse, data: str) -> bool:
    """Send one encoded frame; False when the socket has gone (the frame is dropped)."""
    if socket.closed:
        return False
    try:
        await socket.send_str(data)
    except ConnectionResetError:
        return False
    return True
