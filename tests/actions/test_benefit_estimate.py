"""The benefit form: answers are checked, then the estimate is computed from the rules file."""

from rasa_sdk.events import SlotSet
from support.trackers import make_tracker, responses, user_message

from actions.benefit_estimate import BENEFIT_SLOTS, ActionEstimateBenefit, ValidateBenefitForm

DOMAIN = {"forms": {"benefit_form": {"required_slots": list(BENEFIT_SLOTS)}}, "slots": {}}


async def validate(dispatcher, slot, typed, slots=None):
    tracker = make_tracker(
        latest=user_message(typed, "inform"),
        slots={**(slots or {}), slot: typed, "requested_slot": slot},
        after=[{"event": "slot", "name": slot, "value": typed}],
        active_loop="benefit_form",
    )
    return await ValidateBenefitForm().run(dispatcher, tracker, DOMAIN)


async def test_a_wage_typed_in_words_and_symbols_is_understood(dispatcher):
    events = await validate(dispatcher, "monthly_wage", "примерно 1 500 €")
    assert SlotSet("monthly_wage", "1500") in events


async def test_negative_text_and_absurd_wages_are_asked_again(dispatcher):
    for typed in ("-100", "a lot", "999999999"):
        events = await validate(dispatcher, "monthly_wage", typed)
        assert SlotSet("monthly_wage", None) in events
    assert responses(dispatcher) == ["utter_invalid_monthly_wage"] * 3


async def test_insured_months_must_fit_the_36_month_window(dispatcher):
    assert SlotSet("insured_months", "24") in await validate(
        dispatcher, "insured_months", "2 years"
    )
    assert SlotSet("insured_months", None) in await validate(dispatcher, "insured_months", "40")
    assert responses(dispatcher) == ["utter_invalid_insured_months"]


async def test_total_record_cannot_be_shorter_than_recent_work(dispatcher):
    events = await validate(dispatcher, "insurance_years", "1", slots={"insured_months": "30"})
    assert SlotSet("insurance_years", None) in events
    assert responses(dispatcher) == ["utter_invalid_insurance_shorter_than_recent"]


async def estimate(dispatcher, language="en", **answers):
    slots = {
        "monthly_wage": "1500",
        "insured_months": "30",
        "insurance_years": "7",
        "quit_voluntarily": False,
        "language": language,
        **answers,
    }
    events = await ActionEstimateBenefit().run(dispatcher, make_tracker(slots=slots), {})
    [message] = dispatcher.messages
    return message["text"], events


async def test_an_eligible_person_gets_the_breakdown(dispatcher):
    text, events = await estimate(dispatcher)
    # 1500 / 30 = 50 a day; 60% = 30.00 a day for days 1-100, 40% = 20.00 after; 270 days (7 years)
    assert "30.00" in text
    assert "20.00" in text
    assert "270" in text
    assert SlotSet("monthly_wage", None) in events  # the form can be filled again


async def test_the_estimate_is_in_russian_for_russian_speakers(dispatcher):
    text, _ = await estimate(dispatcher, language="ru")
    assert "30,00" in text
    assert "270" in text


async def test_too_little_insured_work_is_explained(dispatcher):
    text, _ = await estimate(dispatcher, insured_months="8")
    assert "12" in text
    assert "8" in text
