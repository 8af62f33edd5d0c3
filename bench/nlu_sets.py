"""The labelled message sets the NLU is measured on, and the check that keeps them unseen.

Sets (Rasa YAML, per language, never trained on):
- `tests/nlu/dev/<lang>.yml` — development set: thresholds are chosen on it (`make tune-nlu`);
- `tests/nlu/heldout/<lang>.yml` — held-out set: every in-domain intent and FAQ topic plus
  out-of-domain requests; written before the model was tuned, by paraphrasing real public
  questions (see each file's header), never used to choose anything;
- `tests/nlu/heldout/<lang>_situations.yml` — long, real-phrased in-domain questions;
- `tests/nlu/heldout/<lang>_health.yml` — health and COVID-19 questions (all out of scope).

A public benchmark can be added for a run with `--clinc PATH` (CLINC150 `data_full.json`, CC BY
3.0): its *test* split is only evaluated, never trained on, and is not stored in this repository.
"""

from __future__ import annotations

import json
import re
import unicodedata
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from difflib import SequenceMatcher
from pathlib import Path

import yaml

from common.languages import load_languages

ROOT = Path(__file__).resolve().parent.parent
TRAINING_DIR = ROOT / "data" / "nlu"
DEV_DIR = ROOT / "tests" / "nlu" / "dev"
HELDOUT_DIR = ROOT / "tests" / "nlu" / "heldout"
LANGUAGES_FILE = ROOT / "data" / "content" / "languages.yml"
OUT_OF_SCOPE = "out_of_scope"
NEAR_DUPLICATE = 0.9

# Entity markup as Rasa writes it: [text](entity), [text]{"entity": …}
_MARKUP = re.compile(r"\[([^\]]*)\](?:\([^)]*\)|\{[^}]*\})")
_NOT_WORD = re.compile(r"[^\w]+")


@dataclass(frozen=True)
class Example:
    text: str
    label: str  # an intent, or `faq/<topic>`


@dataclass(frozen=True)
class LabelledSet:
    name: str
    language: str
    examples: tuple[Example, ...]


def languages() -> list[str]:
    """The assistant's languages, from the content file every process reads."""
    return list(load_languages(LANGUAGES_FILE.parent).codes)


def plain_text(example_line: str) -> str:
    """An example as a person typed it: entity markup removed."""
    return _MARKUP.sub(r"\1", example_line)


def normalised(text: str) -> str:
    """Case, punctuation, whitespace, `ё` and entity markup ignored: what counts as "the same"."""
    text = unicodedata.normalize("NFKC", plain_text(text)).lower().replace("ё", "е")
    return _NOT_WORD.sub(" ", text).replace("_", " ").strip()


def read_examples(path: Path) -> list[Example]:
    """The examples of a Rasa NLU YAML file: intents only (no lookups, synonyms, regexes)."""
    document = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    examples = []
    for block in document.get("nlu") or []:
        if "intent" not in block:
            continue
        for line in str(block.get("examples") or "").splitlines():
            line = line.strip()
            if line.startswith("- "):
                examples.append(Example(plain_text(line[2:].strip()), str(block["intent"])))
    return examples


def _labelled(name: str, language: str, path: Path) -> LabelledSet:
    return LabelledSet(name, language, tuple(read_examples(path)))


def development_sets() -> list[LabelledSet]:
    return [_labelled("dev", lang, DEV_DIR / f"{lang}.yml") for lang in languages()]


def heldout_sets() -> list[LabelledSet]:
    sets = []
    for lang in languages():
        sets.append(_labelled("heldout", lang, HELDOUT_DIR / f"{lang}.yml"))
        sets.append(_labelled("situations", lang, HELDOUT_DIR / f"{lang}_situations.yml"))
        sets.append(_labelled("health", lang, HELDOUT_DIR / f"{lang}_health.yml"))
    return sets


def evaluation_files() -> list[Path]:
    return sorted([*DEV_DIR.glob("*.yml"), *HELDOUT_DIR.glob("*.yml")])


def training_files() -> list[Path]:
    return sorted(TRAINING_DIR.rglob("*.yml"))


# CLINC150 small-talk intents that are intents of ours; every other CLINC intent is out of scope.
CLINC_TO_OURS = {
    "greeting": "greet",
    "goodbye": "goodbye",
    "thank_you": "thank",
    "are_you_a_bot": "bot_challenge",
    "yes": "affirm",
    "no": "deny",
    "cancel": "stop",
    "what_can_i_ask_you": "help",
}


def clinc_test_set(path: Path) -> LabelledSet:
    """CLINC150's test split (`data_full.json`: in-scope `test` and `oos_test`), our labels."""
    data = json.loads(path.read_text(encoding="utf-8"))
    examples = [
        Example(text, CLINC_TO_OURS.get(intent, OUT_OF_SCOPE))
        for text, intent in [*data["test"], *data["oos_test"]]
    ]
    return LabelledSet("clinc150-test", "en", tuple(examples))


@dataclass(frozen=True)
class Overlap:
    evaluation_file: Path
    evaluation_text: str
    training_text: str
    similarity: float


def overlaps(
    evaluation: list[Path], training: list[Path], cutoff: float = NEAR_DUPLICATE
) -> list[Overlap]:
    """Evaluation lines equal or nearly equal (≥ cutoff similarity) to a training example."""
    trained = {normalised(e.text): e.text for path in training for e in read_examples(path)}
    trained.pop("", None)
    by_length = sorted(trained, key=len)
    lengths = [len(key) for key in by_length]
    found = []
    for path in evaluation:
        for example in read_examples(path):
            key = normalised(example.text)
            if key in trained:
                found.append(Overlap(path, example.text, trained[key], 1.0))
                continue
            # 2·min/(a+b) ≥ cutoff bounds the lengths a similar enough line can have.
            low = bisect_left(lengths, len(key) * cutoff / (2 - cutoff))
            high = bisect_right(lengths, len(key) * (2 - cutoff) / cutoff)
            for candidate in by_length[low:high]:
                matcher = SequenceMatcher(None, key, candidate, autojunk=False)
                if matcher.quick_ratio() >= cutoff and matcher.ratio() >= cutoff:
                    found.append(Overlap(path, example.text, trained[candidate], matcher.ratio()))
                    break
    return found
