"""`python -m scripts.nlu_merge EXPORT.yml [--tolerance T]` (what `make merge-nlu FILE=…` runs).

Exit status: 0 merged (or nothing new to merge), 1 refused (nothing acceptable, invalid data, a
held-out figure fell, training failed), 2 the export or the held-out sets cannot be read.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

from bench.nlu_sets import ROOT, heldout_sets
from scripts.nlu_merge.export import ExportError, Rules
from scripts.nlu_merge.merge import merge
from scripts.nlu_merge.rasa_steps import RasaSteps


def tolerance(value: str) -> float:
    number = float(value)
    if not 0 <= number <= 1:
        raise argparse.ArgumentTypeError("a share between 0 and 1")
    return number


def main() -> int:
    parser = argparse.ArgumentParser(
        prog="make merge-nlu FILE=…", description=(__doc__ or "").splitlines()[0]
    )
    parser.add_argument("export", type=Path, help="Rasa NLU YAML downloaded from the console")
    parser.add_argument(
        "--tolerance",
        type=tolerance,
        default=0.0,
        help="how far a held-out figure may fall and still merge (default 0: not at all)",
    )
    args = parser.parse_args()
    try:
        sets = heldout_sets()
        return merge(args.export, ROOT, Rules.of_project(), RasaSteps(ROOT, sets), args.tolerance)
    except (ExportError, FileNotFoundError) as error:
        print(f"Cannot merge: {error}", file=sys.stderr)
        return 2
    except subprocess.CalledProcessError as error:
        command = " ".join(map(str, error.cmd))
        print(f"Refused: `{command}` failed (exit {error.returncode}).", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
