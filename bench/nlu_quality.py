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
import time
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


async def evaluate(
    model: Path, sets: list[LabelledSet], parse_times: list[float] | None = None
) -> list[Scores]:
    """Scores per set; the time of every parse is appended to `parse_times` when given."""
    from rasa.core.agent import Agent
    from rasa.utils.log_utils import configure_structlog

    configure_structlog(logging.WARNING)
    agent = Agent.load(str(model))
    results = []
    for labelled in sets:
        scores = Scores(labelled.name, labelled.language)
        for example in labelled.examples:
            started = time.perf_counter()
            parse = await agent.parse_message(example.text)
            if parse_times is not None:
                parse_times.append(time.perf_counter() - started)
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
    parse_times: list[float] = []
    sets = choose_sets(args.sets, args.clinc)
    results = asyncio.run(evaluate(args.model, sets, parse_times))
    for scores in results:
        print(detailed_report(scores, mistakes=args.mistakes), end="\n\n")
    print("Summary:")
    for scores in results:
        print("  " + summary_line(scores))
    parse_times.sort()
    print(
        f"Parse time (in-process, {len(parse_times)} messages): "
        f"p50 {1000 * parse_times[len(parse_times) // 2]:.1f} ms, "
        f"p95 {1000 * parse_times[int(len(parse_times) * 0.95)]:.1f} ms; "
        f"model file {args.model.stat().st_size / 1e6:.1f} MB"
    )


if __name__ == "__main__":
    main()
