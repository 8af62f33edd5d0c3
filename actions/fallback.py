"""Two-stage fallback: first ask to rephrase with suggestions, then ask a person to help.

The second response (`utter_fallback_handoff`) carries the handoff signal the gateway turns into
a place in the staff queue (handoff/).
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions.content import language_of, load, localised

MAX_SUGGESTIONS = 3
MIN_CONFIDENCE = 0.05


def previous_user_intent(tracker: Tracker) -> str | None:
    """The intent of the user message before the latest one."""
    user_events = [e for e in tracker.events if e.get("event") == "user"]
    if len(user_events) < 2:
        return None
    return ((user_events[-2].get("parse_data") or {}).get("intent") or {}).get("name")


def suggestion_buttons(tracker: Tracker, language: str) -> list[dict[str, str]]:
    """Buttons for the likeliest meanings of the latest message that we have a suggestion for."""
    content = load("suggestions")
    message = tracker.latest_message
    candidates: list[tuple[float, dict[str, str]]] = []
    for ranked in message.get("intent_ranking") or []:
        name, confidence = ranked.get("name"), float(ranked.get("confidence") or 0)
        if name in content["intents"] and confidence >= MIN_CONFIDENCE:
            title = localised(content["intents"][name], language)
            candidates.append((confidence, {"title": title, "payload": f"/{name}"}))
    faq = ((message.get("response_selector") or {}).get("faq") or {}).get("ranking") or []
    faq_confidence = next(
        (
            float(r.get("confidence") or 0)
            for r in message.get("intent_ranking") or []
            if r.get("name") == "faq"
        ),
        0.0,
    )
    for ranked in faq[:MAX_SUGGESTIONS]:
        topic = str(ranked.get("intent_response_key", "")).removeprefix("faq/")
        if topic in content["faq"]:
            question = localised(content["faq"][topic], language)
            score = faq_confidence * float(ranked.get("confidence") or 0)
            candidates.append((score, {"title": question, "payload": question}))
    candidates.sort(key=lambda pair: pair[0], reverse=True)
    buttons = [button for _, button in candidates[:MAX_SUGGESTIONS]]
    help_button = {"title": localised(content["intents"]["help"], language), "payload": "/help"}
    return [*buttons, help_button] if help_button not in buttons else buttons


class ActionHandleFallback(Action):
    def name(self) -> str:
        return "action_handle_fallback"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        if previous_user_intent(tracker) == "nlu_fallback":
            dispatcher.utter_message(response="utter_fallback_handoff")
        else:
            language = language_of(tracker)
            dispatcher.utter_message(
                response="utter_ask_rephrase", buttons=suggestion_buttons(tracker, language)
            )
        return []
