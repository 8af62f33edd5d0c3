"""Two-stage fallback: rephrase with suggestions, then offer a person."""

from support.trackers import make_tracker, user_message

from actions.fallback import ActionHandleFallback


def unclear_message(**extra):
    message = user_message("blah benefit thing", "nlu_fallback", confidence=0.4, **extra)
    message["intent_ranking"] = [
        {"name": "nlu_fallback", "confidence": 0.45},
        {"name": "estimate_benefit", "confidence": 0.40},
        {"name": "faq", "confidence": 0.35},
        {"name": "greet", "confidence": 0.10},
    ]
    message["response_selector"] = {
        "faq": {
            "ranking": [
                {"intent_response_key": "faq/benefit_duration", "confidence": 0.8},
                {"intent_response_key": "faq/benefit_payment", "confidence": 0.1},
            ]
        }
    }
    return message


async def test_first_misunderstanding_asks_to_rephrase_with_suggestions(dispatcher):
    tracker = make_tracker(latest=unclear_message())
    await ActionHandleFallback().run(dispatcher, tracker, {})
    [message] = dispatcher.messages
    assert message["response"] == "utter_ask_rephrase"
    assert [b["payload"] for b in message["buttons"]] == [
        "/estimate_benefit",
        "How long is the benefit paid?",
        "When is the benefit paid?",
        "/help",
    ]


async def test_suggestions_are_in_the_conversation_language(dispatcher):
    tracker = make_tracker(latest=unclear_message(), slots={"language": "ru"})
    await ActionHandleFallback().run(dispatcher, tracker, {})
    titles = [b["title"] for b in dispatcher.messages[0]["buttons"]]
    assert titles[0] == "Рассчитать пособие"
    assert "Сколько времени платят пособие?" in titles


async def test_second_misunderstanding_in_a_row_asks_a_person_to_help(dispatcher):
    previous = unclear_message()
    tracker = make_tracker(
        latest=unclear_message(),
        events=[{"event": "user", "text": previous["text"], "parse_data": previous}],
    )
    await ActionHandleFallback().run(dispatcher, tracker, {})
    assert [m["response"] for m in dispatcher.messages] == ["utter_fallback_handoff"]


def ambiguous_message(best: str, runner_up: str):
    message = user_message("payment thing for how long", "nlu_fallback", confidence=0.6)
    message["open_world"] = {
        "decision": "ambiguous",
        "best": {"name": best, "confidence": 0.41},
        "runner_up": {"name": runner_up, "confidence": 0.39},
    }
    return message


async def test_two_close_topics_are_offered_as_did_you_mean_buttons(dispatcher):
    tracker = make_tracker(
        latest=ambiguous_message("faq/benefit_duration", "faq/benefit_payment"),
        slots={"language": "ru"},
    )
    await ActionHandleFallback().run(dispatcher, tracker, {})
    [message] = dispatcher.messages
    assert message["response"] == "utter_did_you_mean"
    assert [b["title"] for b in message["buttons"]] == [
        "Сколько времени платят пособие?",
        "Когда выплачивают пособие?",
    ]


async def test_a_close_call_between_a_topic_and_a_task_offers_both(dispatcher):
    tracker = make_tracker(latest=ambiguous_message("estimate_benefit", "faq/benefit_eligibility"))
    await ActionHandleFallback().run(dispatcher, tracker, {})
    assert [b["payload"] for b in dispatcher.messages[0]["buttons"]] == [
        "/estimate_benefit",
        "Am I entitled to unemployment benefit?",
    ]


async def test_a_close_call_without_a_button_for_one_side_asks_to_rephrase(dispatcher):
    tracker = make_tracker(latest=ambiguous_message("faq/benefit_duration", "show_more"))
    await ActionHandleFallback().run(dispatcher, tracker, {})
    assert dispatcher.messages[0]["response"] == "utter_ask_rephrase"
