"""`python -m bot vacancies …` end to end, in a subprocess as an operator runs it: the gateway's
command line hands the arguments to the action server's (`python -m actions.vacancies`)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from actions.vacancies.importer import import_file
from actions.vacancies.local import read_stats

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture(autouse=True)
def own_database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An import also matches job alerts, in the database of DATABASE_URL: a throw-away one."""
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'pes.db'}")


def run_bot(*args: str) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "PYTHONPATH": str(ROOT)}
    environment.pop("TQDM_DISABLE", None)  # `make test` sets it; here the bar is under test
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
    )


def write_lines(path: Path, records: list[dict[str, object]]) -> Path:
    lines = [json.dumps(record, ensure_ascii=False) for record in records]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_import_reports_the_bad_line_and_keeps_the_good_ones(tmp_path: Path):
    source = write_lines(
        tmp_path / "vacancies.jsonl",
        [
            {"id": "v1", "title": "Сварщик", "employer": "ООО «Металл»", "city": "Казань"},
            {"id": "v2", "title": "Повар", "employer": "Кафе", "salary_min": -100},
            {"id": "v3", "title": "Welder", "employer": "Steel OÜ", "city": "Tallinn"},
        ],
    )
    index = tmp_path / "index" / "vacancies.db"

    result = run_bot("vacancies", "import", str(source), "--index", str(index))

    assert result.returncode == 0, result.stderr
    assert "imported 2, updated 0, skipped 1" in result.stdout
    assert "line 2: salary_min is negative" in result.stdout
    assert "Importing" in result.stderr  # the progress bar

    stats = run_bot("vacancies", "stats", "--index", str(index))
    assert stats.returncode == 0, stats.stderr
    assert stats.stdout.splitlines()[0] == f"2 vacancies in {index}"
    assert "Казань" in stats.stdout and "Tallinn" in stats.stdout


def test_a_file_that_cannot_be_imported_exits_1_and_leaves_the_index(tmp_path: Path):
    index = tmp_path / "vacancies.db"
    import_file(write_lines(tmp_path / "good.jsonl", [{"id": "v1", "title": "Повар"}]), index)
    broken = tmp_path / "broken.json"
    broken.write_text('{"results": {"vacancies": [{"vacancy": ', encoding="utf-8")

    result = run_bot("vacancies", "import", str(broken), "--index", str(index))

    assert result.returncode == 1
    assert "broken.json: not valid JSON" in result.stderr
    assert f"the index at {index} is unchanged" in result.stderr
    assert read_stats(index).count == 1
