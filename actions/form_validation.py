"""Shared base of the form validators."""

from __future__ import annotations

import functools
from abc import abstractmethod
from collections.abc import Callable
from typing import Any

from rasa_sdk import FormValidationAction, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

# Intents with an interruption rule inside each form (data/core/forms.yml): for these the form must
# be rejected, because Rasa only applies a rule inside an active form after the form rejected.
_COMMON_INTERRUPTIONS = frozenset(
    {"faq", "help", "human_handoff", "bot_challenge", "set_language", "out_of_scope", "stop"}
)
INTERRUPTION_INTENTS: dict[str, frozenset[str]] = {
    "registration_form": _COMMON_INTERRUPTIONS | {"search_vacancies", "nlu_fallback"},
    "benefit_form": _COMMON_INTERRUPTIONS | {"search_vacancies", "nlu_fallback"},
    "vacancy_form": _COMMON_INTERRUPTIONS | {"nlu_fallback"},
    "booking_form": _COMMON_INTERRUPTIONS | {"nlu_fallback"},
}


# How a question or a request starts, in either language: a message classified out_of_scope
# inside a form is an answer to the form's question unless it asks or requests something.
_QUESTION_STARTS = frozenset(
    {
        *("what", "what's", "whats", "how", "why", "when", "where", "who", "which", "can"),
        *("could", "would", "will", "do", "does", "did", "is", "are", "should", "tell", "show"),
        *("give", "find", "book", "order", "turn", "set", "play", "remind", "call", "open"),
        *("что", "как", "почему", "зачем", "когда", "где", "кто", "какой", "какая", "какие"),
        *("можно", "можешь", "скажи", "скажите", "покажи", "найди", "закажи", "включи"),
        *("выключи", "поставь", "напомни", "открой", "сколько"),
    }
)
_MAX_ANSWER_WORDS = 5


def looks_like_an_answer(text: str) -> bool:
    """A short statement ("Demo City", "none", "Anna Smith"), not a question or a request."""
    words = text.lower().split()
    return (
        bool(words)
        and "?" not in text
        and len(words) <= _MAX_ANSWER_WORDS
        and words[0].strip(",.!") not in _QUESTION_STARTS
    )


def asks_something_else(tracker: Tracker) -> bool:
    """The latest message is out of scope and is not an answer to the form's question."""
    message = tracker.latest_message
    intent = (message.get("intent") or {}).get("name")
    return intent == "out_of_scope" and not looks_like_an_answer(str(message.get("text") or ""))


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

    async def get_validation_events(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        """An out-of-domain question is refused politely and fills nothing; the form then asks
        its question again. A short answer the classifier took for out of scope (a city, "none")
        is validated like any other answer."""
        if asks_something_else(tracker):
            dispatcher.utter_message(response="utter_out_of_scope")
            requested = tracker.get_slot("requested_slot")
            return [SlotSet(requested, None)] if requested else []
        return await super().get_validation_events(dispatcher, tracker, domain)

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        events = await super().run(dispatcher, tracker, domain)
        requested = tracker.get_slot("requested_slot")
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        interruptions = INTERRUPTION_INTENTS.get(self.form_name(), frozenset())
        if requested and not tracker.slots_to_validate() and intent not in interruptions:
            events.append(SlotSet(requested, None))
        return events


Validator = Callable[..., dict[str, Any]]


def skip_empty(validate: Validator) -> Validator:
    """For a `validate_<slot>` method: an empty candidate (the slot was cleared, e.g. by a new
    search or a correction) stays empty and is not validated as if the person had typed it."""
    slot = validate.__name__.removeprefix("validate_")

    @functools.wraps(validate)
    def wrapper(self: Any, value: Any, *args: Any) -> dict[str, Any]:
        if value is None:
            return {slot: None}
        return validate(self, value, *args)

    return wrapper
