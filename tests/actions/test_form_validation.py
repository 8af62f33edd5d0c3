"""The forms ask again when a message answers nothing, unless an interruption rule must apply."""

from pathlib import Path

import pytest
import yaml
from rasa_sdk.events import SlotSet
from support.trackers import make_tracker, user_message

from actions.form_validation import INTERRUPTION_INTENTS, looks_like_an_answer
from actions.registration import FORM_SLOTS, ValidateRegistrationForm

DOMAIN = {"forms": {"registration_form": {"required_slots": list(FORM_SLOTS)}}, "slots": {}}
CORE_DATA = Path(__file__).resolve().parents[2] / "data" / "core"


def intents_interrupting_forms() -> dict[str, set[str]]:
    """Per form, the intents that have a rule inside it in data/core/ (forms.yml, and the files
    of features with forms of their own, e.g. bookings.yml)."""
    rules = [
        rule
        for path in sorted(CORE_DATA.glob("*.yml"))
        for rule in yaml.safe_load(path.read_text(encoding="utf-8")).get("rules") or []
    ]
    found: dict[str, set[str]] = {}
    for rule in rules:
        for condition in rule.get("condition") or []:
            if condition.get("active_loop"):
                intents = {step["intent"] for step in rule["steps"] if "intent" in step}
                found.setdefault(condition["active_loop"], set()).update(intents)
    return found


def test_the_interruption_lists_match_the_rules():
    assert intents_interrupting_forms() == INTERRUPTION_INTENTS


async def run(dispatcher, text, intent):
    tracker = make_tracker(
        latest=user_message(text, intent),
        slots={"requested_slot": "consent"},
        active_loop="registration_form",
    )
    return await ValidateRegistrationForm().run(dispatcher, tracker, DOMAIN)


async def test_a_message_without_a_rule_keeps_the_form_asking(dispatcher):
    assert await run(dispatcher, "I want to register", "register_start") == [
        SlotSet("consent", None)
    ]


@pytest.mark.parametrize("intent", sorted(INTERRUPTION_INTENTS["registration_form"]))
async def test_an_interruption_lets_the_form_reject_so_its_rule_applies(dispatcher, intent):
    assert await run(dispatcher, "…", intent) == []


async def test_a_cleared_slot_is_not_validated_as_if_typed(dispatcher):
    tracker = make_tracker(
        latest=user_message("I'm looking for a job", "search_vacancies"),
        slots={"requested_slot": None},
        after=[{"event": "slot", "name": "full_name", "value": None}],
        active_loop="registration_form",
    )
    events = await ValidateRegistrationForm().run(dispatcher, tracker, DOMAIN)
    assert SlotSet("full_name", None) in events
    assert dispatcher.messages == []  # no "that doesn't look like a name"


async def answer_taken_for_out_of_scope(dispatcher, text):
    tracker = make_tracker(
        latest=user_message(text, "out_of_scope"),
        slots={"requested_slot": "region", "consent": True},
        active_loop="registration_form",
        after=[{"event": "slot", "name": "region", "value": text}],
    )
    return await ValidateRegistrationForm().run(dispatcher, tracker, DOMAIN)


async def test_a_short_answer_the_classifier_took_for_out_of_scope_still_fills_the_slot(
    dispatcher,
):
    events = await answer_taken_for_out_of_scope(dispatcher, "Demo City")
    assert SlotSet("region", "Demo City") in events
    assert not dispatcher.messages


async def test_an_out_of_domain_question_inside_the_form_is_refused_and_fills_nothing(dispatcher):
    events = await answer_taken_for_out_of_scope(dispatcher, "what's a good banana bread recipe")
    assert SlotSet("region", None) in events
    assert [m["response"] for m in dispatcher.messages] == ["utter_out_of_scope"]


@pytest.mark.parametrize(
    ("text", "answer"),
    [
        ("Demo City", True),
        ("none", True),
        ("Анна Смирнова", True),
        ("is my card blocked?", False),
        ("how do I boil an egg", False),
        ("поставь будильник на семь", False),
        ("I would like to know about the weather in Tallinn tomorrow", False),
    ],
)
def test_what_looks_like_an_answer_to_a_form_question(text, answer):
    assert looks_like_an_answer(text) is answer
