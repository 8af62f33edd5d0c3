"""Intent accuracy of a trained model on the held-out sets (tests/nlu/heldout_<lang>.yml).

The held-out sets are never trained on. For FAQ questions the full retrieval intent counts
(`faq/benefit_duration`), since that decides which answer the person gets.

    python -m bench.nlu_quality [models/pes.tar.gz]
"""

from __future__ import annotations

import asyncio
import logging
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HELDOUT = {"en": ROOT / "tests/nlu/heldout_en.yml", "ru": ROOT / "tests/nlu/heldout_ru.yml"}
DEFAULT_MODEL = ROOT / "models/pes.tar.gz"


@dataclass
class LanguageScore:
    language: str
    total: int = 0
    correct: int = 0
    confusions: Counter[tuple[str, str]] = field(default_factory=Counter)
    mistakes: list[tuple[str, str, str]] = field(default_factory=list)

    @property
    def accuracy(self) -> float:
        return self.correct / self.total if self.total else 0.0


def expected_label(example) -> str:
    return str(example.get("intent_response_key") or example.get("intent"))


def predicted_label(parse: dict) -> str:
    intent = parse["intent"]
    return str(intent.get("full_retrieval_intent_name") or intent.get("name"))


async def score(model: Path) -> dict[str, LanguageScore]:
    from rasa.core.agent import Agent
    from rasa.shared.nlu.training_data.loading import load_data
    from rasa.utils.log_utils import configure_structlog

    configure_structlog(logging.WARNING)
    agent = Agent.load(str(model))
    scores = {}
    for language, path in HELDOUT.items():
        result = LanguageScore(language)
        for example in load_data(str(path)).training_examples:
            expected = expected_label(example)
            parse = await agent.parse_message(example.get("text"))
            predicted = predicted_label(parse)
            result.total += 1
            if predicted == expected:
                result.correct += 1
            else:
                result.confusions[(expected, predicted)] += 1
                result.mistakes.append((example.get("text"), expected, predicted))
        scores[language] = result
    return scores


def report(scores: dict[str, LanguageScore]) -> str:
    lines = []
    for result in scores.values():
        lines.append(
            f"{result.language}: intent accuracy {result.accuracy:.3f} "
            f"({result.correct}/{result.total})"
        )
        for text, expected, predicted in result.mistakes:
            lines.append(f"    {expected:32} -> {predicted:32} {text!r}")
    return "\n".join(lines)


def main() -> None:
    model = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_MODEL
    print(report(asyncio.run(score(model))))


if __name__ == "__main__":
    main()
