"""Quality gate: held-out intent accuracy (never trained on) is at least 0.90 per language.

Needs the trained model (`make train`); the model is deterministic (fixed random seeds).
"""

import asyncio

import pytest

from bench.nlu_quality import DEFAULT_MODEL, report, score

GATE = 0.90

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def scores():
    if not DEFAULT_MODEL.exists():
        pytest.fail(f"No trained model at {DEFAULT_MODEL}: run `make train` first", pytrace=False)
    return asyncio.run(score(DEFAULT_MODEL))


REPORT = DEFAULT_MODEL.parent.parent / "results" / "nlu_heldout.txt"


@pytest.mark.parametrize("language", ["en", "ru"])
def test_intent_accuracy_per_language(scores, language):
    REPORT.parent.mkdir(exist_ok=True)
    REPORT.write_text(report(scores) + "\n", encoding="utf-8")  # printed by scripts/test.sh
    assert scores[language].total >= 300
    assert scores[language].accuracy >= GATE, report({language: scores[language]})
