"""Pre-registration as a jobseeker: form validation, summary, storage, corrections, status."""

from __future__ import annotations

import logging
from datetime import date, datetime, timezone
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict
from sqlalchemy.exc import SQLAlchemyError

from actions import validators
from actions.config import CONFIG
from actions.content import language_of, load, localised
from actions.form_validation import ReaskingFormValidationAction, skip_empty
from actions.intakes import intake_store
from common.storage.intakes import NewIntake
from common.storage.migrate import SchemaNotReady

logger = logging.getLogger(__name__)

FORM_SLOTS = (
    "consent",
    "full_name",
    "birth_date",
    "contact",
    "region",
    "employment_status",
    "last_occupation",
    "education_level",
)
CORRECTABLE = FORM_SLOTS[1:]
# True while the summary waits for a confirmation or a correction (the rules depend on it).
AWAITING = "awaiting_confirmation"


def clear_registration() -> list[EventType]:
    """Events that forget everything the form collected."""
    return [*(SlotSet(name, None) for name in FORM_SLOTS), SlotSet(AWAITING, False)]


def checked(slot: str, value: Any, dispatcher: CollectingDispatcher) -> dict[str, Any]:
    """The slot's validated value; None (with `utter_invalid_<slot>`) makes the form ask again."""
    if value is None:
        dispatcher.utter_message(response=f"utter_invalid_{slot}")
    return {slot: value}


class ValidateRegistrationForm(ReaskingFormValidationAction):
    def name(self) -> str:
        return "validate_registration_form"

    async def required_slots(
        self,
        domain_slots: list[str],
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> list[str]:
        # Without consent nothing more is asked (and nothing is kept).
        if tracker.get_slot("consent") is False:
            return ["consent"]
        return domain_slots

    @skip_empty
    def validate_full_name(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        return checked("full_name", validators.full_name(str(value)), dispatcher)

    @skip_empty
    def validate_birth_date(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        born, problem = validators.birth_date(str(value), date.today())
        if born is None:
            response = (
                "utter_invalid_birth_date_age" if problem == "age" else "utter_invalid_birth_date"
            )
            dispatcher.utter_message(response=response)
            return {"birth_date": None}
        return {"birth_date": born.strftime("%d.%m.%Y")}

    @skip_empty
    def validate_contact(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        found = validators.contact(str(value), CONFIG.phone_region)
        return checked("contact", found.value if found else None, dispatcher)

    @skip_empty
    def validate_region(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        return checked("region", validators.place(str(value)), dispatcher)

    @skip_empty
    def validate_employment_status(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        status = validators.choice(str(value), load("registration")["employment_status"])
        return checked("employment_status", status, dispatcher)

    @skip_empty
    def validate_last_occupation(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        words = [str(w).lower() for w in load("registration")["no_occupation"]]
        return checked("last_occupation", validators.occupation(str(value), words), dispatcher)

    @skip_empty
    def validate_education_level(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        level = validators.choice(str(value), load("registration")["education_level"])
        return checked("education_level", level, dispatcher)


def display_values(tracker: Tracker, language: str) -> dict[str, str]:
    """Slot values as the person should read them in the summary."""
    content = load("registration")
    occupation = str(tracker.get_slot("last_occupation"))
    if occupation == "none":
        occupation = localised(content["no_occupation_label"], language)
    return {
        "employment_status": localised(
            content["employment_status"][tracker.get_slot("employment_status")]["labels"], language
        ),
        "education_level": localised(
            content["education_level"][tracker.get_slot("education_level")]["labels"], language
        ),
        "last_occupation": occupation,
    }


def form_complete(tracker: Tracker) -> bool:
    return tracker.get_slot("consent") is True and all(
        tracker.get_slot(name) for name in CORRECTABLE
    )


def consent_time(tracker: Tracker) -> datetime:
    """When the person gave consent: the time of the latest event setting `consent` to true."""
    for event in reversed(tracker.events):
        if event.get("event") == "slot" and event.get("name") == "consent" and event.get("value"):
            if event.get("timestamp"):
                return datetime.fromtimestamp(float(event["timestamp"]), tz=timezone.utc)
            break
    return datetime.now(timezone.utc)


class ActionRegistrationReview(Action):
    """After the form: without consent forget everything; otherwise show the summary."""

    def name(self) -> str:
        return "action_registration_review"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        if not form_complete(tracker):
            dispatcher.utter_message(response="utter_consent_declined")
            return clear_registration()
        dispatcher.utter_message(
            response="utter_registration_summary",
            **display_values(tracker, language_of(tracker)),
        )
        return [SlotSet(AWAITING, True)]


class ActionSubmitRegistration(Action):
    def name(self) -> str:
        return "action_submit_registration"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        if not form_complete(tracker):
            dispatcher.utter_message(response="utter_registration_not_ready")
            return []
        contact = str(tracker.get_slot("contact"))
        day, month, year = (int(part) for part in str(tracker.get_slot("birth_date")).split("."))
        new = NewIntake(
            sender_id=tracker.sender_id,
            channel=tracker.get_latest_input_channel() or "unknown",
            language=language_of(tracker),
            full_name=str(tracker.get_slot("full_name")),
            birth_date=date(year, month, day),
            contact=contact,
            contact_kind="email" if "@" in contact else "phone",
            region=str(tracker.get_slot("region")),
            employment_status=str(tracker.get_slot("employment_status")),
            last_occupation=str(tracker.get_slot("last_occupation")),
            education_level=str(tracker.get_slot("education_level")),
            consent_given_at=consent_time(tracker),
        )
        try:
            store = await intake_store()
            record = await store.create(new)
        except (SQLAlchemyError, SchemaNotReady):
            # The answers stay in the slots: saying "yes" again retries.
            logger.exception("Could not store the pre-registration of a conversation")
            dispatcher.utter_message(response="utter_registration_save_failed")
            return []
        logger.info("Stored pre-registration %s", record.reference)
        dispatcher.utter_message(response="utter_registration_done", reference=record.reference)
        return clear_registration()


class ActionCorrectRegistration(Action):
    """Clears the field the person wants to change; the form then asks for it again (or, with no
    field named, shows the summary again with its buttons)."""

    def name(self) -> str:
        return "action_correct_registration"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        if not form_complete(tracker):
            dispatcher.utter_message(response="utter_registration_not_ready")
            return []
        field = next(tracker.get_latest_entity_values("field"), None)
        if field not in CORRECTABLE:
            dispatcher.utter_message(response="utter_ask_which_field")
            return [SlotSet(AWAITING, False)]
        return [SlotSet(field, None), SlotSet(AWAITING, False)]


class ActionRegistrationStatus(Action):
    """Tells the status of the person's latest pre-registration, or of a reference they give."""

    def name(self) -> str:
        return "action_registration_status"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        reference = next(tracker.get_latest_entity_values("reference"), None)
        try:
            store = await intake_store()
            if reference:
                record = await store.by_reference(str(reference))
            else:
                record = await store.latest_for_sender(tracker.sender_id)
        except (SQLAlchemyError, SchemaNotReady):
            logger.exception("Could not look up a pre-registration")
            dispatcher.utter_message(response="utter_store_unavailable")
            return []
        if record is None:
            dispatcher.utter_message(response="utter_registration_status_unknown")
            return []
        language = language_of(tracker)
        status = localised(load("registration")["intake_status"][record.status], language)
        dispatcher.utter_message(
            response="utter_registration_status",
            reference=record.reference,
            created=record.created_at.strftime("%d.%m.%Y"),
            status=status,
        )
        return []
