"""Quality gate on the held-out sets (written before tuning, never trained on), per language.

Needs the trained model (`make train`); training and parsing are deterministic (fixed seeds).
The figures are written to results/nlu_heldout.txt, which scripts/test.sh prints.
"""

import asyncio

import pytest

from bench.nlu_metrics import Scores, detailed_report
from bench.nlu_quality import DEFAULT_MODEL, evaluate
from bench.nlu_sets import heldout_sets

# The targets: 0.95 in-domain accuracy per language (README has today's figures).
IN_DOMAIN_ACCURACY = {"en": 0.95, "ru": 0.95}
FALSE_FALLBACK = 0.05
OUT_OF_SCOPE_RECALL = 0.90
SITUATIONS_ACCURACY = 0.80
REPORT = DEFAULT_MODEL.parent.parent / "results" / "nlu_heldout.txt"

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def scores() -> dict[tuple[str, str], Scores]:
    if not DEFAULT_MODEL.exists():
        pytest.fail(f"No trained model at {DEFAULT_MODEL}: run `make train` first", pytrace=False)
    results = asyncio.run(evaluate(DEFAULT_MODEL, heldout_sets()))
    REPORT.parent.mkdir(exist_ok=True)
    REPORT.write_text("\n\n".join(detailed_report(s) for s in results) + "\n", encoding="utf-8")
    return {(s.name, s.language): s for s in results}


@pytest.mark.parametrize("language", ["en", "ru"])
def test_in_domain_questions_get_the_right_answer(scores, language):
    heldout = scores[("heldout", language)]
    assert len(heldout.in_domain) >= 300
    assert heldout.accuracy >= IN_DOMAIN_ACCURACY[language], detailed_report(heldout)
    assert heldout.false_fallback <= FALSE_FALLBACK, detailed_report(heldout)


@pytest.mark.parametrize("language", ["en", "ru"])
@pytest.mark.parametrize("name", ["heldout", "health"])
def test_out_of_domain_requests_get_the_out_of_scope_answer(scores, name, language):
    result = scores[(name, language)]
    assert len(result.out_of_domain) >= 50
    assert result.oos_recall >= OUT_OF_SCOPE_RECALL, detailed_report(result)


@pytest.mark.parametrize("language", ["en", "ru"])
def test_questions_told_as_personal_stories_are_understood(scores, language):
    situations = scores[("situations", language)]
    assert len(situations.in_domain) >= 30
    assert situations.accuracy >= SITUATIONS_ACCURACY, detailed_report(situations)
