"""The merge from export to model, with fake validate/train/evaluate steps (merge.py, __main__.py).

The fake steps stand in for `rasa data validate`, `rasa train` and the held-out evaluation: the
decisions around them — what is written, kept, restored and replaced — are what is tested here.
"""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from nlu_merge_project import console_export, scores

from bench.nlu_metrics import Scores
from scripts.nlu_merge import __main__ as command
from scripts.nlu_merge.export import Rules
from scripts.nlu_merge.merge import merge

STAFF_FILE = Path("data/nlu/en/staff_reviewed.yml")
MODEL = Path("models/pes.tar.gz")


@dataclass
class FakeSteps:
    """Figures of the current model and of the candidate; records what was done."""

    current: list[Scores] = field(default_factory=lambda: [scores(right=9, wrong=1)])
    candidate: list[Scores] = field(default_factory=lambda: [scores(right=10)])
    valid: bool = True
    training_fails: bool = False
    done: list[str] = field(default_factory=list)

    def validate(self) -> bool:
        self.done.append("validate")
        return self.valid

    def train(self, out: Path, name: str) -> Path:
        self.done.append(f"train {name}")
        if self.training_fails:
            raise subprocess.CalledProcessError(1, ["rasa", "train"])
        out.mkdir(parents=True, exist_ok=True)
        model = out / f"{name}.tar.gz"
        model.write_bytes(f"{name} model".encode())
        return model

    def evaluate(self, model: Path) -> list[Scores]:
        self.done.append(f"evaluate {model.name}")
        return self.candidate if model.name == "candidate.tar.gz" else self.current


@pytest.fixture
def export(tmp_path: Path) -> Path:
    return console_export(tmp_path / "export.yml", [("greet", "good evening assistant")])


@pytest.fixture
def project_with_model(project: Path) -> Path:
    (project / MODEL).parent.mkdir()
    (project / MODEL).write_bytes(b"current model")
    return project


def test_an_improvement_keeps_the_staff_file_and_replaces_the_model(
    export: Path, project_with_model: Path, rules: Rules, capsys: pytest.CaptureFixture[str]
):
    steps = FakeSteps()
    status = merge(export, project_with_model, rules, steps, tolerance=0.0)

    assert status == 0
    assert "good evening assistant" in (project_with_model / STAFF_FILE).read_text()
    assert (project_with_model / MODEL).read_bytes() == b"candidate model"
    assert steps.done == [
        "validate",
        "train candidate",
        "evaluate pes.tar.gz",
        "evaluate candidate.tar.gz",
    ]
    out = capsys.readouterr().out
    assert "0.900 → 1.000 (+0.100)" in out
    assert f"git add {STAFF_FILE} && git commit" in out


def test_a_drop_in_accuracy_refuses_restores_the_file_and_keeps_the_model(
    export: Path, project_with_model: Path, rules: Rules, capsys: pytest.CaptureFixture[str]
):
    steps = FakeSteps(current=[scores(right=10)], candidate=[scores(right=9, wrong=1)])
    status = merge(export, project_with_model, rules, steps, tolerance=0.0)

    assert status == 1
    assert not (project_with_model / STAFF_FILE).exists()
    assert (project_with_model / MODEL).read_bytes() == b"current model"
    out = capsys.readouterr().out
    assert "in-domain accuracy on heldout (en) fell by 0.100: 1.000 → 0.900" in out
    assert f"Restored {STAFF_FILE}" in out


def test_a_drop_within_the_tolerance_is_merged(
    export: Path, project_with_model: Path, rules: Rules
):
    steps = FakeSteps(current=[scores(right=10)], candidate=[scores(right=9, wrong=1)])
    assert merge(export, project_with_model, rules, steps, tolerance=0.1) == 0
    assert (project_with_model / MODEL).read_bytes() == b"candidate model"


def test_a_refused_merge_leaves_an_existing_staff_file_as_it_was(
    tmp_path: Path, project_with_model: Path, rules: Rules
):
    staff_file = project_with_model / STAFF_FILE
    staff_file.write_text(
        'version: "3.1"\nnlu:\n- intent: greet\n  examples: |\n    - hey you\n', encoding="utf-8"
    )
    before = staff_file.read_bytes()
    export = console_export(tmp_path / "more.yml", [("greet", "good evening assistant")])
    steps = FakeSteps(candidate=[scores(right=8, wrong=2)])

    assert merge(export, project_with_model, rules, steps, tolerance=0.0) == 1
    assert staff_file.read_bytes() == before


def test_invalid_data_refuses_and_restores_without_training(
    export: Path, project_with_model: Path, rules: Rules
):
    steps = FakeSteps(valid=False)
    assert merge(export, project_with_model, rules, steps, tolerance=0.0) == 1
    assert steps.done == ["validate"]
    assert not (project_with_model / STAFF_FILE).exists()


def test_a_failed_training_restores_the_file(export: Path, project_with_model: Path, rules: Rules):
    with pytest.raises(subprocess.CalledProcessError):
        merge(export, project_with_model, rules, FakeSteps(training_fails=True), tolerance=0.0)
    assert not (project_with_model / STAFF_FILE).exists()
    assert (project_with_model / MODEL).read_bytes() == b"current model"


def test_without_a_model_the_current_one_is_trained_before_the_examples_are_written(
    export: Path, project: Path, rules: Rules
):
    staff_file_when_training: list[bool] = []

    class Recording(FakeSteps):
        def train(self, out: Path, name: str) -> Path:
            staff_file_when_training.append((project / STAFF_FILE).exists())
            return super().train(out, name)

    steps = Recording()
    assert merge(export, project, rules, steps, tolerance=0.0) == 0
    assert steps.done[:2] == ["train pes", "validate"]
    assert staff_file_when_training == [False, True]
    assert (project / MODEL).read_bytes() == b"candidate model"


def test_an_export_with_nothing_acceptable_trains_nothing_and_fails(
    tmp_path: Path, project_with_model: Path, rules: Rules, capsys: pytest.CaptureFixture[str]
):
    export = console_export(tmp_path / "export.yml", [("order_pizza", "one margherita")])
    steps = FakeSteps()
    assert merge(export, project_with_model, rules, steps, tolerance=0.0) == 1
    assert steps.done == []
    assert "'one margherita' as order_pizza: unknown intent" in capsys.readouterr().out


def test_an_export_already_in_training_changes_nothing_and_succeeds(
    tmp_path: Path, project_with_model: Path, rules: Rules, capsys: pytest.CaptureFixture[str]
):
    export = console_export(tmp_path / "export.yml", [("greet", "Hello there")])
    steps = FakeSteps()
    assert merge(export, project_with_model, rules, steps, tolerance=0.0) == 0
    assert steps.done == []
    assert not (project_with_model / STAFF_FILE).exists()
    assert "Already in training or twice in the export: 1" in capsys.readouterr().out


def test_the_command_refuses_a_file_that_is_not_an_export_before_anything_runs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
):
    missing = tmp_path / "no-such-export.yml"
    monkeypatch.setattr(sys, "argv", ["merge", str(missing)])
    assert command.main() == 2
    assert str(missing) in capsys.readouterr().err


def test_the_command_refuses_a_negative_tolerance(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(sys, "argv", ["merge", "export.yml", "--tolerance", "-0.1"])
    with pytest.raises(SystemExit) as exit:
        command.main()
    assert exit.value.code == 2
