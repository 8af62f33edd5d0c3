"""Trackers as Rasa sends them to the action server, for action tests."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher


def user_message(
    text: str,
    intent: str,
    entities: list[dict[str, Any]] | None = None,
    language: str | None = None,
    confidence: float = 0.95,
    **extra: Any,
) -> dict[str, Any]:
    """Parse data of a user message as Rasa puts it into `tracker.latest_message`."""
    message: dict[str, Any] = {
        "text": text,
        "intent": {"name": intent, "confidence": confidence},
        "entities": entities or [],
        "intent_ranking": [{"name": intent, "confidence": confidence}],
        **extra,
    }
    if language:
        message["language"] = {"code": language, "confidence": 1.0}
    return message


def make_tracker(
    latest: dict[str, Any] | None = None,
    slots: dict[str, Any] | None = None,
    events: list[dict[str, Any]] | None = None,
    active_loop: str | None = None,
    sender_id: str = "webchat:test-session",
    after: list[dict[str, Any]] | None = None,
) -> Tracker:
    """A tracker whose history is `events`, then the latest user message, then `after` (the slot
    candidates a form extracted from it)."""
    latest = latest or user_message("hello", "greet")
    history = list(events or [])
    history.append({"event": "user", "text": latest["text"], "parse_data": latest})
    history.extend(after or [])
    return Tracker(
        sender_id=sender_id,
        slots={"language": "en", "language_explicit": False, **(slots or {})},
        latest_message=latest,
        events=history,
        paused=False,
        followup_action=None,
        active_loop={"name": active_loop} if active_loop else {},
        latest_action_name="action_listen",
    )


def responses(dispatcher: CollectingDispatcher) -> list[str | None]:
    """The names of the responses the action uttered, in order."""
    return [message.get("response") for message in dispatcher.messages]
