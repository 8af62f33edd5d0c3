"""Session start: a new or expired conversation starts clean but keeps its language."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActionExecuted, EventType, SessionStarted, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.config import CONFIG
from actions.content import language_code


class ActionSessionStart(Action):
    def name(self) -> str:
        return "action_session_start"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        metadata = tracker.get_slot("session_started_metadata") or {}
        hint = language_code(str(metadata.get("language_hint") or ""))
        explicit = bool(tracker.get_slot("language_explicit"))
        language = tracker.get_slot("language")
        is_new = not any(event.get("event") == "user" for event in tracker.events)
        if hint and not explicit:
            # The channel knows the person's language (e.g. Telegram's language_code).
            language = hint
        elif is_new or not language:
            language = CONFIG.default_language
        return [
            SessionStarted(),
            SlotSet("language", language),
            SlotSet("language_explicit", explicit),
            ActionExecuted("action_listen"),
        ]
