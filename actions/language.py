"""The conversation language: follows each message's detected language; an explicit choice wins.

`action_detect_language` fills the `language` and `language_explicit` slots (a custom slot mapping,
run by Rasa after every user message, so the reply to a message is already in its language).
`action_confirm_language` answers a request to switch.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.content import language_code, language_of, supported_languages

# Answers to form questions are data (a name, a city, an e-mail), not a choice of language.
_DATA_INTENTS = {"inform", "nlu_fallback"}


def requested_language(tracker: Tracker) -> str | None:
    """The code of the language the latest message explicitly asks for, if any."""
    if (tracker.latest_message.get("intent") or {}).get("name") != "set_language":
        return None
    values = [e.get("value") for e in tracker.latest_message.get("entities", [])]
    names = [str(v) for v in values if v]
    return next((code for code in map(language_code, names) if code), None)


def detected_language(tracker: Tracker) -> str | None:
    """The supported language nlu.language.LanguageDetector found in the latest message."""
    detection = tracker.latest_message.get("language") or {}
    code = detection.get("code")
    return code if code in supported_languages() else None


class ActionDetectLanguage(Action):
    def name(self) -> str:
        return "action_detect_language"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        current = language_of(tracker)
        explicit = requested_language(tracker)
        if explicit:
            return [SlotSet("language", explicit), SlotSet("language_explicit", True)]
        if tracker.get_slot("language_explicit"):
            return []
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        if tracker.active_loop.get("name") and intent in _DATA_INTENTS:
            return []
        detected = detected_language(tracker)
        if detected and detected != current:
            return [SlotSet("language", detected)]
        return []


class ActionConfirmLanguage(Action):
    """Confirms a switch, or lists the languages on offer when the one asked for is not."""

    def name(self) -> str:
        return "action_confirm_language"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        if requested_language(tracker):
            dispatcher.utter_message(response="utter_language_switched")
        else:
            dispatcher.utter_message(response="utter_language_unsupported")
        return []
