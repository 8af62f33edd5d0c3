"""The merge, step by step, with the slow steps (validate, train, evaluate) passed in.

Passing them in keeps the decisions testable in milliseconds with fake steps, while
`rasa_steps.py` does the real work. Whatever happens after the staff file is written — invalid
data, a fall in quality, a failed training, Ctrl-C — the file is restored unless the candidate
was accepted and has replaced the model.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections import Counter
from pathlib import Path
from typing import Protocol

from bench.nlu_metrics import Scores
from scripts.nlu_merge.export import Checked, Rules, check_export
from scripts.nlu_merge.gate import changes, drops, explain, table
from scripts.nlu_merge.staff_file import write_staff_reviewed

MODEL = Path("models") / "pes.tar.gz"
NLU_DIR = Path("data") / "nlu"


class Steps(Protocol):
    def validate(self) -> bool:
        """True when the training data is valid (`rasa data validate`, as `make validate`)."""

    def train(self, out: Path, name: str) -> Path:
        """Trains `<out>/<name>.tar.gz` from the project's data and returns its path."""

    def evaluate(self, model: Path) -> list[Scores]:
        """The model's scores on the held-out sets."""


def describe(checked: Checked) -> str:
    """What the export holds: what will be merged, what is already trained, what is refused."""
    languages = Counter(example.language for example in checked.accepted)
    per_language = "".join(f", {code} {count}" for code, count in sorted(languages.items()))
    lines = [
        f"To merge: {len(checked.accepted)} example(s){per_language}",
        f"Already in training or twice in the export: {checked.duplicates} (skipped)",
        f"Refused: {len(checked.refused)}",
    ]
    lines += [f"  - {r.text!r} as {r.label}: {r.reason}" for r in checked.refused]
    return "\n".join(lines)


def replace_model(candidate: Path, model: Path) -> None:
    """Copied beside the model, then renamed over it, so nothing ever reads half a model."""
    staged = model.with_name(f".{model.name}.new")
    shutil.copyfile(candidate, staged)
    os.replace(staged, model)


def candidate_is_better(steps: Steps, model: Path, tolerance: float) -> bool:
    """Validates, trains a candidate, compares it with `model` and replaces it if nothing fell."""
    if not steps.validate():
        print("Refused: `rasa data validate` found problems with the merged examples (above).")
        return False
    with tempfile.TemporaryDirectory(prefix="pes-candidate-") as out:
        candidate = steps.train(Path(out), "candidate")
        found = changes(steps.evaluate(model), steps.evaluate(candidate))
        print("\nHeld-out figures, current model → candidate:\n" + table(found) + "\n")
        fallen = drops(found, tolerance)
        if fallen:
            print(f"Refused: a figure fell by more than {tolerance:g}:\n" + explain(fallen))
            return False
        replace_model(candidate, model)
    return True


def merge(export: Path, root: Path, rules: Rules, steps: Steps, tolerance: float) -> int:
    """The exit status: 0 merged (or nothing new), 1 refused; the staff file is kept only on 0."""
    checked = check_export(export, rules)
    print(describe(checked))
    if not checked.accepted:
        print("Nothing new to merge.")
        return 1 if checked.refused else 0
    model = root / MODEL
    if not model.exists():
        print(f"No model at {MODEL}: training the current one first, to compare with.")
        steps.train(model.parent, model.name.removesuffix(".tar.gz"))
    backup = write_staff_reviewed(root / NLU_DIR, checked.accepted)
    written = " ".join(str(path.relative_to(root)) for path in backup.previous)
    kept = False
    try:
        kept = candidate_is_better(steps, model, tolerance)
    finally:
        if not kept:
            backup.restore()
            print(f"Restored {written}; {MODEL} is unchanged.")
    if not kept:
        return 1
    print(
        f"Merged {len(checked.accepted)} example(s) into {written}; {MODEL} is the new model "
        "(restart the Rasa server to use it; models/ is not committed).\nCommit the examples:\n"
        f"  git add {written} && git commit -m 'NLU: examples reviewed by staff'"
    )
    return 0
