"""(Re)writes data/vacancies/sample.jsonl, the shipped synthetic vacancies (one JSON a line).

python -m bench.make_sample
"""

from __future__ import annotations

import json
from pathlib import Path

from bench.vacancy_data import generate

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data/vacancies/sample.jsonl"
COUNT = 2400
SEED = 2026


def write_sample(path: Path = SAMPLE, count: int = COUNT, seed: int = SEED) -> int:
    """Writes `count` vacancies generated with `seed` to `path`; returns how many."""
    path.parent.mkdir(parents=True, exist_ok=True)
    written = 0
    with path.open("w", encoding="utf-8", newline="\n") as out:
        for record in generate(count, seed):
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
            written += 1
    return written


def main() -> None:
    written = write_sample()
    print(f"wrote {written} vacancies to {SAMPLE.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
