"""The slow steps of a merge, done the way the Makefile and `make bench-nlu` do them.

Validation reuses scripts/validate_data.py (the same rules as `make validate`), training is plain
`rasa train` at the project root (so it reuses the `.rasa` cache), and evaluation is
bench.nlu_quality.evaluate on the held-out sets (the figures `make bench-nlu` prints).
"""

from __future__ import annotations

import asyncio
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from bench.nlu_metrics import Scores
from bench.nlu_quality import evaluate
from bench.nlu_sets import LabelledSet


@dataclass(frozen=True)
class RasaSteps:
    root: Path
    sets: list[LabelledSet]

    def validate(self) -> bool:
        validator = self.root / "scripts" / "validate_data.py"
        return subprocess.run([sys.executable, str(validator)], cwd=self.root).returncode == 0

    def train(self, out: Path, name: str) -> Path:
        rasa = Path(sys.executable).parent / "rasa"
        command = [str(rasa), "train", "--fixed-model-name", name, "--out", str(out)]
        subprocess.run(command, cwd=self.root, check=True)
        return out / f"{name}.tar.gz"

    def evaluate(self, model: Path) -> list[Scores]:
        return asyncio.run(evaluate(model, self.sets))
