"""The forms ask again when a message answers nothing, unless an interruption rule must apply."""

from pathlib import Path

import pytest
import yaml
from rasa_sdk.events import SlotSet
from support.trackers import make_tracker, user_message

from actions.form_validation import INTERRUPTION_INTENTS
from actions.registration import FORM_SLOTS, ValidateRegistrationForm

DOMAIN = {"forms": {"registration_form": {"required_slots": list(FORM_SLOTS)}}, "slots": {}}
FORMS_RULES = Path(__file__).resolve().parents[2] / "data" / "core" / "forms.yml"


def intents_interrupting_forms() -> set[str]:
    """Intents that have a rule inside an active form in data/core/forms.yml."""
    rules = yaml.safe_load(FORMS_RULES.read_text(encoding="utf-8"))["rules"]
    found = set()
    for rule in rules:
        conditions = rule.get("condition") or []
        if any(c.get("active_loop") for c in conditions):
            found.update(step["intent"] for step in rule["steps"] if "intent" in step)
    return found


def test_the_interruption_list_matches_the_rules():
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


@pytest.mark.parametrize("intent", sorted(INTERRUPTION_INTENTS))
async def test_an_interruption_lets_the_form_reject_so_its_rule_applies(dispatcher, intent):
    assert await run(dispatcher, "…", intent) == []
