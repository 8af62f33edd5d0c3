"""Two-stage fallback: first ask to rephrase with suggestions, then ask a person to help.

When the NLU found two answers too close to choose between (nlu/open_world.py marks the message
`ambiguous`), the first stage asks "Did you mean …?" with exactly those two as buttons instead.

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


def suggestion_button(label: str, language: str) -> dict[str, str] | None:
    """The button that asks for `label` (an intent, or `faq/<topic>`), if there is a suggestion."""
    content = load("suggestions")
    topic = label.removeprefix("faq/")
    if label.startswith("faq/") and topic in content["faq"]:
        question = localised(content["faq"][topic], language)
        return {"title": question, "payload": question}
    if label in content["intents"]:
        return {"title": localised(content["intents"][label], language), "payload": f"/{label}"}
    return None


def clarification_buttons(tracker: Tracker, language: str) -> list[dict[str, str]] | None:
    """The two close answers of an ambiguous message as buttons, or None if it wasn't one."""
    decision = tracker.latest_message.get("open_world") or {}
    if decision.get("decision") != "ambiguous":
        return None
    candidates = [decision.get("best") or {}, decision.get("runner_up") or {}]
    buttons = [suggestion_button(str(c.get("name")), language) for c in candidates]
    return [b for b in buttons if b] if all(buttons) else None


def suggestion_buttons(tracker: Tracker, language: str) -> list[dict[str, str]]:
    """Buttons for the likeliest meanings of the latest message that we have a suggestion for."""
    message = tracker.latest_message
    ranking = message.get("intent_ranking") or []
    candidates = [
        (float(r.get("confidence") or 0), str(r.get("name")))
        for r in ranking
        if r.get("name") != "faq" and float(r.get("confidence") or 0) >= MIN_CONFIDENCE
    ]
    faq_confidence = next(
        (float(r.get("confidence") or 0) for r in ranking if r.get("name") == "faq"), 0.0
    )
    faq = ((message.get("response_selector") or {}).get("faq") or {}).get("ranking") or []
    candidates += [
        (faq_confidence * float(r.get("confidence") or 0), str(r.get("intent_response_key")))
        for r in faq[:MAX_SUGGESTIONS]
    ]
    candidates.sort(key=lambda pair: pair[0], reverse=True)
    buttons = [button for _, label in candidates if (button := suggestion_button(label, language))][
        :MAX_SUGGESTIONS
    ]
    help_button = suggestion_button("help", language)
    return [*buttons, help_button] if help_button and help_button not in buttons else buttons


class ActionHandleFallback(Action):
    def name(self) -> str:
        return "action_handle_fallback"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        language = language_of(tracker)
        clarification = clarification_buttons(tracker, language)
        if clarification:
            dispatcher.utter_message(response="utter_did_you_mean", buttons=clarification)
        elif previous_user_intent(tracker) == "nlu_fallback":
            dispatcher.utter_message(response="utter_fallback_handoff")
        else:
            dispatcher.utter_message(
                response="utter_ask_rephrase", buttons=suggestion_buttons(tracker, language)
            )
        return []
