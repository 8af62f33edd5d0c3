"""Choosing the open-world thresholds: targets as constraints, config.yml edited in place."""

from bench.nlu_metrics import Outcome, Scores
from bench.nlu_tuning import redecided, tune, write_config
from nlu.open_world import Thresholds


def outcome(expected, best, confidence, runner_up="", runner_up_confidence=0.0, oos=0.0):
    return Outcome(
        "text", expected, "answer", best, confidence, runner_up, runner_up_confidence, oos
    )


def test_a_replayed_outcome_follows_the_new_thresholds():
    weak = outcome("faq/training", "faq/training", 0.3, "greet", 0.1, 0.05)
    assert redecided(weak, Thresholds(0.2, 0.02, 1.0)).predicted == "faq/training"
    assert redecided(weak, Thresholds(0.35, 0.02, 1.0)).predicted == "nlu_fallback"
    split = outcome("out_of_scope", "faq/jobseeker_obligations", 0.45, "out_of_scope", 0.41, 0.41)
    assert redecided(split, Thresholds(0.2, 0.02, 0.4)).predicted == "out_of_scope"


def test_tuning_keeps_pes_answers_away_from_out_of_domain_messages_and_in_domain_ones_answered():
    dev = Scores(
        "dev",
        "en",
        [
            *[outcome("faq/training", "faq/training", 0.9) for _ in range(19)],
            outcome("faq/training", "faq/training", 0.55, "out_of_scope", 0.45, 0.45),
            *[outcome("out_of_scope", "out_of_scope", 0.9, oos=0.9) for _ in range(8)],
            *[outcome("out_of_scope", "faq/benefit_payment", 0.5, "out_of_scope", 0.45, 0.45)] * 2,
        ],
    )
    _, [replayed] = tune([dev])
    assert replayed.pes_answer_rate == 0.0
    assert replayed.accuracy == 1.0
    assert replayed.false_fallback <= 0.05


def test_the_chosen_numbers_are_written_into_the_deciders_block_only(tmp_path):
    config = tmp_path / "config.yml"
    config.write_text(
        "pipeline:\n"
        "  - name: nlu.open_world.OpenWorldDecider\n"
        "    threshold: 0.3\n"
        "    ambiguity_margin: 0.0\n"
        "    out_of_scope_threshold: 1.0\n"
        "  - name: Other\n"
        "    threshold: 0.7\n",
        encoding="utf-8",
    )
    write_config(Thresholds(0.25, 0.04, 0.4), config)
    text = config.read_text(encoding="utf-8")
    assert (
        "    threshold: 0.25\n    ambiguity_margin: 0.04\n    out_of_scope_threshold: 0.4\n" in text
    )
    assert text.endswith("  - name: Other\n    threshold: 0.7\n")
