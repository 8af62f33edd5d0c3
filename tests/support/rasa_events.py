"""Rasa events exactly as Rasa's tracker store publishes them to an event broker.

Each is the dict `Event.as_dict()` of Rasa's own event class gives (`rasa.shared.core.events`),
wrapped as `TrackerStore._stream_new_events` does: `{"sender_id": …, **event.as_dict()}`. They are
written out here, not built with rasa, so the gateway's tests use them without rasa installed;
tests/rasa_plugins/test_rasa_event_format.py checks that Rasa reads each back to the same dict.
`Conversation` hands out increasing timestamps so the events keep their order.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime, timezone
from typing import Any

Event = dict[str, Any]

DEFAULT_START = datetime(2025, 3, 3, 9, 0, tzinfo=timezone.utc)


class Conversation:
    """Events of one sender, one second apart from `start` on."""

    def __init__(self, sender_id: str, start: datetime = DEFAULT_START) -> None:
        self.sender_id = sender_id
        self._clock = start.timestamp()

    def published(self, events: Iterable[Event]) -> list[dict[str, Any]]:
        return [{"sender_id": self.sender_id, **event} for event in events]

    def tick(self) -> float:
        self._clock += 1
        return self._clock

    def session_start(self, language: str = "en") -> list[Event]:
        return [
            _action("action_session_start", self.tick()),
            {"event": "session_started", "timestamp": self.tick()},
            self.slot("language", language),
            self.listen(),
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
    ) -> Event:
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
        timestamp = self.tick()
        message_id = f"m{int(self._clock)}"
        return {
            "event": "user",
            "timestamp": timestamp,
            "metadata": metadata,
            "text": text,
            "parse_data": {
                "intent": parse_data["intent"],
                "entities": parse_data["entities"],
                "text": text,
                "message_id": message_id,
                "metadata": metadata,
                **{key: value for key, value in parse_data.items() if key not in _FIRST},
            },
            "input_channel": "rest",
            "message_id": message_id,
        }

    def action(self, name: str) -> Event:
        return _action(name, self.tick(), policy="RulePolicy", confidence=1.0)

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
        action = self.action(response)
        return [
            action,
            {
                "event": "bot",
                "timestamp": self.tick(),
                "metadata": {"utter_action": response},
                "text": text,
                "data": data,
            },
        ]

    def slot(self, name: str, value: Any) -> Event:
        return {"event": "slot", "timestamp": self.tick(), "name": name, "value": value}

    def form(self, name: str | None) -> Event:
        return {"event": "active_loop", "timestamp": self.tick(), "name": name}

    def listen(self) -> Event:
        return _action("action_listen", self.tick())


# Keys of a message's parse data that Rasa writes first (the rest follow in the NLU's order).
_FIRST = ("intent", "entities", "text", "message_id", "metadata")


def _action(
    name: str, timestamp: float, policy: str | None = None, confidence: float | None = None
) -> Event:
    return {
        "event": "action",
        "timestamp": timestamp,
        "name": name,
        "policy": policy,
        "confidence": confidence,
        "action_text": None,
        "hide_rule_turn": False,
    }


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
