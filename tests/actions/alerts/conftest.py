"""Job alert fixtures: a real vacancy index fed by imports (helpers: alert_data.py)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from alert_data import Import, numbers

from actions.vacancies.importer import import_file


@pytest.fixture
def index_path(tmp_path: Path) -> Path:
    return tmp_path / "vacancies.db"


@pytest.fixture
def import_vacancies(tmp_path: Path, index_path: Path) -> Import:
    def run(*records: dict[str, object]) -> None:
        path = tmp_path / f"import-{next(numbers)}.jsonl"
        path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n")
        assert import_file(path, index_path).errors == []

    return run
