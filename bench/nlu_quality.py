"""NLU quality on labelled sets never trained on: `make bench-nlu`.

Prints, per set and language: in-domain accuracy (intent and FAQ topic), "Did you mean" rate,
false-fallback rate, out-of-scope recall, the share of out-of-domain messages that got a PES
answer, expected calibration error, the worst confusions and a reliability table (see
bench/nlu_metrics.py for the definitions and bench/nlu_sets.py for the sets).

    python -m bench.nlu_quality [--model models/pes.tar.gz] [--sets heldout|dev|all]
                                [--clinc data_full.json] [--mistakes]
"""

from __future__ import annotations

import argparse
import asyncio
import logging
from pathlib import Path
from typing import Any

from bench.nlu_metrics import Outcome, Scores, detailed_report, summary_line
from bench.nlu_sets import (
    ROOT,
    LabelledSet,
    clinc_test_set,
    development_sets,
    heldout_sets,
)

DEFAULT_MODEL = ROOT / "models" / "pes.tar.gz"


def outcome_of(text: str, expected: str, parse: dict[str, Any]) -> Outcome:
    """An Outcome from Rasa's parse data (with the open-world decision of nlu/open_world.py)."""
    decision = parse.get("open_world")
    if not decision or "best" not in decision:  # commands, no words: what the pipeline said
        intent = parse.get("intent") or {}
        label = str(intent.get("full_retrieval_intent_name") or intent.get("name"))
        return Outcome(text, expected, "answer", label, float(intent.get("confidence") or 0))
    best, runner_up = decision.get("best") or {}, decision.get("runner_up") or {}
    return Outcome(
        text,
        expected,
        decision["decision"],
        str(best.get("name")),
        float(best.get("confidence") or 0),
        str(runner_up.get("name") or ""),
        float(runner_up.get("confidence") or 0),
        float(decision.get("out_of_scope_confidence") or 0),
    )


async def evaluate(model: Path, sets: list[LabelledSet]) -> list[Scores]:
    from rasa.core.agent import Agent
    from rasa.utils.log_utils import configure_structlog

    configure_structlog(logging.WARNING)
    agent = Agent.load(str(model))
    results = []
    for labelled in sets:
        scores = Scores(labelled.name, labelled.language)
        for example in labelled.examples:
            parse = await agent.parse_message(example.text)
            scores.outcomes.append(outcome_of(example.text, example.label, parse))
        results.append(scores)
    return results


def choose_sets(which: str, clinc: Path | None) -> list[LabelledSet]:
    sets = {"dev": development_sets(), "heldout": heldout_sets()}
    chosen = [*sets["dev"], *sets["heldout"]] if which == "all" else sets[which]
    return [*chosen, clinc_test_set(clinc)] if clinc else chosen


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, default=DEFAULT_MODEL)
    parser.add_argument("--sets", choices=["heldout", "dev", "all"], default="heldout")
    parser.add_argument("--clinc", type=Path, help="CLINC150 data_full.json (test split only)")
    parser.add_argument("--mistakes", action="store_true", help="list every wrong answer")
    args = parser.parse_args()
    results = asyncio.run(evaluate(args.model, choose_sets(args.sets, args.clinc)))
    for scores in results:
        print(detailed_report(scores, mistakes=args.mistakes), end="\n\n")
    print("Summary:")
    for scores in results:
        print("  " + summary_line(scores))


if __name__ == "__main__":
    main()
