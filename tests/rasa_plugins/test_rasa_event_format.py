"""The events tests/support/rasa_events.py writes out are the ones Rasa publishes: Rasa reads
each back into its own event class, and that class writes the same dict."""

from __future__ import annotations

from rasa.shared.core.events import Event
from support.rasa_events import Conversation, registration


def test_every_kind_of_event_is_as_rasa_writes_it() -> None:
    c = Conversation("webchat:format")
    events = [
        *c.session_start("ru"),
        c.user("hi", "greet", 0.8, display_text="Hi", faq_topic="documents"),
        c.user("Kazan", "inform", entities=[{"entity": "location", "value": "Kazan"}]),
        c.action("registration_form"),
        *c.bot("Which city?", "utter_ask_region", [{"title": "Kazan", "payload": "/inform"}]),
        c.slot("region", "Kazan"),
        c.form("registration_form"),
        c.form(None),
        c.listen(),
    ]
    for published in [*c.published(events), *registration(Conversation("webchat:r"))]:
        event = {key: value for key, value in published.items() if key != "sender_id"}
        assert Event.from_parameters(event).as_dict() == event
