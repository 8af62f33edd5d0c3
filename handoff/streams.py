"""This gateway's open staff event streams (`/staff/handoff/events`), and what each one gets.

A stream watches either the queue (`handoff_id` None: queue snapshots) or one handoff (its
messages and state changes). Events reach a stream through a bounded queue; a stream that
cannot keep up is ended (the browser's EventSource reconnects and starts from a fresh page
state), so a stalled browser never holds memory.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import Any, Final

MAX_PENDING: Final = 200
END: Final[tuple[str, dict[str, Any]]] = ("", {})  # put into a stream's queue to end it


@dataclass(eq=False)
class StaffStream:
    handoff_id: int | None
    events: asyncio.Queue[tuple[str, dict[str, Any]]] = field(
        default_factory=lambda: asyncio.Queue(MAX_PENDING)
    )

    def offer(self, event: str, data: dict[str, Any]) -> bool:
        """Queue an event; False (and the stream is told to end) when it is full."""
        try:
            self.events.put_nowait((event, data))
        except asyncio.QueueFull:
            self.end()
            return False
        return True

    def end(self) -> None:
        while True:
            try:
                self.events.put_nowait(END)
                return
            except asyncio.QueueFull:
                self.events.get_nowait()  # make room: an ending stream needs no old events


class StaffStreams:
    def __init__(self) -> None:
        self._streams: set[StaffStream] = set()

    def open(self, handoff_id: int | None) -> StaffStream:
        stream = StaffStream(handoff_id)
        self._streams.add(stream)
        return stream

    def close(self, stream: StaffStream) -> None:
        self._streams.discard(stream)

    @property
    def watching_queue(self) -> bool:
        return any(stream.handoff_id is None for stream in self._streams)

    def send(self, event: str, data: dict[str, Any], *, handoff_id: int | None) -> None:
        """Give the event to the streams watching `handoff_id` (None: the queue's)."""
        for stream in list(self._streams):
            if stream.handoff_id == handoff_id and not stream.offer(event, data):
                self._streams.discard(stream)

    def end_all(self) -> None:
        """The gateway is shutting down: every stream ends (browsers reconnect elsewhere)."""
        for stream in self._streams:
            stream.end()
        self._streams.clear()
