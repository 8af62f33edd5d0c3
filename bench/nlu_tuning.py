"""Choose the open-world thresholds on the development sets and write them into config.yml.

`make tune-nlu` parses `tests/nlu/dev/<lang>.yml` once with the trained model, then replays the
decision rule of nlu/open_world.py for every (threshold, ambiguity margin, out-of-scope
threshold) on a grid — the raw ranking is in the parse data, so no retraining is needed. The
targets are the constraints, in every language: at most 5 % false fallback on in-domain messages
and at most 10 % of out-of-domain messages given a PES answer. Among the settings that meet them it
keeps the one with the best mean over the languages of

    in-domain accuracy + ½ · clarified ("Did you mean …?" offering the right answer),

then the fewest PES answers to out-of-domain messages. The held-out sets are never looked at
here. After writing config.yml, `make train` only re-runs the decision component.

    python -m bench.nlu_tuning [--model models/pes.tar.gz] [--dry-run]
"""

from __future__ import annotations

import argparse
import asyncio
import re
from dataclasses import replace
from pathlib import Path

from bench.nlu_metrics import Outcome, Scores, summary_line
from bench.nlu_quality import DEFAULT_MODEL, evaluate
from bench.nlu_sets import ROOT, development_sets
from nlu.open_world import OUT_OF_SCOPE, Answer, Thresholds, decide

CONFIG = ROOT / "config.yml"
MAX_FALSE_FALLBACK = 0.05
MAX_PES_ANSWERS = 0.10
# Below 0.2 the classifier is guessing among ~50 labels: a fallback is always asked for there.
THRESHOLDS = [round(0.05 * i, 2) for i in range(4, 15)]
CLARIFIED_WORTH = 0.5
# Two answers within 0.02 are a coin toss: "Did you mean …?" is always asked there.
MARGINS = [round(0.02 * i, 2) for i in range(1, 11)]
OUT_OF_SCOPE_THRESHOLDS = [round(0.05 * i, 2) for i in range(2, 13)] + [1.0]


def redecided(outcome: Outcome, limits: Thresholds) -> Outcome:
    """The outcome the decision rule would give with other settings."""
    answers = [Answer(outcome.best, outcome.confidence)]
    if outcome.runner_up:
        answers.append(Answer(outcome.runner_up, outcome.runner_up_confidence))
    if OUT_OF_SCOPE not in (outcome.best, outcome.runner_up):
        answers.append(Answer(OUT_OF_SCOPE, outcome.out_of_scope_confidence))
    return replace(outcome, decision=decide(answers, limits).kind)


def objective(scores: list[Scores]) -> tuple[float, float]:
    """Higher is better: the mean in-domain score, then the fewest PES answers."""
    return (
        sum(s.accuracy + CLARIFIED_WORTH * s.clarified for s in scores) / len(scores),
        -max(s.pes_answer_rate for s in scores),
    )


def meets_targets(scores: Scores) -> bool:
    return scores.false_fallback <= MAX_FALSE_FALLBACK and scores.pes_answer_rate <= MAX_PES_ANSWERS


def grid() -> list[Thresholds]:
    return [
        Thresholds(threshold, margin, oos)
        for threshold in THRESHOLDS
        for margin in MARGINS
        for oos in OUT_OF_SCOPE_THRESHOLDS
    ]


def tune(dev: list[Scores]) -> tuple[Thresholds, list[Scores]]:
    """The best thresholds on the grid, and the dev scores they give."""
    best: tuple[tuple[float, float], Thresholds, list[Scores]] | None = None
    for limits in grid():
        replayed = [
            Scores(s.name, s.language, [redecided(o, limits) for o in s.outcomes]) for s in dev
        ]
        if not all(meets_targets(s) for s in replayed):
            continue
        score = objective(replayed)
        if best is None or score > best[0]:
            best = (score, limits, replayed)
    if best is None:
        raise SystemExit(
            f"No setting keeps false fallback ≤ {MAX_FALSE_FALLBACK} and PES answers to "
            f"out-of-domain messages ≤ {MAX_PES_ANSWERS} on the dev sets: the model needs work"
        )
    return best[1], best[2]


def write_config(limits: Thresholds, path: Path = CONFIG) -> None:
    """Set the decider's numbers in config.yml, leaving everything else as written."""
    text = path.read_text(encoding="utf-8")
    start = text.index("name: nlu.open_world.OpenWorldDecider")
    end = text.find("- name:", start)
    end = end if end >= 0 else len(text)
    block = text[start:end]
    for key, value in vars(limits).items():
        block, count = re.subn(rf"(\n\s+{key}: )[0-9.]+", rf"\g<1>{value}", block)
        if count != 1:
            raise SystemExit(f"config.yml: OpenWorldDecider has no single `{key}:`")
    path.write_text(text[:start] + block + text[end:], "utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, default=DEFAULT_MODEL)
    parser.add_argument("--dry-run", action="store_true", help="print, don't write config.yml")
    args = parser.parse_args()
    dev = asyncio.run(evaluate(args.model, development_sets()))
    print("Dev sets as trained:")
    for scores in dev:
        print("  " + summary_line(scores))
    limits, replayed = tune(dev)
    print(f"Chosen on the dev sets: {limits}")
    for scores in replayed:
        print("  " + summary_line(scores))
    if not args.dry_run:
        write_config(limits)
        print(f"Written to {CONFIG.name}; run `make train` to apply.")


if __name__ == "__main__":
    main()
