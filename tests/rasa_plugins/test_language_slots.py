"""The Rasa server decides the `language` slots itself, with no action server at all, and exactly
as the action server's `action_detect_language` does for the same tracker."""

from __future__ import annotations

from typing import Any

import pytest
from rasa.core.actions.action import ActionExtractSlots
from rasa.core.channels.channel import CollectingOutputChannel
from rasa.core.nlg import TemplatedNaturalLanguageGenerator
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActiveLoop, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from support.processes import ROOT
from support.trackers import user_message

from actions.language import ActionDetectLanguage

DOMAIN = Domain.load(str(ROOT / "domain"))
RUSSIAN = [{"entity": "language", "value": "русский"}]
ENGLISH = [{"entity": "language", "value": "en"}]
FRENCH = [{"entity": "language", "value": "french"}]

# (message, slots before, active form) -> the slots set, in order
CASES: list[tuple[dict[str, Any], dict[str, Any], str | None, dict[str, Any]]] = [
    (user_message("привет", "greet", language="ru"), {}, None, {"language": "ru"}),
    (user_message("privet, kak dela", "greet", language="ru"), {}, None, {"language": "ru"}),
    (user_message("hello", "greet", language="en"), {}, None, {}),
    (user_message("1500", "inform"), {"language": "ru"}, None, {}),
    (
        user_message("по-английски пожалуйста", "set_language", ENGLISH, language="ru"),
        {"language": "ru"},
        None,
        {"language": "en", "language_explicit": True},
    ),
    (
        user_message("сколько платят", "estimate_benefit", language="ru"),
        {"language": "en", "language_explicit": True},
        None,
        {},
    ),
    (
        user_message("/language русский", "set_language", RUSSIAN),
        {"language": "en", "language_explicit": True},
        None,
        {"language": "ru", "language_explicit": True},
    ),
    (
        user_message("Anna Smith", "inform", language="en"),
        {"language": "ru"},
        "registration_form",
        {},
    ),
    (
        user_message("Казань", "search_vacancies", language="ru"),
        {},
        "vacancy_form",
        {"language": "ru"},
    ),
    (user_message("in french please", "set_language", FRENCH, language="en"), {}, None, {}),
]

pytestmark = pytest.mark.usefixtures("rasa_reads_endpoints_yml")


def rasa_tracker(
    message: dict[str, Any], slots: dict[str, Any], active_loop: str | None
) -> DialogueStateTracker:
    before = {"language": "en", "language_explicit": False, **slots}
    events = [SlotSet(name, value) for name, value in before.items()]
    if active_loop:
        events.append(ActiveLoop(active_loop))
    events.append(UserUttered(message["text"], message["intent"], message["entities"], message))
    return DialogueStateTracker.from_events("webchat:language", events, slots=DOMAIN.slots)


@pytest.mark.parametrize(("message", "slots", "active_loop", "expected"), CASES)
async def test_rasa_fills_the_language_slots_without_the_action_server(
    message: dict[str, Any], slots: dict[str, Any], active_loop: str | None, expected: Any
) -> None:
    tracker = rasa_tracker(message, slots, active_loop)
    no_action_server = ActionExtractSlots(action_endpoint=None)

    events = await no_action_server.run(
        CollectingOutputChannel(),
        TemplatedNaturalLanguageGenerator(DOMAIN.responses),
        tracker,
        DOMAIN,
    )

    assert [(event.key, event.value) for event in events] == list(expected.items())


@pytest.mark.parametrize(("message", "slots", "active_loop", "expected"), CASES)
async def test_the_action_server_decides_the_same(
    message: dict[str, Any], slots: dict[str, Any], active_loop: str | None, expected: Any
) -> None:
    state = rasa_tracker(message, slots, active_loop).current_state()
    tracker = Tracker.from_dict(state)  # as the action server receives it

    events = await ActionDetectLanguage().run(CollectingDispatcher(), tracker, {})

    assert [(event["name"], event["value"]) for event in events] == list(expected.items())
