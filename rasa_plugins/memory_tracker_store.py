"""Rasa's in-memory tracker store, minus one reading of the whole conversation per message.

Before it saves a tracker, Rasa's `TrackerStore.stream_events` reads the stored one back —
deserialising every event of the session — only to count its events and hand the ones after
them to the event broker. With the conversation log's broker configured that was a tenth of the
Rasa server's CPU per message, growing with the length of the conversation (docs/capacity.md).
This store remembers the count when it saves: the same number, since only this process writes
to its memory. What it stores, returns and publishes is Rasa's.
"""

from __future__ import annotations

from typing import Any

from rasa.core.brokers.broker import EventBroker
from rasa.core.tracker_store import InMemoryTrackerStore
from rasa.shared.core.constants import ACTION_SESSION_START_NAME
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, Event
from rasa.shared.core.trackers import DialogueStateTracker


def last_session_length(events: list[Event]) -> int:
    """How many events `InMemoryTrackerStore.retrieve` returns for a tracker stored with
    `events`: those from the last `action_session_start` on (all of them without one)."""
    for index in range(len(events) - 1, -1, -1):
        event = events[index]
        if isinstance(event, ActionExecuted) and event.action_name == ACTION_SESSION_START_NAME:
            return len(events) - index
    return len(events)


class CountingInMemoryTrackerStore(InMemoryTrackerStore):
    def __init__(
        self, domain: Domain, event_broker: EventBroker | None = None, **kwargs: Any
    ) -> None:
        super().__init__(domain, event_broker, **kwargs)
        self._retrieved_lengths: dict[str, int] = {}

    async def stream_events(self, tracker: DialogueStateTracker) -> None:
        """Publish the events after those `retrieve` returns for the stored tracker."""
        if self.event_broker is None:
            return
        stored = tracker.sender_id in self.store
        offset = self._retrieved_lengths.get(tracker.sender_id, 0) if stored else 0
        new_events = list(tracker.events)[offset:]
        await self._stream_new_events(self.event_broker, new_events, tracker.sender_id)

    async def save(self, tracker: DialogueStateTracker) -> None:
        await super().save(tracker)
        self._retrieved_lengths[tracker.sender_id] = last_session_length(list(tracker.events))
