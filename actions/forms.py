"""Leaving a form: everything typed into it is forgotten."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.appointments import clear_booking
from actions.benefit_estimate import BENEFIT_SLOTS
from actions.registration import clear_registration
from actions.vacancy_search import SEARCH_SLOTS


class ActionCancelForm(Action):
    def name(self) -> str:
        return "action_cancel_form"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        dispatcher.utter_message(response="utter_cancelled")
        return [
            *clear_registration(),
            *clear_booking(),
            *(SlotSet(name, None) for name in BENEFIT_SLOTS),
            *(SlotSet(name, None) for name in SEARCH_SLOTS),
            SlotSet("requested_slot", None),
        ]
