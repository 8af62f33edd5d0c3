"""Counselling appointments in the chat: book (topic → time → contact → confirm), see, move, cancel.

`action_booking_start` prepares the booking form: a person who already has an appointment moves
it instead (one at a time), a topic named in the message is taken, and a contact the
pre-registration validated is reused. The form (`booking_form`) asks what is missing with buttons;
`action_booking_review` asks for a "yes", and `action_booking_apply` makes the change in the store
(`common.storage.bookings`: one conditional UPDATE per slot, reminders queued in the outbox) and
answers with the reference, the time in the office's time zone, the place and an .ics file.
"""

from __future__ import annotations

import json
import logging
from abc import abstractmethod
from functools import cache
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict
from sqlalchemy.exc import SQLAlchemyError

from actions import validators
from actions.calendar_file import calendar_file
from actions.config import CONFIG
from actions.content import language_of
from actions.form_validation import ReaskingFormValidationAction
from actions.intakes import booking_store, intake_store, now
from common.appointments import Appointments
from common.storage.booking_models import SLOT_TOPICS
from common.storage.bookings import (
    AlreadyBookedError,
    Booker,
    BookingRecord,
    NoBookingError,
    SlotTakenError,
)

logger = logging.getLogger(__name__)

PAGE_SIZE = 5
BOOKING_SLOTS = ("booking_topic", "booking_slot_id", "booking_page", "booking_contact")


@cache
def appointments() -> Appointments:
    return Appointments.load(CONFIG.content_dir, CONFIG.languages.codes, CONFIG.default_language)


def clear_booking() -> list[EventType]:
    """Events that forget the booking in progress."""
    return [
        *(SlotSet(name, None) for name in BOOKING_SLOTS),
        SlotSet("booking_change", None),
        SlotSet("booking_awaiting", False),
    ]


def channel_of(sender_id: str) -> str:
    """The channel of a sender id `<channel>:<id>` (the gateway's contract); "rest" otherwise."""
    channel, separator, _ = sender_id.partition(":")
    return channel if separator else "rest"


def text(key: str, language: str, **values: object) -> str:
    return appointments().texts.text(key, language, **values)


def yes_no(language: str) -> list[dict[str, str]]:
    return [
        {"title": text("yes_button", language), "payload": "/affirm"},
        {"title": text("no_button", language), "payload": "/deny"},
    ]


def book_button(language: str) -> dict[str, str]:
    return {"title": text("book_button", language), "payload": "/book_appointment"}


def choose_again(topic: str, language: str) -> dict[str, str]:
    payload = "/book_appointment" + json.dumps({"counselling_topic": topic})
    return {"title": text("choose_again_button", language), "payload": payload}


async def known_contact(sender_id: str) -> str | None:
    """The contact the person's latest pre-registration validated, if they made one."""
    intake = await (await intake_store()).latest_for_sender(sender_id)
    return intake.contact if intake else None


def utter_store_down(dispatcher: CollectingDispatcher, language: str) -> list[EventType]:
    logger.exception("The appointments' store could not be reached")
    dispatcher.utter_message(text=text("store_down", language))
    return clear_booking()


class ActionBookingStart(Action):
    def name(self) -> str:
        return "action_booking_start"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        language = language_of(tracker)
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        named = next(tracker.get_latest_entity_values("counselling_topic"), None)
        topic = named or appointments().topic_in(
            str(tracker.latest_message.get("text") or ""), language
        )
        events: list[EventType] = [
            SlotSet("booking_awaiting", False),
            SlotSet("booking_page", None),
        ]
        if next(tracker.get_latest_entity_values("counselling_slot"), None) is None:
            events.append(SlotSet("booking_slot_id", None))
        try:
            upcoming = await (await booking_store()).upcoming(tracker.sender_id)
            contact = upcoming.contact if upcoming else await known_contact(tracker.sender_id)
        except SQLAlchemyError:
            return utter_store_down(dispatcher, language)
        if upcoming is not None:
            if intent == "book_appointment":
                when = appointments().when(upcoming.slot, language)
                dispatcher.utter_message(
                    text=text("already_booked", language, reference=upcoming.reference, when=when)
                )
            topic = topic or upcoming.slot.topic
        elif intent == "reschedule_appointment":
            dispatcher.utter_message(text=text("nothing_to_move", language))
        return [
            *events,
            SlotSet("booking_change", "reschedule" if upcoming else "book"),
            SlotSet("booking_topic", topic),
            SlotSet("booking_contact", contact),
        ]


class ValidateBookingForm(ReaskingFormValidationAction):
    def name(self) -> str:
        return "validate_booking_form"

    async def validate_booking_topic(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        if value is None:
            return {"booking_topic": None}
        language = language_of(tracker)
        topic = value if value in SLOT_TOPICS else appointments().topic_in(str(value), language)
        if topic is None:
            dispatcher.utter_message(text=text("unknown_topic", language))
            return {"booking_topic": None}
        free, _ = await (await booking_store()).free_slots(topic, limit=1)
        if not free:
            name = appointments().topic(topic, language)
            dispatcher.utter_message(text=text("no_slots", language, topic=name))
            return {"booking_topic": None}
        return {"booking_topic": topic}

    async def validate_booking_slot_id(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        if value is None:
            return {"booking_slot_id": None}
        store = await booking_store()
        slot = await store.bookable(int(value)) if str(value).isdigit() else None
        if slot is None:
            dispatcher.utter_message(text=text("slot_gone", language_of(tracker)))
            return {"booking_slot_id": None, "booking_page": None}
        return {"booking_slot_id": str(slot.id), "booking_topic": slot.topic, "booking_page": None}

    def validate_booking_page(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        return {"booking_page": str(value) if str(value).isdigit() else None}

    def validate_booking_contact(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        found = validators.contact(str(value), CONFIG.phone_region) if value else None
        if value is not None and found is None:
            dispatcher.utter_message(text=text("invalid_contact", language_of(tracker)))
        return {"booking_contact": found.value if found else None}


class ActionAskBookingTopic(Action):
    def name(self) -> str:
        return "action_ask_booking_topic"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        language = language_of(tracker)
        buttons = [
            {
                "title": appointments().topic(topic, language),
                "payload": "/inform" + json.dumps({"counselling_topic": topic}),
            }
            for topic in SLOT_TOPICS
        ]
        dispatcher.utter_message(text=text("ask_topic", language), buttons=buttons)
        return []


class ActionAskBookingSlotId(Action):
    """The next free times of the topic as buttons, a page at a time ("More times")."""

    def name(self) -> str:
        return "action_ask_booking_slot_id"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        language = language_of(tracker)
        topic = str(tracker.get_slot("booking_topic"))
        page = str(tracker.get_slot("booking_page") or "0")
        offset = int(page) if page.isdigit() else 0
        store = await booking_store()
        slots, more = await store.free_slots(topic, offset=offset, limit=PAGE_SIZE)
        if not slots and offset:
            dispatcher.utter_message(text=text("no_more_slots", language))
            offset = 0
            slots, more = await store.free_slots(topic, limit=PAGE_SIZE)
        name = appointments().topic(topic, language)
        if not slots:
            dispatcher.utter_message(text=text("no_slots", language, topic=name))
            return []
        buttons = [appointments().slot_button(slot, language, intent="inform") for slot in slots]
        if more:
            next_page = "/inform" + json.dumps({"booking_page": str(offset + PAGE_SIZE)})
            buttons.append({"title": text("more_button", language), "payload": next_page})
        zone = appointments().zone.key
        dispatcher.utter_message(
            text=text("ask_slot", language, topic=name, zone=zone), buttons=buttons
        )
        return []


class ActionAskBookingContact(Action):
    def name(self) -> str:
        return "action_ask_booking_contact"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        dispatcher.utter_message(text=text("ask_contact", language_of(tracker)))
        return []


class ActionBookingReview(Action):
    """After the form: the chosen time, place and contact, and "shall I book it?"."""

    def name(self) -> str:
        return "action_booking_review"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        language = language_of(tracker)
        slot_id = str(tracker.get_slot("booking_slot_id") or "")
        change = tracker.get_slot("booking_change")
        try:
            store = await booking_store()
            slot = await store.slot(int(slot_id)) if slot_id.isdigit() else None
            upcoming = await store.upcoming(tracker.sender_id)
        except SQLAlchemyError:
            return utter_store_down(dispatcher, language)
        if slot is None or change not in ("book", "reschedule"):
            return clear_booking()
        details = appointments().details(slot, language)
        if change == "reschedule" and upcoming is not None:
            message = text("review_move", language, reference=upcoming.reference, details=details)
        else:
            contact = str(tracker.get_slot("booking_contact"))
            message = text("review", language, details=details, contact=contact)
        dispatcher.utter_message(text=message, buttons=yes_no(language))
        return [SlotSet("booking_awaiting", True)]


class ActionBookingApply(Action):
    """The "yes": book, move or cancel, then tell the person how it went."""

    def name(self) -> str:
        return "action_booking_apply"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        language = language_of(tracker)
        change = tracker.get_slot("booking_change")
        topic = str(tracker.get_slot("booking_topic") or "career")
        try:
            store = await booking_store()
            booking = await self._apply(store, change, tracker, language)
        except SlotTakenError:
            dispatcher.utter_message(
                text=text("taken_meanwhile", language), buttons=[choose_again(topic, language)]
            )
            return clear_booking()
        except (NoBookingError, AlreadyBookedError):
            dispatcher.utter_message(text=text("none", language), buttons=[book_button(language)])
            return clear_booking()
        except SQLAlchemyError:
            return utter_store_down(dispatcher, language)
        if booking is None:
            return clear_booking()
        logger.info("Appointment %s: %s", booking.reference, change)
        if change == "cancel":
            dispatcher.utter_message(text=text("cancelled", language, reference=booking.reference))
            return clear_booking()
        details = appointments().details(booking.slot, language)
        key = "booked" if change == "book" else "moved"
        dispatcher.utter_message(
            text=text(key, language, reference=booking.reference, details=details)
        )
        dispatcher.utter_message(
            json_message=calendar_file(booking, appointments(), now())["custom"]
        )
        return clear_booking()

    @staticmethod
    async def _apply(
        store: Any, change: Any, tracker: Tracker, language: str
    ) -> BookingRecord | None:
        def reminders(booking: BookingRecord) -> list[Any]:
            return appointments().reminders(booking, now())

        if change == "cancel":
            return await store.cancel(tracker.sender_id)
        slot_id = str(tracker.get_slot("booking_slot_id") or "")
        if not slot_id.isdigit():
            return None
        if change == "reschedule":
            return await store.reschedule(tracker.sender_id, int(slot_id), reminders=reminders)
        contact = str(tracker.get_slot("booking_contact") or "")
        booker = Booker(
            sender_id=tracker.sender_id,
            channel=channel_of(tracker.sender_id),
            language=language,
            contact=contact,
            contact_kind="email" if "@" in contact else "phone",
        )
        return await store.book(int(slot_id), booker, reminders=reminders)


class ActionBookingDrop(Action):
    def name(self) -> str:
        return "action_booking_drop"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        dispatcher.utter_message(text=text("dropped", language_of(tracker)))
        return clear_booking()


class AboutTheAppointment(Action):
    """An answer about the person's upcoming appointment; with none, "you have none" and a
    button to book one."""

    @abstractmethod
    def name(self) -> str:
        """Subclasses name their action, so this base is never registered."""

    @abstractmethod
    def answer(
        self, dispatcher: CollectingDispatcher, upcoming: BookingRecord, language: str
    ) -> list[EventType]:
        """Tell the person about `upcoming`; the events to return."""

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        language = language_of(tracker)
        try:
            upcoming = await (await booking_store()).upcoming(tracker.sender_id)
        except SQLAlchemyError:
            return utter_store_down(dispatcher, language)
        if upcoming is None:
            dispatcher.utter_message(text=text("none", language), buttons=[book_button(language)])
            return clear_booking()
        return self.answer(dispatcher, upcoming, language)


class ActionBookingShow(AboutTheAppointment):
    """ "My appointment": its details with buttons to move or cancel it."""

    def name(self) -> str:
        return "action_booking_show"

    def answer(
        self, dispatcher: CollectingDispatcher, upcoming: BookingRecord, language: str
    ) -> list[EventType]:
        details = appointments().details(upcoming.slot, language)
        dispatcher.utter_message(
            text=text("show", language, reference=upcoming.reference, details=details),
            buttons=appointments().change_buttons(language),
        )
        return []


class ActionBookingCancelReview(AboutTheAppointment):
    """ "Cancel my appointment": which one, and "are you sure?"."""

    def name(self) -> str:
        return "action_booking_cancel_review"

    def answer(
        self, dispatcher: CollectingDispatcher, upcoming: BookingRecord, language: str
    ) -> list[EventType]:
        when = appointments().when(upcoming.slot, language)
        dispatcher.utter_message(
            text=text("cancel_review", language, reference=upcoming.reference, when=when),
            buttons=yes_no(language),
        )
        return [SlotSet("booking_change", "cancel"), SlotSet("booking_awaiting", True)]
