"""`python -m scripts.nlu_merge` end to end with real Rasa: validate, train, evaluate, replace.

It runs in a tiny project in tmp_path (three intents, a logistic regression pipeline that trains
in seconds) holding copies of bench/ and scripts/, so the command's project root is the copy:
the real data/nlu/ and models/ are never touched, and it takes about two minutes on two cores.
The decisions themselves are tested with fake steps in test_nlu_merge_flow.py.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from nlu_merge_project import console_export, nlu_file

pytestmark = pytest.mark.model

ROOT = Path(__file__).resolve().parents[2]

CONFIG = """\
recipe: default.v1
language: en
assistant_id: merge-e2e
pipeline:
  - name: WhitespaceTokenizer
  - name: CountVectorsFeaturizer
    analyzer: char_wb
    min_ngram: 2
    max_ngram: 4
  - name: LogisticRegressionClassifier
    random_state: 42
policies:
  - name: RulePolicy
"""

DOMAIN = """\
version: "3.1"
intents: [greet, goodbye, out_of_scope]
responses:
  utter_greet: [{text: Hello!}]
  utter_goodbye: [{text: Bye!}]
  utter_out_of_scope: [{text: I cannot help with that.}]
"""

RULES = """\
version: "3.1"
rules:
- rule: greet
  steps: [{intent: greet}, {action: utter_greet}]
- rule: goodbye
  steps: [{intent: goodbye}, {action: utter_goodbye}]
- rule: out of scope
  steps: [{intent: out_of_scope}, {action: utter_out_of_scope}]
"""

TRAINING = {
    "greet": ["hello", "hi there", "good morning", "hey", "good evening", "hello assistant"],
    "goodbye": ["bye", "goodbye", "see you later", "bye bye", "good night", "farewell"],
    "out_of_scope": [
        "what is the weather",
        "order a pizza",
        "tell me a joke",
        "who won the match",
        "play some music",
        "book a flight",
    ],
}

HELDOUT = {
    "greet": ["hello there, good afternoon", "hiya"],
    "goodbye": ["ok bye then", "see you soon"],
    "out_of_scope": ["how tall is everest", "recommend a film"],
}


@pytest.fixture
def tiny_project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    for package in ("bench", "scripts"):
        shutil.copytree(
            ROOT / package, root / package, ignore=shutil.ignore_patterns("__pycache__")
        )
    (root / ".venv").symlink_to(ROOT / ".venv")
    (root / "config.yml").write_text(CONFIG, encoding="utf-8")
    (root / "domain").mkdir()
    (root / "domain" / "core.yml").write_text(DOMAIN, encoding="utf-8")
    (root / "domain.yml").symlink_to("domain")
    (root / "data" / "core").mkdir(parents=True)
    (root / "data" / "core" / "rules.yml").write_text(RULES, encoding="utf-8")
    (root / "data" / "content").mkdir()
    (root / "data" / "content" / "languages.yml").write_text(
        "default: en\nlanguages:\n  en: {name: English, names: [en], script: latin}\n"
        'scripts:\n  latin: "a-zA-Z"\n',
        encoding="utf-8",
    )
    nlu_file(root / "data/nlu/en/core.yml", TRAINING)
    nlu_file(root / "tests/nlu/heldout/en.yml", HELDOUT)
    nlu_file(root / "tests/nlu/heldout/en_situations.yml", {"greet": ["hi, I have a question"]})
    nlu_file(root / "tests/nlu/heldout/en_health.yml", {"out_of_scope": ["I have a fever"]})
    nlu_file(root / "tests/nlu/dev/en.yml", {"goodbye": ["cheerio"]})
    return root


def run_merge(root: Path, export: Path, *options: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "PYTHONPATH": f"{root}{os.pathsep}{ROOT}",  # bench/ and scripts/ from the copy
        "RASA_TELEMETRY_ENABLED": "false",
        "TF_CPP_MIN_LOG_LEVEL": "3",
    }
    command = [sys.executable, "-m", "scripts.nlu_merge", str(export), *options]
    return subprocess.run(command, cwd=root, env=env, capture_output=True, text=True, timeout=600)


def test_a_merge_validates_trains_compares_and_replaces_the_model_in_the_project_only(
    tmp_path: Path, tiny_project: Path
):
    written_by_a_merge = [
        ROOT / "data/nlu/en/staff_reviewed.yml",
        ROOT / "data/nlu/ru/staff_reviewed.yml",
        ROOT / "models/pes.tar.gz",
    ]
    real_before = [path.exists() and path.stat().st_mtime_ns for path in written_by_a_merge]
    export = console_export(
        tmp_path / "export.yml",
        [
            ("greet", "howdy partner"),
            ("order_pizza", "one margherita please"),
            ("goodbye", "cheerio!"),
        ],
    )

    result = run_merge(tiny_project, export, "--tolerance", "1")

    assert result.returncode == 0, result.stdout + result.stderr[-3000:]
    assert "unknown intent or FAQ topic 'order_pizza'" in result.stdout
    assert "held-out or dev line 'cheerio'" in result.stdout
    assert "in-domain accuracy" in result.stdout and "heldout      en" in result.stdout
    staff_file = tiny_project / "data/nlu/en/staff_reviewed.yml"
    assert "    - howdy partner" in staff_file.read_text(encoding="utf-8")
    assert (tiny_project / "models/pes.tar.gz").stat().st_size > 0
    assert [p.exists() and p.stat().st_mtime_ns for p in written_by_a_merge] == real_before

    again = run_merge(tiny_project, export)
    assert again.returncode == 1, again.stdout + again.stderr[-3000:]
    assert "Already in training or twice in the export: 1" in again.stdout
    assert "Nothing new to merge." in again.stdout
