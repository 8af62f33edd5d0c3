"""The open-world decision: answer, "Did you mean …?", or fall back — never a far-fetched guess."""

from rasa.shared.nlu.training_data.message import Message

from nlu.open_world import Answer, OpenWorldDecider, Thresholds, decide, ranked_answers


def test_faq_topics_share_the_faq_intents_confidence():
    answers = ranked_answers(
        [{"name": "faq", "confidence": 0.8}, {"name": "greet", "confidence": 0.2}],
        [
            {"intent_response_key": "faq/benefit_duration", "confidence": 0.75},
            {"intent_response_key": "faq/benefit_payment", "confidence": 0.25},
        ],
    )
    assert [(a.label, round(a.confidence, 2)) for a in answers] == [
        ("faq/benefit_duration", 0.6),
        ("faq/benefit_payment", 0.2),
        ("greet", 0.2),
    ]


LIMITS = Thresholds(threshold=0.3, ambiguity_margin=0.05, out_of_scope_threshold=0.4)


def test_a_confident_answer_is_given():
    decision = decide([Answer("faq/training", 0.8), Answer("register_start", 0.1)], LIMITS)
    assert decision.kind == "answer"
    assert decision.best == Answer("faq/training", 0.8)


def test_a_weak_best_answer_falls_back_instead_of_guessing():
    decision = decide([Answer("faq/training", 0.25), Answer("greet", 0.2)], LIMITS)
    assert decision.kind == "low_confidence"


def test_the_out_of_scope_class_wins_whatever_its_confidence():
    decision = decide([Answer("out_of_scope", 0.2), Answer("faq/training", 0.19)], LIMITS)
    assert decision.kind == "out_of_scope"


def test_a_strong_second_placed_out_of_scope_beats_a_split_in_domain_answer():
    answers = [Answer("faq/jobseeker_obligations", 0.45), Answer("out_of_scope", 0.41)]
    assert decide(answers, LIMITS).kind == "out_of_scope"
    assert decide(answers, Thresholds(0.3, 0.05, 0.5)).kind == "answer"


def test_a_bare_form_answer_is_never_overruled_by_out_of_scope():
    answers = [Answer("inform", 0.5), Answer("out_of_scope", 0.45)]
    assert decide(answers, LIMITS).kind == "answer"


def test_two_close_in_domain_answers_are_ambiguous():
    answers = [Answer("faq/benefit_duration", 0.45), Answer("faq/benefit_payment", 0.41)]
    assert decide(answers, LIMITS).kind == "ambiguous"
    assert decide(answers, Thresholds(0.3, 0.03, 0.4)).kind == "answer"


def test_small_talk_is_never_turned_into_did_you_mean():
    assert decide([Answer("thank", 0.5), Answer("goodbye", 0.48)], LIMITS).kind == "answer"


def decider_output(text, intent_ranking, faq_ranking=()):
    message = Message.build(text=text)
    message.set("intent", dict(intent_ranking[0]), add_to_output=True)
    message.set("intent_ranking", intent_ranking, add_to_output=True)
    message.set("response_selector", {"faq": {"ranking": list(faq_ranking)}}, add_to_output=True)
    [processed] = OpenWorldDecider(vars(LIMITS)).process([message])
    return processed


def test_the_decider_turns_a_close_call_into_nlu_fallback_and_keeps_the_candidates():
    processed = decider_output(
        "when and for how long do they pay",
        [{"name": "faq", "confidence": 0.9}, {"name": "estimate_benefit", "confidence": 0.1}],
        [
            {"intent_response_key": "faq/benefit_duration", "confidence": 0.52},
            {"intent_response_key": "faq/benefit_payment", "confidence": 0.48},
        ],
    )
    assert processed.get("intent")["name"] == "nlu_fallback"
    assert processed.get("open_world")["decision"] == "ambiguous"
    assert processed.get("open_world")["runner_up"]["name"] == "faq/benefit_payment"
    assert "open_world" in processed.as_dict(only_output_properties=True)


def test_the_decider_leaves_a_clear_answer_alone():
    processed = decider_output(
        "how long is the benefit paid",
        [{"name": "faq", "confidence": 0.95}, {"name": "greet", "confidence": 0.05}],
        [{"intent_response_key": "faq/benefit_duration", "confidence": 0.97}],
    )
    assert processed.get("intent")["name"] == "faq"
    assert processed.get("open_world")["decision"] == "answer"


def test_the_decider_answers_out_of_scope_when_it_is_a_close_second():
    processed = decider_output(
        "do I have to wear a mask on the plane",
        [{"name": "faq", "confidence": 0.5}, {"name": "out_of_scope", "confidence": 0.45}],
        [{"intent_response_key": "faq/jobseeker_obligations", "confidence": 0.9}],
    )
    assert processed.get("intent") == {"name": "out_of_scope", "confidence": 0.45}


def test_button_payloads_are_not_second_guessed():
    processed = decider_output("/register_start", [{"name": "register_start", "confidence": 0.1}])
    assert processed.get("intent")["name"] == "register_start"
    assert processed.get("open_world") is None


def test_a_message_without_words_is_asked_about_not_guessed():
    for text in ("", "   ", "👍🙂", "?!"):
        processed = decider_output(text, [{"name": "inform", "confidence": 0.4}])
        assert processed.get("intent")["name"] == "nlu_fallback"
        assert processed.get("open_world") == {"decision": "no_words"}
