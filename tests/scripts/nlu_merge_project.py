"""Helpers of the merge tests: a small PES project, console exports, held-out scores.

The project (see the `project` fixture in conftest.py):

    domain:    greet, out_of_scope, faq/registration_documents, faq/benefit_amount
    training:  en greet "hello there", faq/registration_documents "what papers do I need";
               ru greet "привет"
    held-out:  en faq/benefit_amount "how much benefit will I get per month"
    dev:       ru faq/benefit_amount "сколько платят пособие по безработице"
"""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

from bench.nlu_metrics import Outcome, Scores
from staff.nlu_store import CollectedExample, nlu_yaml

DOMAIN = """\
version: "3.1"
intents:
  - greet
  - out_of_scope
  - faq
responses:
  utter_greet:
    - text: Hello!
  utter_faq/registration_documents:
    - text: Bring your passport.
  utter_faq/benefit_amount:
    - text: Half your wage.
"""


def nlu_file(path: Path, blocks: dict[str, list[str]]) -> Path:
    """A Rasa NLU YAML file with these examples per intent."""
    lines = ['version: "3.1"', "nlu:"]
    for intent, texts in blocks.items():
        lines += [f"- intent: {intent}", "  examples: |", *(f"    - {t}" for t in texts)]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def console_export(path: Path, examples: list[tuple[str, str]]) -> Path:
    """(intent, text) pairs exported exactly as the staff console downloads them."""
    collected = [
        CollectedExample(
            id=number,
            conversation_id=1,
            event_id=number,
            text=text,
            intent=intent,
            predicted_intent=None,
            language=None,
            author="anna",
            created_at=datetime(2024, 5, 1, tzinfo=timezone.utc),
        )
        for number, (intent, text) in enumerate(examples, start=1)
    ]
    path.write_text(nlu_yaml(collected), encoding="utf-8")
    return path


def scores(
    name: str = "heldout",
    language: str = "en",
    right: int = 0,
    wrong: int = 0,
    fallback: int = 0,
    caught: int = 0,
    missed: int = 0,
) -> Scores:
    """In-domain messages answered right, wrongly or with a fallback; out-of-domain ones caught
    (answered as out of scope) or missed."""
    outcomes = (
        [Outcome("q", "greet", "answer", "greet", 0.9)] * right
        + [Outcome("q", "greet", "answer", "stop", 0.9)] * wrong
        + [Outcome("q", "greet", "low_confidence", "greet", 0.1)] * fallback
        + [Outcome("q", "out_of_scope", "answer", "out_of_scope", 0.9)] * caught
        + [Outcome("q", "out_of_scope", "answer", "greet", 0.9)] * missed
    )
    return Scores(name, language, list(outcomes))
