"""Checking a staff export example by example (scripts/nlu_merge/export.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from nlu_merge_project import console_export

from scripts.nlu_merge.export import Accepted, ExportError, Rules, check_export


def refusals(checked) -> dict[str, str]:
    return {refused.text: refused.reason for refused in checked.refused}


def test_examples_of_known_intents_and_faq_topics_are_accepted_with_their_language(
    tmp_path: Path, rules: Rules
):
    export = console_export(
        tmp_path / "export.yml",
        [
            ("faq/benefit_amount", "what will my benefit be, roughly"),
            ("faq/registration_documents", "какие бумаги взять с собой в центр занятости"),
            ("greet", "good evening assistant"),
        ],
    )
    checked = check_export(export, rules)
    assert checked.accepted == [
        Accepted("what will my benefit be, roughly", "faq/benefit_amount", "en"),
        Accepted(
            "какие бумаги взять с собой в центр занятости", "faq/registration_documents", "ru"
        ),
        Accepted("good evening assistant", "greet", "en"),
    ]
    assert checked.refused == []
    assert checked.duplicates == 0


def test_an_export_with_an_unknown_intent_is_refused_and_says_which(tmp_path: Path, rules: Rules):
    export = console_export(
        tmp_path / "export.yml",
        [("order_pizza", "one margherita please"), ("greet", "good evening assistant")],
    )
    checked = check_export(export, rules)
    assert refusals(checked) == {
        "one margherita please": "unknown intent or FAQ topic 'order_pizza' (not in domain/)"
    }
    assert [a.text for a in checked.accepted] == ["good evening assistant"]


@pytest.mark.parametrize("label", ["faq/pension_age", "faq"])
def test_an_faq_topic_without_an_answer_in_the_domain_is_refused(
    tmp_path: Path, rules: Rules, label: str
):
    export = console_export(tmp_path / "export.yml", [(label, "when can I retire")])
    checked = check_export(export, rules)
    assert checked.accepted == []
    assert "unknown intent or FAQ topic" in refusals(checked)["when can I retire"]


@pytest.mark.parametrize("line", ["-", "- ", "- ?!", "- ..."])
def test_an_empty_example_is_refused(tmp_path: Path, rules: Rules, line: str):
    export = tmp_path / "export.yml"
    export.write_text(
        f'version: "3.1"\nnlu:\n- intent: greet\n  examples: |\n    {line}\n    - hey you\n',
        encoding="utf-8",
    )
    checked = check_export(export, rules)
    assert [r.reason for r in checked.refused] == ["empty example"]
    assert [a.text for a in checked.accepted] == ["hey you"]


def test_a_line_that_is_not_an_example_is_refused(tmp_path: Path, rules: Rules):
    export = tmp_path / "export.yml"
    export.write_text(
        'version: "3.1"\nnlu:\n- intent: greet\n  examples: |\n    hey you\n', encoding="utf-8"
    )
    checked = check_export(export, rules)
    assert refusals(checked) == {"hey you": "not an example: they start with '- '"}


@pytest.mark.parametrize(
    "text",
    [
        "How much benefit will I get per month?",  # the held-out line, other case and punctuation
        "how much benefit wil I get per month",  # …with a typo
        "Сколько платят пособие по безработице",  # a dev line
    ],
)
def test_a_held_out_or_dev_near_copy_is_refused_not_merged(tmp_path: Path, rules: Rules, text: str):
    export = console_export(tmp_path / "export.yml", [("faq/benefit_amount", text)])
    checked = check_export(export, rules)
    assert checked.accepted == []
    assert "held-out or dev line" in refusals(checked)[text]


def test_a_held_out_near_copy_is_refused_whatever_label_it_was_given(tmp_path: Path, rules: Rules):
    export = console_export(
        tmp_path / "export.yml", [("greet", "how much benefit will I get per month")]
    )
    assert check_export(export, rules).accepted == []


def test_a_copy_of_a_training_example_is_counted_not_refused(tmp_path: Path, rules: Rules):
    export = console_export(
        tmp_path / "export.yml",
        [("greet", "Hello there!"), ("faq/registration_documents", "What papers do I need?")],
    )
    checked = check_export(export, rules)
    assert (checked.accepted, checked.refused, checked.duplicates) == ([], [], 2)


def test_a_training_example_given_another_label_is_refused(tmp_path: Path, rules: Rules):
    export = console_export(tmp_path / "export.yml", [("faq/benefit_amount", "hello there")])
    checked = check_export(export, rules)
    assert refusals(checked) == {"hello there": "already trained as 'greet'"}


def test_the_same_message_twice_is_merged_once_and_a_contradicting_label_is_refused(
    tmp_path: Path, rules: Rules
):
    export = tmp_path / "export.yml"
    export.write_text(
        'version: "3.1"\nnlu:\n'
        "- intent: greet\n  examples: |\n    - hey you\n    - Hey, you!\n"
        "- intent: out_of_scope\n  examples: |\n    - hey you\n",
        encoding="utf-8",
    )
    checked = check_export(export, rules)
    assert [a.text for a in checked.accepted] == ["hey you"]
    assert checked.duplicates == 1
    assert refusals(checked) == {"hey you": "also labelled 'greet' earlier in this export"}


def test_a_message_without_letters_goes_to_the_default_language(tmp_path: Path, rules: Rules):
    export = console_export(tmp_path / "export.yml", [("greet", "👋 2")])
    assert check_export(export, rules).accepted == [Accepted("👋 2", "greet", "en")]


def test_entity_markup_is_kept_as_written(tmp_path: Path, rules: Rules):
    export = tmp_path / "export.yml"
    export.write_text(
        'version: "3.1"\nnlu:\n- intent: greet\n  examples: |\n    - hi from [Kazan](location)\n',
        encoding="utf-8",
    )
    assert check_export(export, rules).accepted == [
        Accepted("hi from [Kazan](location)", "greet", "en")
    ]


@pytest.mark.parametrize(
    "content",
    [
        "nlu: [unclosed",
        "just a sentence\n",
        'version: "3.1"\nnlu:\n- synonym: benefit\n  examples: |\n    - allowance\n',
        'version: "3.1"\nnlu:\n- intent: greet\n  examples:\n    - hey\n',
    ],
    ids=["not YAML", "no nlu list", "a synonym block", "examples as a list"],
)
def test_a_file_that_is_not_an_export_of_examples_is_refused_whole(
    tmp_path: Path, rules: Rules, content: str
):
    export = tmp_path / "export.yml"
    export.write_text(content, encoding="utf-8")
    with pytest.raises(ExportError):
        check_export(export, rules)


def test_a_missing_export_is_refused_with_its_path(tmp_path: Path, rules: Rules):
    with pytest.raises(ExportError, match=r"export\.yml"):
        check_export(tmp_path / "export.yml", rules)
