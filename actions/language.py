"""The conversation language: follows each message's detected language; an explicit choice wins.

The rule is common/conversation_language.py. The Rasa server applies it itself after every user
message (rasa_plugins/language_slots.py), so the reply to a message is already in its language;
`action_detect_language` applies the same rule for a Rasa process without the project's plugins,
as the custom slot mapping of the `language` and `language_explicit` slots (domain/core.yml).
`action_confirm_language` answers a request to switch.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.config import CONFIG
from actions.content import language_of
from common.conversation_language import EXPLICIT_SLOT, language_slots, requested_language


class ActionDetectLanguage(Action):
    def name(self) -> str:
        return "action_detect_language"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        changes = language_slots(
            tracker.latest_message,
            current=language_of(tracker),
            explicit=bool(tracker.get_slot(EXPLICIT_SLOT)),
            active_loop=tracker.active_loop_name,
            languages=CONFIG.languages,
        )
        return [SlotSet(name, value) for name, value in changes.items()]


class ActionConfirmLanguage(Action):
    """Confirms a switch, or lists the languages on offer when the one asked for is not."""

    def name(self) -> str:
        return "action_confirm_language"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        if requested_language(tracker.latest_message, CONFIG.languages):
            dispatcher.utter_message(response="utter_language_switched")
        else:
            dispatcher.utter_message(response="utter_language_unsupported")
        return []
