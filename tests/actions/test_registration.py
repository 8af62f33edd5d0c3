"""Pre-registration: validation inside the form, summary, storing with a reference, status."""

from rasa_sdk.events import SlotSet
from support.trackers import make_tracker, responses, user_message

from actions import intakes
from actions.forms import ActionCancelForm
from actions.registration import (
    FORM_SLOTS,
    ActionCorrectRegistration,
    ActionRegistrationReview,
    ActionRegistrationStatus,
    ActionSubmitRegistration,
    ValidateRegistrationForm,
)

COMPLETE = {
    "consent": True,
    "full_name": "Anna Smith",
    "birth_date": "23.04.1990",
    "contact": "+37251234567",
    "region": "Demo City",
    "employment_status": "unemployed",
    "last_occupation": "welder",
    "education_level": "vocational",
}
DOMAIN = {"forms": {"registration_form": {"required_slots": list(FORM_SLOTS)}}, "slots": {}}


async def validate(dispatcher, slot, typed, slots=None):
    tracker = make_tracker(
        latest=user_message(typed, "inform"),
        slots={**(slots or {}), slot: typed, "requested_slot": slot},
        after=[{"event": "slot", "name": slot, "value": typed}],
        active_loop="registration_form",
    )
    return await ValidateRegistrationForm().run(dispatcher, tracker, DOMAIN)


async def test_a_valid_date_is_kept_in_a_fixed_format(dispatcher):
    events = await validate(dispatcher, "birth_date", "23 апреля 1990")
    assert SlotSet("birth_date", "23.04.1990") in events
    assert responses(dispatcher) == []


async def test_an_impossible_date_is_asked_again(dispatcher):
    events = await validate(dispatcher, "birth_date", "31.02.1990")
    assert SlotSet("birth_date", None) in events
    assert responses(dispatcher) == ["utter_invalid_birth_date"]


async def test_a_too_young_person_is_told_the_age_limit(dispatcher):
    events = await validate(dispatcher, "birth_date", "01.01.2020")
    assert SlotSet("birth_date", None) in events
    assert responses(dispatcher) == ["utter_invalid_birth_date_age"]


async def test_a_phone_number_is_normalised(dispatcher):
    events = await validate(dispatcher, "contact", "+372 5123 4567")
    assert SlotSet("contact", "+37251234567") in events


async def test_a_bad_contact_is_asked_again(dispatcher):
    events = await validate(dispatcher, "contact", "call me maybe")
    assert SlotSet("contact", None) in events
    assert responses(dispatcher) == ["utter_invalid_contact"]


async def test_without_consent_nothing_else_is_asked(dispatcher):
    tracker = make_tracker(slots={"consent": False}, active_loop="registration_form")
    required = await ValidateRegistrationForm().required_slots(
        list(FORM_SLOTS), dispatcher, tracker, DOMAIN
    )
    assert required == ["consent"]


async def test_declined_consent_forgets_everything(dispatcher):
    tracker = make_tracker(slots={"consent": False})
    events = await ActionRegistrationReview().run(dispatcher, tracker, {})
    assert responses(dispatcher) == ["utter_consent_declined"]
    assert all(SlotSet(name, None) in events for name in FORM_SLOTS)


async def test_the_summary_shows_labels_in_the_conversation_language(dispatcher):
    tracker = make_tracker(slots={**COMPLETE, "language": "ru"})
    events = await ActionRegistrationReview().run(dispatcher, tracker, {})
    [summary] = dispatcher.messages
    assert summary["response"] == "utter_registration_summary"
    assert events == [SlotSet("awaiting_confirmation", True)]
    assert summary["employment_status"] == "Безработный(ая)"
    assert summary["education_level"] == "Профессиональное"


async def test_confirming_stores_the_intake_and_gives_a_reference(dispatcher, intake_database):
    tracker = make_tracker(latest=user_message("yes", "affirm"), slots=COMPLETE)
    events = await ActionSubmitRegistration().run(dispatcher, tracker, {})
    [done] = dispatcher.messages
    assert done["response"] == "utter_registration_done"
    store = await intakes.intake_store()
    stored = await store.latest_for_sender("webchat:test-session")
    assert stored is not None
    assert stored.reference == done["reference"]
    assert (stored.full_name, stored.contact, stored.contact_kind) == (
        "Anna Smith",
        "+37251234567",
        "phone",
    )
    assert stored.birth_date.isoformat() == "1990-04-23"
    assert SlotSet("full_name", None) in events  # the conversation forgets the form afterwards


async def test_status_answers_from_the_store(dispatcher, intake_database):
    await ActionSubmitRegistration().run(dispatcher, make_tracker(slots=COMPLETE), {})
    reference = dispatcher.messages[0]["reference"]
    dispatcher.messages.clear()

    await ActionRegistrationStatus().run(
        dispatcher, make_tracker(latest=user_message("what's my status", "registration_status")), {}
    )
    [status] = dispatcher.messages
    assert status["response"] == "utter_registration_status"
    assert status["reference"] == reference
    assert status["status"] == "received, a counsellor will contact you"


async def test_status_by_reference_from_another_chat(dispatcher, intake_database):
    await ActionSubmitRegistration().run(dispatcher, make_tracker(slots=COMPLETE), {})
    reference = dispatcher.messages[0]["reference"]
    dispatcher.messages.clear()
    latest = user_message(
        f"status of {reference.lower()}",
        "registration_status",
        entities=[{"entity": "reference", "value": reference.lower()}],
    )
    await ActionRegistrationStatus().run(
        dispatcher, make_tracker(latest=latest, sender_id="telegram:42"), {}
    )
    assert dispatcher.messages[0]["reference"] == reference


async def test_no_intake_no_status(dispatcher, intake_database):
    await ActionRegistrationStatus().run(dispatcher, make_tracker(sender_id="telegram:7"), {})
    assert responses(dispatcher) == ["utter_registration_status_unknown"]


async def test_a_failing_database_keeps_the_answers_for_a_retry(dispatcher):
    intakes.use_database("postgresql+psycopg2://postgres@127.0.0.1:1/nowhere")
    try:
        events = await ActionSubmitRegistration().run(dispatcher, make_tracker(slots=COMPLETE), {})
    finally:
        intakes.use_database(intakes.CONFIG.database_url)
    assert responses(dispatcher) == ["utter_registration_save_failed"]
    assert events == []  # nothing cleared: "yes" again retries


async def test_submitting_an_incomplete_form_stores_nothing(dispatcher):
    events = await ActionSubmitRegistration().run(
        dispatcher, make_tracker(slots={**COMPLETE, "contact": None}), {}
    )
    assert responses(dispatcher) == ["utter_registration_not_ready"]
    assert events == []


async def test_correcting_a_field_clears_it_and_reopens_the_form(dispatcher):
    latest = user_message(
        "/correct_registration", "correct_registration", [{"entity": "field", "value": "contact"}]
    )
    events = await ActionCorrectRegistration().run(
        dispatcher, make_tracker(latest=latest, slots=COMPLETE), {}
    )
    assert events == [SlotSet("contact", None), SlotSet("awaiting_confirmation", False)]


async def test_correcting_without_saying_what_asks_which_field(dispatcher):
    latest = user_message("no", "deny")
    events = await ActionCorrectRegistration().run(
        dispatcher, make_tracker(latest=latest, slots=COMPLETE), {}
    )
    # the form then finds everything filled and the summary (with its buttons) comes again
    assert events == [SlotSet("awaiting_confirmation", False)]
    assert responses(dispatcher) == ["utter_ask_which_field"]


async def test_cancel_forgets_both_forms(dispatcher):
    events = await ActionCancelForm().run(dispatcher, make_tracker(slots=COMPLETE), {})
    assert responses(dispatcher) == ["utter_cancelled"]
    assert SlotSet("contact", None) in events
    assert SlotSet("monthly_wage", None) in events
