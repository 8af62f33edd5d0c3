"""Shared base of the form validators."""

from __future__ import annotations

from abc import abstractmethod

from rasa_sdk import FormValidationAction, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

# Intents with an interruption rule inside the forms (data/core/forms.yml): for these the form must
# be rejected, because Rasa only applies a rule inside an active form after the form rejected.
INTERRUPTION_INTENTS = frozenset(
    {
        "faq",
        "help",
        "human_handoff",
        "bot_challenge",
        "set_language",
        "out_of_scope",
        "search_vacancies",
        "stop",
        "nlu_fallback",
    }
)


class ReaskingFormValidationAction(FormValidationAction):
    """A form validator after which the form asks its question again when the person's message
    answered nothing and no interruption rule covers it.

    Without it Rasa rejects the form for such a message ("I want to register" while registering,
    a name where a yes/no is expected) and, with no rule to apply, answers with the generic
    fallback.
    """

    @abstractmethod
    def name(self) -> str:
        """Subclasses name their form's validation action, so this base is never registered."""

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        events = await super().run(dispatcher, tracker, domain)
        requested = tracker.get_slot("requested_slot")
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        if requested and not tracker.slots_to_validate() and intent not in INTERRUPTION_INTENTS:
            events.append(SlotSet(requested, None))
        return events
