"""Choose the open-world thresholds on the development sets and write them into config.yml.

`make tune-nlu` parses `tests/nlu/dev/<lang>.yml` once with the trained model, then replays the
decision rule of nlu/open_world.py for every (threshold, ambiguity margin, out-of-scope
threshold) on a grid — the raw
ranking is in the parse data, so no retraining is needed — and keeps the pair that scores best
in the *worst* language, where the score is

    in-domain accuracy + ½ · clarified ("Did you mean …?" offering the right answer)
    + out-of-domain messages not given a PES answer

subject to a false-fallback rate of at most 5 % in every language. The held-out sets are never
looked at here. After writing config.yml, `make train` only re-runs the decision component.

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
THRESHOLDS = [round(0.05 * i, 2) for i in range(0, 15)]
MARGINS = [round(0.02 * i, 2) for i in range(0, 11)]
OUT_OF_SCOPE_THRESHOLDS = [round(0.05 * i, 2) for i in range(2, 13)] + [1.0]


def redecided(outcome: Outcome, limits: Thresholds) -> Outcome:
    """The outcome the decision rule would give with other settings."""
    answers = [Answer(outcome.best, outcome.confidence)]
    if outcome.runner_up:
        answers.append(Answer(outcome.runner_up, outcome.runner_up_confidence))
    if OUT_OF_SCOPE not in (outcome.best, outcome.runner_up):
        answers.append(Answer(OUT_OF_SCOPE, outcome.out_of_scope_confidence))
    return replace(outcome, decision=decide(answers, limits).kind)


def objective(scores: Scores) -> float:
    served = 1 - scores.pes_answer_rate if scores.out_of_domain else 1.0
    return scores.accuracy + 0.5 * scores.clarified + served


def grid() -> list[Thresholds]:
    return [
        Thresholds(threshold, margin, oos)
        for threshold in THRESHOLDS
        for margin in MARGINS
        for oos in OUT_OF_SCOPE_THRESHOLDS
    ]


def tune(dev: list[Scores]) -> tuple[Thresholds, list[Scores]]:
    """The best thresholds on the grid, and the dev scores they give."""
    best: tuple[float, Thresholds, list[Scores]] | None = None
    for limits in grid():
        replayed = [
            Scores(s.name, s.language, [redecided(o, limits) for o in s.outcomes]) for s in dev
        ]
        if any(s.false_fallback > MAX_FALSE_FALLBACK for s in replayed):
            continue
        worst = min(objective(s) for s in replayed)
        if best is None or worst > best[0]:
            best = (worst, limits, replayed)
    if best is None:
        raise SystemExit(f"No setting keeps false fallback ≤ {MAX_FALSE_FALLBACK} on the dev sets")
    return best[1], best[2]


def write_config(limits: Thresholds, path: Path = CONFIG) -> None:
    """Set the decider's numbers in config.yml, leaving everything else as written."""
    text = path.read_text(encoding="utf-8")
    start = text.index("name: nlu.open_world.OpenWorldDecider")
    end = text.find("- name:", start)
    block = text[start : end if end >= 0 else len(text)]
    for key, value in vars(limits).items():
        block, count = re.subn(rf"(\n\s+{key}: )[0-9.]+", rf"\g<1>{value}", block)
        if count != 1:
            raise SystemExit(f"config.yml: OpenWorldDecider has no single `{key}:`")
    end = text.find("- name:", start)
    path.write_text(text[:start] + block + text[end if end >= 0 else len(text) :], "utf-8")


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
