"""Reading a staff export and deciding, example by example, what may go into training.

Every refusal names the example and the reason, so the member of staff who collected it can fix
the label or drop it. An example equal to one already trained on is not a mistake — two people
collected the same message — so it is only counted.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from bench.nlu_sets import (
    LANGUAGES_FILE,
    ROOT,
    evaluation_files,
    normalised,
    overlaps,
    plain_text,
    read_examples,
    training_files,
)
from common.languages import load_languages
from common.scripts import ScriptDetector
from staff.domain_intents import intent_choices


class ExportError(Exception):
    """The file is not an export of NLU examples: nothing in it can be merged."""


@dataclass(frozen=True)
class Rules:
    """What examples are checked against: the domain's labels, training and evaluation data."""

    labels: frozenset[str]
    training_files: tuple[Path, ...]
    evaluation_files: tuple[Path, ...]
    languages: tuple[str, ...]
    default_language: str  # for an example without letters to tell its language by

    @classmethod
    def of_project(cls) -> Rules:
        languages = load_languages(LANGUAGES_FILE.parent)
        return cls(
            labels=frozenset(intent_choices(ROOT / "domain")),
            training_files=tuple(training_files()),
            evaluation_files=tuple(evaluation_files()),
            languages=languages.codes,
            default_language=languages.default,
        )


@dataclass(frozen=True)
class Accepted:
    text: str  # as written in the export, entity markup included
    label: str  # an intent, or `faq/<topic>`
    language: str


@dataclass(frozen=True)
class Refused:
    text: str
    label: str
    reason: str


@dataclass
class Checked:
    accepted: list[Accepted] = field(default_factory=list)
    refused: list[Refused] = field(default_factory=list)
    duplicates: int = 0  # already in training, or twice in the export, with the same label


def example_lines(path: Path) -> list[tuple[str, str]]:
    """(label, line) for every non-blank line of every intent block, stripped but unparsed."""
    try:
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        raise ExportError(f"cannot read {path}: {error}") from error
    blocks = document.get("nlu") if isinstance(document, dict) else None
    if not isinstance(blocks, list):
        raise ExportError(f"{path} has no `nlu:` list: is it an export of NLU examples?")
    lines = []
    for block in blocks:
        if not isinstance(block, dict) or "intent" not in block:
            raise ExportError(f"{path}: only intent blocks can be merged, found {block!r}")
        examples = block.get("examples") or ""
        if not isinstance(examples, str):
            raise ExportError(f"{path}: the examples of {block['intent']} are not a `|` block")
        label = str(block["intent"])
        lines += [(label, line.strip()) for line in examples.splitlines() if line.strip()]
    return lines


def example_text(line: str) -> str | None:
    """The example of a `- text` line (maybe empty), None for any other line."""
    return line[1:].strip() if line.startswith("-") else None


def check_export(path: Path, rules: Rules) -> Checked:
    """Every line of the export accepted (with its language), refused or counted as a duplicate."""
    lines = example_lines(path)  # first: a file that is no export stops here
    evaluation = {
        normalised(o.evaluation_text): o for o in overlaps([path], list(rules.evaluation_files))
    }
    trained = {
        normalised(e.text): e.label for file in rules.training_files for e in read_examples(file)
    }
    detector = ScriptDetector(load_languages(LANGUAGES_FILE.parent), list(rules.languages))
    seen: dict[str, str] = {}
    checked = Checked()
    for label, line in lines:
        text = example_text(line)
        if text is None:
            checked.refused.append(Refused(line, label, "not an example: they start with '- '"))
            continue
        key = normalised(text)
        if not key:
            reason: str | None = "empty example"
        elif label not in rules.labels:
            reason = f"unknown intent or FAQ topic {label!r} (not in domain/)"
        elif key in evaluation:
            near = evaluation[key]
            reason = (
                f"equals or nearly equals ({near.similarity:.2f}) the held-out or dev line "
                f"{near.training_text!r}: training on it would make the quality gate lie"
            )
        elif trained.get(key, label) != label:
            reason = f"already trained as {trained[key]!r}"
        elif seen.get(key, label) != label:
            reason = f"also labelled {seen[key]!r} earlier in this export"
        else:
            reason = None
        if reason is not None:
            checked.refused.append(Refused(text, label, reason))
        elif key in trained or key in seen:
            checked.duplicates += 1
        else:
            seen[key] = label
            detection = detector.detect(plain_text(text))
            language = detection.code if detection else rules.default_language
            checked.accepted.append(Accepted(text, label, language))
    return checked
