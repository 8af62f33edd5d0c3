"""Fixtures of the merge tests: a small PES project in tmp_path (see nlu_merge_project.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from nlu_merge_project import DOMAIN, nlu_file

from scripts.nlu_merge.export import Rules
from staff.domain_intents import intent_choices


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    (root / "domain").mkdir(parents=True)
    (root / "domain" / "core.yml").write_text(DOMAIN, encoding="utf-8")
    nlu_file(
        root / "data/nlu/en/core.yml",
        {"greet": ["hello there"], "faq/registration_documents": ["what papers do I need"]},
    )
    nlu_file(root / "data/nlu/ru/core.yml", {"greet": ["привет"]})
    nlu_file(
        root / "tests/nlu/heldout/en.yml",
        {"faq/benefit_amount": ["how much benefit will I get per month"]},
    )
    nlu_file(
        root / "tests/nlu/dev/ru.yml",
        {"faq/benefit_amount": ["сколько платят пособие по безработице"]},
    )
    return root


@pytest.fixture
def rules(project: Path) -> Rules:
    return Rules(
        labels=frozenset(intent_choices(project / "domain")),
        training_files=tuple(sorted((project / "data/nlu").rglob("*.yml"))),
        evaluation_files=tuple(sorted((project / "tests/nlu").rglob("*.yml"))),
        languages=("en", "ru"),
        default_language="en",
    )
