"""Rasa's Redis tracker store, saving a message's events with one read of the conversation and
without a comparison that grows with the square of its length.

Rasa's `RedisTrackerStore.save` reads the stored conversation twice per message: first
`stream_events` reads it back (GET, deserialise, replay) only to tell which events are new for
the event broker; then `save` reads it again to merge the earlier sessions back in, since
`retrieve` hands the processor only the last session. Its `_merge_trackers` expects the tracker
it is given to be the stored last session plus new events, but a session started with
metadata (every message the gateway sends carries some) begins with Rasa's
`session_started_metadata` slot event *before* the session's `action_session_start`, so the
check fails on every later message and Rasa falls back to comparing every event with every other
as dicts — 3.3 ms per message in an 8-message web chat conversation, and quadratic in its
length (docs/capacity.md).

This store reads the stored JSON once, as plain dicts, and finds where the given tracker's
events begin in it: at the last `action_session_start` (what `retrieve` returns) or at the
first event (a full tracker). When the stored events from there are exactly the first events of
the tracker, it stores the earlier ones followed by the tracker's and publishes the events not
stored before to the event broker — what Rasa's own save stores and publishes in that case.
Anything else (a tracker replaced through the HTTP API, another writer in between) goes through
Rasa's own save.
"""

from __future__ import annotations

import json
from typing import Any

from rasa.core.tracker_store import RedisTrackerStore
from rasa.shared.core.constants import ACTION_SESSION_START_NAME
from rasa.shared.core.trackers import DialogueStateTracker


def session_start(events: list[dict[str, Any]]) -> int:
    """Where the last session of stored `events` begins, as Rasa's `retrieve` splits them: at
    the last `action_session_start`, else at the first event."""
    for index in range(len(events) - 1, -1, -1):
        event = events[index]
        if event.get("event") == "action" and event.get("name") == ACTION_SESSION_START_NAME:
            return index
    return 0


def continuation(
    stored: list[dict[str, Any]], events: list[dict[str, Any]]
) -> tuple[list[dict[str, Any]], int] | None:
    """When `events` are the stored events from the last session's start (or from the first)
    followed by new ones: the stored events before them, and how many of `events` were stored.
    None when `events` do not continue what is stored."""
    for start in dict.fromkeys((session_start(stored), 0)):
        kept = stored[start:]
        if events[: len(kept)] == kept:
            return stored[:start], len(kept)
    return None


class AppendingRedisTrackerStore(RedisTrackerStore):
    async def save(self, tracker: DialogueStateTracker, timeout: float | None = None) -> None:
        key = self.key_prefix + tracker.sender_id
        stored = self.red.get(key)
        events = [event.as_dict() for event in tracker.events]
        stored_events = [] if stored is None else _stored_events(stored)
        found = None if stored_events is None else continuation(stored_events, events)
        if found is None:
            await super().save(tracker, timeout)
            return
        earlier, already_stored = found
        if self.event_broker is not None:
            new_events = list(tracker.events)[already_stored:]
            await self._stream_new_events(self.event_broker, new_events, tracker.sender_id)
        serialised = json.dumps({"events": [*earlier, *events], "name": tracker.sender_id})
        self.red.set(key, serialised, ex=timeout or self.record_exp)


def _stored_events(stored: str | bytes) -> list[dict[str, Any]] | None:
    """The event dicts of a stored tracker; None when it cannot be read (Rasa's save decides)."""
    try:
        dialogue = json.loads(stored)
    except ValueError:
        return None
    events = dialogue.get("events") if isinstance(dialogue, dict) else None
    return events if isinstance(events, list) else None
