"""The conversation language follows each message; an explicit choice wins until the next one."""

from rasa_sdk.events import SlotSet
from support.trackers import make_tracker, responses, user_message

from actions.language import ActionConfirmLanguage, ActionDetectLanguage


async def detect(dispatcher, **tracker_args):
    return await ActionDetectLanguage().run(dispatcher, make_tracker(**tracker_args), {})


async def test_a_russian_message_switches_the_conversation_to_russian(dispatcher):
    events = await detect(dispatcher, latest=user_message("привет", "greet", language="ru"))
    assert events == [SlotSet("language", "ru")]


async def test_the_same_language_sets_nothing(dispatcher):
    events = await detect(dispatcher, latest=user_message("hello", "greet", language="en"))
    assert events == []


async def test_a_number_keeps_the_current_language(dispatcher):
    events = await detect(
        dispatcher, latest=user_message("1500", "inform"), slots={"language": "ru"}
    )
    assert events == []


async def test_an_explicit_switch_wins(dispatcher):
    latest = user_message(
        "по-английски пожалуйста",
        "set_language",
        entities=[{"entity": "language", "value": "en"}],
        language="ru",
    )
    events = await detect(dispatcher, latest=latest, slots={"language": "ru"})
    assert events == [SlotSet("language", "en"), SlotSet("language_explicit", True)]


async def test_after_an_explicit_switch_detection_is_ignored(dispatcher):
    events = await detect(
        dispatcher,
        latest=user_message("сколько платят", "estimate_benefit", language="ru"),
        slots={"language": "en", "language_explicit": True},
    )
    assert events == []


async def test_switching_again_explicitly_changes_it_again(dispatcher):
    latest = user_message("/language ru", "set_language", [{"entity": "language", "value": "ru"}])
    events = await detect(
        dispatcher, latest=latest, slots={"language": "en", "language_explicit": True}
    )
    assert events == [SlotSet("language", "ru"), SlotSet("language_explicit", True)]


async def test_language_names_in_any_language_are_understood(dispatcher):
    latest = user_message(
        "/language русский", "set_language", [{"entity": "language", "value": "русский"}]
    )
    events = await detect(dispatcher, latest=latest)
    assert SlotSet("language", "ru") in events


async def test_answers_to_form_questions_do_not_switch_the_language(dispatcher):
    events = await detect(
        dispatcher,
        latest=user_message("Anna Smith", "inform", language="en"),
        slots={"language": "ru"},
        active_loop="registration_form",
    )
    assert events == []


async def test_an_unsupported_language_is_not_taken(dispatcher):
    latest = user_message(
        "in french please", "set_language", [{"entity": "language", "value": "french"}]
    )
    events = await detect(dispatcher, latest=latest)
    assert SlotSet("language_explicit", True) not in events
    await ActionConfirmLanguage().run(dispatcher, make_tracker(latest=latest), {})
    assert responses(dispatcher) == ["utter_language_unsupported"]


async def test_a_supported_switch_is_confirmed(dispatcher):
    latest = user_message("russian please", "set_language", [{"entity": "language", "value": "ru"}])
    await ActionConfirmLanguage().run(dispatcher, make_tracker(latest=latest), {})
    assert responses(dispatcher) == ["utter_language_switched"]
