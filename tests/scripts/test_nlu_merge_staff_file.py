"""Writing data/nlu/<lang>/staff_reviewed.yml and undoing it (scripts/nlu_merge/staff_file.py)."""

from __future__ import annotations

import os
from pathlib import Path

from rasa.shared.nlu.training_data.formats.rasa_yaml import RasaYAMLReader

from bench.nlu_sets import Example, read_examples
from scripts.nlu_merge.export import Accepted
from scripts.nlu_merge.staff_file import HEADER, write_staff_reviewed


def test_a_new_staff_file_has_the_header_and_one_block_per_intent_in_sorted_order(tmp_path: Path):
    write_staff_reviewed(
        tmp_path,
        [
            Accepted("good evening assistant", "greet", "en"),
            Accepted("what will my benefit be", "faq/benefit_amount", "en"),
            Accepted("hey you", "greet", "en"),
        ],
    )
    text = (tmp_path / "en" / "staff_reviewed.yml").read_text(encoding="utf-8")
    assert text == (
        "# Examples collected by PES staff in the console, merged by `make merge-nlu`\n"
        "# (scripts/nlu_merge checks each one: add to this file with that command, not by hand).\n"
        'version: "3.1"\n'
        "nlu:\n"
        "- intent: faq/benefit_amount\n"
        "  examples: |\n"
        "    - what will my benefit be\n"
        "- intent: greet\n"
        "  examples: |\n"
        "    - good evening assistant\n"
        "    - hey you\n"
    )
    assert text.startswith(HEADER)


def test_examples_are_appended_to_the_block_of_their_intent_keeping_the_order(tmp_path: Path):
    write_staff_reviewed(tmp_path, [Accepted("b", "greet", "en"), Accepted("a", "stop", "en")])
    write_staff_reviewed(tmp_path, [Accepted("c", "greet", "en"), Accepted("d", "affirm", "en")])
    examples = read_examples(tmp_path / "en" / "staff_reviewed.yml")
    assert examples == [
        Example("d", "affirm"),
        Example("b", "greet"),
        Example("c", "greet"),
        Example("a", "stop"),
    ]


def test_each_language_gets_its_own_file(tmp_path: Path):
    write_staff_reviewed(
        tmp_path, [Accepted("hey you", "greet", "en"), Accepted("здравствуйте", "greet", "ru")]
    )
    assert read_examples(tmp_path / "en" / "staff_reviewed.yml") == [Example("hey you", "greet")]
    assert read_examples(tmp_path / "ru" / "staff_reviewed.yml") == [
        Example("здравствуйте", "greet")
    ]


def test_rasa_reads_the_file_with_its_entities_and_retrieval_intents(tmp_path: Path):
    write_staff_reviewed(
        tmp_path,
        [
            Accepted("welder jobs in [Kazan](location)", "search_vacancies", "en"),
            Accepted("how much would I get: 50% of my wage?", "faq/benefit_amount", "en"),
        ],
    )
    data = RasaYAMLReader().read(tmp_path / "en" / "staff_reviewed.yml")
    messages = {m.get("text"): m for m in data.intent_examples}
    assert messages["welder jobs in Kazan"].get("entities")[0]["value"] == "Kazan"
    assert messages["how much would I get: 50% of my wage?"].get("intent") == "faq"


def test_restoring_removes_a_file_the_merge_created(tmp_path: Path):
    backup = write_staff_reviewed(tmp_path, [Accepted("hey you", "greet", "en")])
    backup.restore()
    assert not (tmp_path / "en" / "staff_reviewed.yml").exists()


def test_restoring_puts_back_the_previous_contents_and_modification_time(tmp_path: Path):
    write_staff_reviewed(tmp_path, [Accepted("hey you", "greet", "en")])
    path = tmp_path / "en" / "staff_reviewed.yml"
    os.utime(path, ns=(1_000_000_000_000_000_000, 1_000_000_000_000_000_000))
    before = path.read_bytes()

    backup = write_staff_reviewed(
        tmp_path, [Accepted("good evening", "greet", "en"), Accepted("привет всем", "greet", "ru")]
    )
    assert path.read_bytes() != before
    backup.restore()

    assert path.read_bytes() == before
    assert path.stat().st_mtime_ns == 1_000_000_000_000_000_000
    assert not (tmp_path / "ru" / "staff_reviewed.yml").exists()
