"""Rasa events exactly as Rasa's tracker store publishes them to an event broker.

Built with Rasa's own event classes (`rasa.shared.core.events`) and `Event.as_dict()`, then
wrapped as `TrackerStore._stream_new_events` does: `{"sender_id": …, **event.as_dict()}`.
`Conversation` hands out increasing timestamps so the events keep their order.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime, timezone
from typing import Any

from rasa.shared.core.events import (
    ActionExecuted,
    ActiveLoop,
    BotUttered,
    Event,
    SessionStarted,
    SlotSet,
    UserUttered,
)

DEFAULT_START = datetime(2025, 3, 3, 9, 0, tzinfo=timezone.utc)


class Conversation:
    """Events of one sender, one second apart from `start` on."""

    def __init__(self, sender_id: str, start: datetime = DEFAULT_START) -> None:
        self.sender_id = sender_id
        self._clock = start.timestamp()

    def published(self, events: Iterable[Event]) -> list[dict[str, Any]]:
        return [{"sender_id": self.sender_id, **event.as_dict()} for event in events]

    def tick(self) -> float:
        self._clock += 1
        return self._clock

    def session_start(self, language: str = "en") -> list[Event]:
        return [
            ActionExecuted("action_session_start", timestamp=self.tick()),
            SessionStarted(timestamp=self.tick()),
            SlotSet("language", language, timestamp=self.tick()),
            ActionExecuted("action_listen", timestamp=self.tick()),
        ]

    def user(
        self,
        text: str,
        intent: str,
        confidence: float = 0.9,
        *,
        language: str = "en",
        channel: str = "webchat",
        entities: Sequence[dict[str, Any]] = (),
        ranking: Sequence[tuple[str, float]] | None = None,
        display_text: str | None = None,
        faq_topic: str | None = None,
    ) -> UserUttered:
        """A message as Rasa's NLU parsed it, with the gateway's metadata."""
        metadata: dict[str, Any] = {"channel": channel, "language_hint": language}
        if display_text:
            metadata["display_text"] = display_text
        parse_data: dict[str, Any] = {
            "text": text,
            "intent": {"name": intent, "confidence": confidence},
            "entities": list(entities),
            "intent_ranking": [
                {"name": name, "confidence": value}
                for name, value in (ranking or [(intent, confidence)])
            ],
            "language": {"code": language, "confidence": 1.0},
        }
        if faq_topic:
            # Rasa's ResponseSelector answers for every message; it counts when the intent is faq.
            parse_data["response_selector"] = {
                "all_retrieval_intents": ["faq"],
                "faq": {
                    "response": {
                        "intent_response_key": f"faq/{faq_topic}",
                        "confidence": 0.8,
                        "utter_action": f"utter_faq/{faq_topic}",
                    },
                    "ranking": [],
                },
            }
        return UserUttered(
            text,
            parse_data["intent"],
            list(entities),
            parse_data=parse_data,
            timestamp=self.tick(),
            input_channel="rest",
            message_id=f"m{int(self._clock)}",
            metadata=metadata,
        )

    def action(self, name: str) -> ActionExecuted:
        return ActionExecuted(name, policy="RulePolicy", confidence=1.0, timestamp=self.tick())

    def bot(self, text: str, response: str, buttons: Sequence[dict[str, str]] = ()) -> list[Event]:
        """The response's action and the message it sent."""
        data = {
            "elements": None,
            "quick_replies": None,
            "buttons": list(buttons) or None,
            "attachment": None,
            "image": None,
            "custom": None,
        }
        return [
            self.action(response),
            BotUttered(text, data, {"utter_action": response}, timestamp=self.tick()),
        ]

    def slot(self, name: str, value: Any) -> SlotSet:
        return SlotSet(name, value, timestamp=self.tick())

    def form(self, name: str | None) -> ActiveLoop:
        return ActiveLoop(name, timestamp=self.tick())

    def listen(self) -> ActionExecuted:
        return ActionExecuted("action_listen", timestamp=self.tick())


def registration(conversation: Conversation) -> list[dict[str, Any]]:
    """A pre-registration: name, birth date and phone asked and answered, read back in a summary."""
    c = conversation
    events: list[Event] = [
        *c.session_start(),
        c.user("I want to register", "register_start", 0.97),
        c.action("registration_form"),
        c.form("registration_form"),
        c.slot("requested_slot", "consent"),
        *c.bot("Do you agree?", "utter_ask_consent", [{"title": "Yes", "payload": "/affirm"}]),
        c.listen(),
        c.user("/affirm", "affirm", 1.0, display_text="Yes, I agree"),
        c.slot("consent", True),
        c.slot("requested_slot", "full_name"),
        *c.bot("What is your full name?", "utter_ask_full_name"),
        c.listen(),
        c.user("Anna Ivanova", "inform", 0.41),
        c.slot("full_name", "Anna Ivanova"),
        c.slot("requested_slot", "birth_date"),
        *c.bot("What is your date of birth?", "utter_ask_birth_date"),
        c.listen(),
        c.user("12 May 1988", "inform", 0.55),
        c.slot("birth_date", "12.05.1988"),
        c.slot("requested_slot", "contact"),
        *c.bot("A phone number or an e-mail address?", "utter_ask_contact"),
        c.listen(),
        c.user("8 912 345 67 67", "inform", 0.6),
        c.slot("contact", "+79123456767"),
        c.slot("requested_slot", "region"),
        *c.bot("Which city?", "utter_ask_region"),
        c.listen(),
        c.user("Kazan, and my SNILS is 112-233-445 95", "inform", 0.5),
        c.slot("region", "Kazan"),
        c.slot("requested_slot", None),
        c.form(None),
        *c.bot(
            "Please check: Name: Anna Ivanova; Date of birth: 12.05.1988; "
            "Contact: +79123456767; City: Kazan",
            "utter_registration_summary",
        ),
        c.listen(),
        c.user("Thanks! Write to anna.ivanova@example.com, Anna", "thank", 0.93),
        *c.bot("You're welcome, Anna!", "utter_welcome"),
        c.listen(),
    ]
    return c.published(events)
